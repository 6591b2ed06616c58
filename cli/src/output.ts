import { jsonSafe } from "./format.js";
import type { CliError } from "./errors.js";

/** Where a command writes; injectable so unit tests capture output instead of printing it. */
export interface Streams {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

/**
 * Whether the environment asks for plain text: NO_COLOR (https://no-color.org, any non-empty value) or a terminal
 * that interprets no escape sequences (TERM=dumb). The CLI prints no colours; its only ANSI sequences are the
 * progress view's cursor moves, which then give way to one line per event, as on a pipe.
 */
export function wantsPlainText(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.NO_COLOR) || env.TERM === "dumb";
}

/**
 * The one place commands print. Human mode: results on stdout, notes and progress on stderr. `--json` mode:
 * exactly one JSON document on stdout (the result, or `{ "error": … }`), progress as JSON lines on stderr,
 * so `hashwork … --json | jq` always sees valid JSON.
 */
export class Output {
  constructor(
    readonly json: boolean,
    readonly streams: Streams = process,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Whether stderr is a terminal that takes escape sequences (progress may redraw lines in place). */
  get interactive(): boolean {
    return !this.json && this.streams.stderr.isTTY === true && !wantsPlainText(this.env);
  }

  /** The command's result: `value` as JSON, or `human(value)` as text. */
  result<T extends object>(value: T, human: (value: T) => string): void {
    if (this.json) this.streams.stdout.write(`${JSON.stringify(jsonSafe(value), null, 2)}\n`);
    else this.streams.stdout.write(`${human(value)}\n`);
  }

  /** A step the user should know about ("approved 2 HWK"); silent in --json mode. */
  note(message: string): void {
    if (!this.json) this.streams.stderr.write(`${message}\n`);
  }

  /** A progress event: a JSON line on stderr in --json mode; human progress is drawn by `ProgressView`. */
  event(event: Record<string, unknown>): void {
    if (this.json) this.streams.stderr.write(`${JSON.stringify(jsonSafe(event))}\n`);
  }

  /** Raw text on stderr (human mode only), for the progress view. */
  raw(text: string): void {
    if (!this.json) this.streams.stderr.write(text);
  }

  error(error: CliError): void {
    if (this.json) {
      const body = {
        error: {
          code: error.code,
          exitCode: error.exitCode,
          message: error.shortMessage,
          ...(error.hint ? { hint: error.hint } : {}),
          ...(error.details ? { details: error.details } : {}),
          ...(error.data ? { data: error.data } : {}),
        },
      };
      this.streams.stdout.write(`${JSON.stringify(jsonSafe(body), null, 2)}\n`);
      return;
    }
    let text = `error: ${error.shortMessage}\n`;
    if (error.details) text += `  ${error.details.split("\n").join("\n  ")}\n`;
    if (error.hint) text += `  → ${error.hint}\n`;
    this.streams.stderr.write(text);
  }
}
