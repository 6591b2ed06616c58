// What every part of the provider page shares: element lookup, the log, token amounts, error text.
import { formatUnits } from "ethers";

export const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

export function log(line: string): void {
  const pre = $("#log");
  pre.textContent = `${line}\n${pre.textContent ?? ""}`.slice(0, 20_000);
}

/** Token units (18 decimals) as whole tokens; "–" when unknown. */
export const tokens = (units: bigint | string | null | undefined) => (units == null ? "–" : formatUnits(units, 18));

/** An error's most readable line: ethers' short message (no calldata dump), else its message. */
export function errorText(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return e.shortMessage ?? e.message ?? String(error);
}

/** Shows `text` in `el` with its machine-readable state (what the e2e test and a screen reader's user both rely on). */
export function show(el: HTMLElement, state: string, text: string): void {
  el.dataset.state = state;
  el.textContent = text;
}
