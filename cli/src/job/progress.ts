import { formatAmount, type TokenInfo } from "../format.js";
import type { Output } from "../output.js";
import type { JobEvent } from "@hashwork/sdk/requester";

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * Shows a job's progress while it is followed. A terminal gets one line per phase redrawn in place
 * (claimed 1/3 → 2/3 …); a pipe or file gets one line per event; `--json` gets JSON lines on stderr.
 */
export class ProgressView {
  private claimed = 0;
  private committed = 0;
  private audit = "";
  private revealed = 0;
  private verification = "";
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
      case "committed":
        this.committed++;
        break;
      case "audit-decided":
        this.audit = event.audited ? "audited" : "not audited";
        break;
      case "revealed":
        this.revealed++;
        break;
      case "verification-started":
        this.verification = `panel (${event.reason})`;
        break;
      case "round-closed":
        if (event.round > 0) this.verification = `round ${event.round} closed`;
        break;
      case "settled":
        this.settled = event.outcome;
        break;
      case "cancelled":
        this.settled = "cancelled";
        break;
      default:
        break;
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
      `${tick(this.committed >= k)} committed  ${this.committed}/${k}`,
      `${tick(this.audit !== "")} audit      ${this.audit}`,
      `${tick(this.revealed >= k)} revealed   ${this.revealed}/${k}`,
      ...(this.verification ? [`${tick(this.settled !== "")} court      ${this.verification}`] : []),
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
      return `posted by ${short(event.requester)} (${event.replicas} replica${event.replicas === 1 ? "" : "s"}, ${event.maxFuel} fuel)`;
    case "claimed":
      return `claimed slot ${event.slot} by ${short(event.provider)} at ${formatAmount(event.pricePerMfuel, token)}/Mfuel`;
    case "committed":
      return `result committed by ${short(event.provider)}`;
    case "audit-decided":
      return event.audited ? "audited: a blind auditor re-executes it before reveals" : "not audited";
    case "revealed":
      return `result revealed by ${short(event.provider)}: output ${event.outputHash}, ${event.fuelUsed} fuel`;
    case "verification-started":
      return `sent to the court's panel (${event.reason})`;
    case "challenged":
      return `challenged by ${short(event.challenger)} with a ${formatAmount(event.bond, token)} bond`;
    case "round-opened":
      return event.round === 0 ? "audit round opened" : `panel round ${event.round} opened (${event.seats} seats)`;
    case "verifier-drawn":
      return `${event.round === 0 ? "auditor" : "verifier"} ${short(event.verifier)} drawn (round ${event.round})`;
    case "verdict-committed":
      return `verdict committed by ${short(event.verifier)} (round ${event.round})`;
    case "verdict-revealed":
      return `verdict revealed by ${short(event.verifier)} (round ${event.round}): output ${event.outputHash}, ${event.fuelUsed} fuel`;
    case "round-closed":
      return `round ${event.round} closed: ${/^0x0+$/.test(event.majority) ? "no majority" : `majority ${event.majority}`}`;
    case "verification-finalized":
      return /^0x0+$/.test(event.verdict)
        ? `verification ended without a verdict (${event.rounds} round${event.rounds === 1 ? "" : "s"})`
        : `verification final: verdict ${event.verdict}`;
    case "slashed":
      return `${short(event.provider)} slashed ${formatAmount(event.amount, token)} (${event.reason})`;
    case "provider-paid":
      return `${short(event.provider)} paid ${formatAmount(event.payment + event.bonus, token)}`;
    case "challenge-settled":
      return `challenge ${event.won ? "won" : "lost or undecided"}: ${formatAmount(event.bondReturned + event.reward, token)} to the challenger`;
    case "settled":
      return `settled: ${event.outcome} (${event.fuelUsed} fuel, paid ${formatAmount(event.paid, token)}, refund ${formatAmount(event.refund + event.compensation, token)})`;
    case "cancelled":
      return `cancelled, ${formatAmount(event.refund, token)} refundable`;
  }
}
