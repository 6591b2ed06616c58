import { network } from "hardhat";
import { setupMarket } from "./lib/lifecycle.js";
const n = Number(process.env.N ?? 3000);
const conn = await network.create();
const t = Date.now();
await setupMarket(conn, n);
console.error(`setup ${n} in ${Date.now() - t} ms`);
