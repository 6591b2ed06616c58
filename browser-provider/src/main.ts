// The page: pick a bundle, its module and its input; each run appends a row with its verdict, fuel and speed.
import { fuelPerSecond, runBundle, type RunReport } from "./run-bundle.js";
import "./style.css";

const form = document.querySelector<HTMLFormElement>("#job")!;
const status = document.querySelector<HTMLElement>("#status")!;
const rows = document.querySelector<HTMLTableSectionElement>("#runs tbody")!;
const fileInput = (id: string) => document.querySelector<HTMLInputElement>(`#${id}`)!;
let runs = 0;

async function bytesOf(input: HTMLInputElement): Promise<Uint8Array | null> {
  const file = input.files?.[0];
  return file ? new Uint8Array(await file.arrayBuffer()) : null;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void submit();
});

async function submit(): Promise<void> {
  const bundleInput = fileInput("bundle");
  const [bundle, module, input] = await Promise.all(["bundle", "module", "input"].map((id) => bytesOf(fileInput(id))));
  if (!bundle || !module) return;
  const run = ++runs;
  status.textContent = `Running #${run}…`;
  const report = await runBundle({ bundleName: bundleInput.files![0]!.name, bundle, module, input });
  rows.append(rowOf(run, report));
  status.textContent = `#${run}: ${report.kind === "output" ? "output" : report.code} in ${report.runMs.toFixed(1)} ms.`;
}

/** One run as a table row; its data-* attributes carry the exact values (the cells are abbreviated). */
function rowOf(run: number, report: RunReport): HTMLTableRowElement {
  const row = document.createElement("tr");
  row.dataset.run = String(run);
  for (const [key, value] of Object.entries(report)) if (value !== undefined) row.dataset[key] = String(value);
  const speed = fuelPerSecond(report);
  const cells = [
    String(run),
    report.bundleName,
    report.kind === "output" ? "output" : `${report.kind}: ${report.code}`,
    abbreviate(report.outputHash),
    report.fuelUsed ?? "—",
    abbreviate(report.resultWord),
    `${report.runMs.toFixed(1)} ms`,
    `${report.wallMs.toFixed(0)} ms`,
    speed > 0 ? `${(speed / 1e6).toFixed(1)} M` : "—",
  ];
  for (const text of cells) row.append(Object.assign(document.createElement("td"), { textContent: text }));
  if (report.message) row.title = report.message;
  return row;
}

const abbreviate = (hex?: string) => (hex ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : "—");
