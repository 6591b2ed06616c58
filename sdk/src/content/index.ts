export { KuboStore, type KuboStoreOptions } from "./kubo-store.js";
export type { KuboVersion } from "./kubo-version.js";
export {
  LOCAL_STORE_VERSION,
  startLocalStoreServer,
  type LocalStoreServer,
  type LocalStoreServerOptions,
} from "./local-server.js";
export { LocalStore } from "./local-store.js";
export {
  DEFAULT_MAX_GET_BYTES,
  type CallOptions,
  type ContentStore,
  type GetOptions,
  type PutResult,
} from "./store.js";
