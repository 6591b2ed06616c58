import { prepareResolveDispute } from "../../actions/resolveDispute.js";
import { sleep } from "../../errors/index.js";
import type { DisputeCourt } from "../../typechain/index.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { formatAmount, formatDuration, type TokenInfo } from "../format.js";
import type { Output } from "../output.js";
import { simulateAndSend } from "../tx.js";
import { disputeEvents, type DisputeEvent } from "./events.js";

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

export interface FollowDisputeOptions {
  fromBlock: number;
  timeoutMs: number;
  pollMs?: number;
  /** How long a resolvable dispute is left to its verifiers (who resolve it as part of their work) before we do. */
  resolveGraceMs?: number;
}

export interface FollowDisputeResult {
  events: DisputeEvent[];
  resolved: Extract<DisputeEvent, { type: "resolved" }>;
  /** Our resolve transaction, when we sent it. */
  resolveTx?: string;
}

/**
 * Follows a dispute by polling its court events until DisputeResolved; once it is resolvable and nobody
 * resolved it within the grace period, resolves it (anyone may).
 */
export async function followDispute(
  ctx: Context,
  court: DisputeCourt,
  jobId: bigint,
  view: DisputeProgressView,
  o: FollowDisputeOptions,
): Promise<FollowDisputeResult> {
  const { provider } = await ctx.chain();
  const pollMs = o.pollMs ?? 500;
  const graceMs = o.resolveGraceMs ?? 5_000;
  const giveUpAt = Date.now() + o.timeoutMs;
  const events: DisputeEvent[] = [];
  let cursor = o.fromBlock;
  let resolvableSince: number | undefined;
  let resolveTx: string | undefined;
  let canResolve = true;

  for (;;) {
    const head = await provider.getBlockNumber();
    if (head >= cursor) {
      const fresh = await disputeEvents(provider, court, jobId, cursor, head);
      cursor = head + 1;
      for (const event of fresh) {
        events.push(event);
        view.update(event);
        if (event.type === "resolved") return { events, resolved: event, resolveTx };
      }
    }
    if (canResolve && (await court.isResolvable(jobId))) {
      resolvableSince ??= Date.now();
      if (Date.now() - resolvableSince >= graceMs) {
        try {
          const wallet = await ctx.signer();
          view.note("resolvable and nobody resolved it yet: resolving it now");
          const call = prepareResolveDispute(court.connect(wallet), { jobId });
          resolveTx = (await simulateAndSend(wallet, call, ctx.output)).hash;
        } catch (error) {
          // Someone else resolved first (the events show it on the next poll), or we have no key.
          if (error instanceof CliError && error.exitCode === ExitCode.Usage) canResolve = false;
        }
      }
    } else resolvableSince = undefined;

    if (Date.now() > giveUpAt) {
      throw new CliError(
        ExitCode.TimedOut,
        "WAIT_TIMED_OUT",
        `The dispute of job ${jobId} was not resolved within ${formatDuration(Math.round(o.timeoutMs / 1000))}.`,
        { hint: `It goes on on-chain: follow it again with \`hashwork job dispute ${jobId} --wait\`.` },
      );
    }
    await sleep(pollMs);
  }
}

/**
 * A dispute's progress, in the style of `job wait`: a terminal gets one line per phase redrawn in place,
 * a pipe gets one line per event, `--json` gets JSON lines on stderr.
 */
export class DisputeProgressView {
  private drawn = 0;
  private committed = 0;
  private revealed = 0;
  private verdict = "";
  private drawnLines = 0;

  constructor(
    private readonly output: Output,
    private readonly jobId: bigint,
    private readonly verifiers: number,
    private readonly token: TokenInfo,
  ) {}

  update(event: DisputeEvent): void {
    this.output.event({ jobId: this.jobId, ...event });
    if (this.output.json) return;
    switch (event.type) {
      case "drawn":
        this.drawn++;
        break;
      case "verdict-committed":
        this.committed++;
        break;
      case "verdict-revealed":
        this.revealed++;
        break;
      case "resolved":
        this.verdict = event.verdict;
        break;
      default:
        return;
    }
    if (this.output.interactive) this.redraw();
    else this.output.raw(`dispute ${this.jobId}: ${describeDisputeEvent(event, this.token)}\n`);
  }

  note(message: string): void {
    if (this.output.json) return;
    if (this.output.interactive) {
      this.output.raw(`${message}\n`);
      this.drawnLines = 0;
    } else this.output.raw(`dispute ${this.jobId}: ${message}\n`);
  }

  private redraw(): void {
    const n = this.verifiers;
    const tick = (done: boolean) => (done ? "✔" : "…");
    const lines = [
      `${tick(this.drawn >= n)} drawn      ${this.drawn}/${n}`,
      `${tick(this.committed >= n)} committed  ${this.committed}/${n}`,
      `${tick(this.revealed >= n)} revealed   ${this.revealed}/${n}`,
      `${tick(this.verdict !== "")} resolved   ${this.verdict}`,
    ];
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : "";
    this.output.raw(up + lines.map((line) => `\x1b[2K${line}\n`).join(""));
    this.drawnLines = lines.length;
  }
}

export function describeDisputeEvent(event: DisputeEvent, token: TokenInfo): string {
  switch (event.type) {
    case "opened":
      return `opened by ${short(event.challenger)} with a ${formatAmount(event.bond, token)} bond (${event.verifiers} verifiers)`;
    case "drawn":
      return `verifier ${event.slot + 1} drawn: ${short(event.verifier)}`;
    case "verdict-committed":
      return `verdict committed by ${short(event.verifier)}`;
    case "verdict-revealed":
      return `verdict revealed by ${short(event.verifier)}: ${event.resultHash}`;
    case "resolved":
      return `resolved: ${event.verdict}`;
  }
}
