// Revert decoding lives in the SDK (one list of every contract's custom errors for the node and the CLI).
export {
  decodeContractError as decodeRevert,
  isContractRevert as isRevert,
  revertDataOf as revertData,
} from "../sdk.js";
