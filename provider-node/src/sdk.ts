// The one place the node imports the SDK from (ABIs, bindings, helpers), by package name.
export * from "@hashwork/sdk";
