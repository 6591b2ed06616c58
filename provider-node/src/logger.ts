import { pino, type DestinationStream, type Logger } from "pino";
import { prettyLogLine, type LogFormat } from "./log-format.js";

export type { Logger };

/**
 * Logs on stdout: JSON (one object a line), or with `format: "pretty"` each line rewritten for a person to read (see
 * log-format.ts). Child loggers carry `jobId`, `block` and `tx` fields. Paths that could ever hold secrets are
 * redacted as a second line of defence: the node never passes keys to a logger.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}, format: LogFormat = "json"): Logger {
  const options = {
    level,
    base: { service: "hashwork-node", ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["privateKey", "*.privateKey", "password", "*.password", "mnemonic", "*.mnemonic", "salt", "*.salt"],
      censor: "[redacted]",
    },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (format === "json") return pino(options);
  // pino writes each line whole to the stream, so formatting one write at a time formats one line at a time.
  const pretty: DestinationStream = { write: (line) => void process.stdout.write(prettyLogLine(line)) };
  return pino(options, pretty);
}
