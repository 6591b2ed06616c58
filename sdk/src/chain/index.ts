export { connectProvider, marketContracts, probeChainId, type MarketContracts } from "./connect.js";
export { queryChunked, type RangeQuery } from "./logs.js";
export { simulateAndSend, type SentCall, type SimulateAndSendOptions } from "./send.js";
