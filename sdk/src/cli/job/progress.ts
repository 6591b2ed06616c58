import { formatAmount, type TokenInfo } from "../format.js";
import type { Output } from "../output.js";
import type { JobEvent } from "./events.js";

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * Shows a job's progress while it is followed. A terminal gets one line per phase redrawn in place
 * (claimed 1/3 → 2/3 …); a pipe or file gets one line per event; `--json` gets JSON lines on stderr.
 */
export class ProgressView {
  private claimed = 0;
  private delivered = 0;
  private revealed = 0;
  private settled = "";
  private drawnLines = 0;

  constructor(
    private readonly output: Output,
    private readonly jobId: bigint,
    private readonly replicas: number,
    private readonly token: TokenInfo,
  ) {}

  update(event: JobEvent): void {
    this.output.event({ jobId: this.jobId, ...event });
    if (this.output.json) return;
    switch (event.type) {
      case "claimed":
        this.claimed++;
        break;
      case "submitted":
      case "committed":
        this.delivered++;
        break;
      case "revealed":
        this.revealed++;
        break;
      case "settled":
        this.settled = event.outcome;
        break;
      case "cancelled":
        this.settled = "cancelled";
        break;
      default:
        return;
    }
    if (this.output.interactive) this.redraw();
    else this.output.raw(`job ${this.jobId}: ${describe(event, this.token)}\n`);
  }

  /** A free-form line (e.g. "settling it ourselves"), kept below the progress block. */
  note(message: string): void {
    if (this.output.json) return;
    if (this.output.interactive) {
      this.output.raw(`${message}\n`);
      this.drawnLines = 0; // the block is now above the note; start a fresh one on the next update
    } else this.output.raw(`job ${this.jobId}: ${message}\n`);
  }

  private redraw(): void {
    const k = this.replicas;
    const tick = (done: boolean) => (done ? "✔" : "…");
    const lines = [
      `${tick(this.claimed >= k)} claimed    ${this.claimed}/${k}`,
      `${tick(this.delivered >= k)} ${k === 1 ? "submitted " : "committed "} ${this.delivered}/${k}`,
      ...(k === 1 ? [] : [`${tick(this.revealed >= k)} revealed   ${this.revealed}/${k}`]),
      `${tick(this.settled !== "")} settled    ${this.settled}`,
    ];
    // Move the cursor up over the previous block and rewrite it line by line.
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : "";
    this.output.raw(up + lines.map((line) => `\x1b[2K${line}\n`).join(""));
    this.drawnLines = lines.length;
  }
}

export function describe(event: JobEvent, token: TokenInfo): string {
  switch (event.type) {
    case "posted":
      return `posted by ${short(event.requester)} (${event.replicas} replica${event.replicas === 1 ? "" : "s"})`;
    case "claimed":
      return `claimed slot ${event.slot} by ${short(event.provider)} at ${formatAmount(event.price, token)}`;
    case "submitted":
      return `result submitted by ${short(event.provider)}: ${event.resultHash}`;
    case "committed":
      return `result committed by ${short(event.provider)}`;
    case "revealed":
      return `result revealed by ${short(event.provider)}: ${event.resultHash}`;
    case "settled":
      return `settled: ${event.outcome}`;
    case "cancelled":
      return `cancelled, ${formatAmount(event.refund, token)} refundable`;
  }
}
