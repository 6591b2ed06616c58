import { pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout (one object a line). Child loggers carry `jobId`, `block` and `tx` fields. Paths that
 * could ever hold secrets are redacted as a second line of defence: the node never passes keys to a logger.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "hashwork-node", ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["privateKey", "*.privateKey", "password", "*.password", "mnemonic", "*.mnemonic", "salt", "*.salt"],
      censor: "[redacted]",
    },
    formatters: { level: (label) => ({ level: label }) },
  });
}
