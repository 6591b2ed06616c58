// The engine's state on the page: a row per job, the fuel rate it claims at, earnings, the saved state and the content
// cache, and its health. Synchronous (the engine's records are in SQLite in memory): the page renders every 500 ms,
// and once more just before the engine stops for a withdrawal, so the last state shown is the final one.
import type { TabEngine } from "./engine/start.js";
import { $, tokens } from "./page.js";

interface JobRow {
  job_id: string;
  state: string;
  output_hash: string | null;
  reason: string | null;
  exec_ms: number | null;
  earned: string | null;
  slashed: string | null;
}

export function renderEngine(tab: TabEngine): void {
  const { engine, db, config, cache } = tab;
  const rows = db
    .prepare(
      "SELECT job_id, state, output_hash, reason, exec_ms, earned, slashed FROM jobs ORDER BY CAST(job_id AS INTEGER)",
    )
    .all() as JobRow[];
  const body = $("#jobs tbody");
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.jobId = r.job_id;
      tr.dataset.state = r.state;
      tr.dataset.outputHash = r.output_hash ?? "";
      tr.dataset.reason = r.reason ?? "";
      if (r.reason) tr.title = r.reason;
      tr.dataset.execMs = String(r.exec_ms ?? "");
      for (const text of [
        r.job_id,
        r.state,
        r.output_hash ?? "–",
        r.exec_ms == null ? "–" : `${r.exec_ms} ms`,
        tokens(r.earned),
        tokens(r.slashed),
      ]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
  // The rate the engine claims at (its config): jobs whose fuel limit it cannot burn before the deadline are left.
  const rate = $("#fuel-rate");
  rate.dataset.fuelPerSecond = String(config.provider.fuelPerSecond);
  rate.textContent = `${((config.provider.fuelPerSecond ?? 0) / 1e6).toFixed(0)} M fuel/s (${
    rate.dataset.source === "measured"
      ? "measured at start: the slowest of the four calibration workloads in this tab's Web Worker"
      : rate.dataset.source === "reused"
        ? "as last measured: restarted only to finish held jobs for a withdrawal"
        : "given in the query string"
  })`;
  const totals = engine.stores.jobs.totals();
  $("#earned").textContent = `${tokens(totals.earned)} / ${tokens(totals.slashed)} tokens`;
  $("#earned").dataset.earned = totals.earned.toString();
  $("#earned").dataset.slashed = totals.slashed.toString();
  const storage = $("#storage");
  storage.dataset.saves = String(db.saves);
  storage.dataset.lastSaveMs = db.lastSaveMs.toFixed(1);
  storage.textContent = `SQLite ${(db.sizeBytes / 1024).toFixed(0)} KiB in IndexedDB, ${db.saves} saves, the last took ${db.lastSaveMs.toFixed(1)} ms`;
  const cached = $("#content-cache");
  cached.dataset.entries = String(cache.count);
  cached.textContent = `${cache.count} files, ${(cache.sizeBytes / 1024).toFixed(0)} KiB of ${cache.maxBytes / 2 ** 20} MiB in IndexedDB (least recently used dropped first; kept across reloads)`;
  const h = engine.health();
  $("#engine").dataset.serviceState = h.state;
  $("#engine").textContent =
    `${h.state}${h.ok ? "" : ` (${h.problems.join("; ")})`}: head ${h.head}, cursor ${h.cursor}, jobs ${JSON.stringify(h.jobs)}`;
}
