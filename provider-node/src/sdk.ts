// The one place the node imports the SDK from (ABIs, bindings, helpers): switching to package subpath
// exports later touches this file only.
export * from "../../sdk/src/index.js";
