import {
  calibrate,
  executeInBrowser,
  measureStackKiB,
  type CalibrationName,
  type FuelRate,
} from "@hashwork/sdk/executor/browser";
import { startWorker } from "./parts.js";

// The SDK's committed calibration modules (sdk/workloads/build/), bundled with the page as assets.
const MODULES: Record<CalibrationName, URL> = {
  sha256: new URL("../../../sdk/workloads/build/sha256.wasm", import.meta.url),
  mandelbrot: new URL("../../../sdk/workloads/build/mandelbrot.wasm", import.meta.url),
  primes: new URL("../../../sdk/workloads/build/primes.wasm", import.meta.url),
  wordfreq: new URL("../../../sdk/workloads/build/wordfreq.wasm", import.meta.url),
};

async function moduleOf(name: CalibrationName): Promise<Uint8Array> {
  const response = await fetch(MODULES[name]);
  if (!response.ok) throw new Error(`calibration module ${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * This tab's fuel per second, measured as the node measures its machine at boot (the SDK's `calibrate`, the loop of
 * `measureFuelRate`): the slowest of the four calibration workloads, each run in a fresh Web Worker as jobs run.
 */
export function measureTabFuelRate(): Promise<FuelRate> {
  return calibrate((bundle, source) => executeInBrowser(bundle, source, { startWorker }), moduleOf);
}

/**
 * The largest bundle stack budget (`limits.stackKiB`) this tab runs to its end: the SDK's stack probe in a fresh Web
 * Worker (whose stack a page cannot size; ~1 MiB in Chromium). The engine never claims a bundle that asks for more.
 */
export function measureTabStackKiB(): Promise<number> {
  return measureStackKiB((bundle, source) => executeInBrowser(bundle, source, { startWorker }));
}
