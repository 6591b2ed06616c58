// The one place the devnet imports the SDK from (bindings, actions, bundles, content store, workloads).
export * from "@hashwork/sdk";
