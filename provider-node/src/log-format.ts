/** How the node writes its logs: one JSON object a line (for collectors), or one readable line (for a person). */
export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

// Fields every line carries, shown in the line's head or not at all: a person reading one node's output knows which.
const HEAD = new Set(["time", "level", "msg", "service"]);

/**
 * The format to use: `--log-format` when given, else the config's `log.format` (or HASHWORK_NODE_LOG__FORMAT),
 * else pretty on a terminal and JSON anywhere else (journald, a pipe, a file), where a program reads the lines.
 */
export function chooseLogFormat(
  flag: string | undefined,
  configured: LogFormat | undefined,
  isTTY: boolean,
): LogFormat {
  if (flag !== undefined && !(LOG_FORMATS as readonly string[]).includes(flag))
    throw new Error(`--log-format must be one of ${LOG_FORMATS.join(", ")}, not "${flag}"`);
  return (flag as LogFormat | undefined) ?? configured ?? (isTTY ? "pretty" : "json");
}

/**
 * One of pino's JSON lines as one readable line: `2026-12-05 14:20:01.532 INFO  claim sent jobId=7 block=1203`.
 * Fields follow the message as key=value, quoted when they hold spaces; an error shows as its type and message (the
 * JSON format keeps the stack). A line that is not JSON passes through.
 */
export function prettyLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const time = typeof entry.time === "string" ? entry.time.replace("T", " ").replace(/Z$/, "") : "";
  const level = String(entry.level ?? "")
    .toUpperCase()
    .padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !HEAD.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  return `${[time, level, oneLine(String(entry.msg ?? "")), ...fields].filter(Boolean).join(" ")}\n`;
}

function fieldText(value: unknown): string {
  if (isError(value)) return quoted(`${value.type}: ${value.message}`);
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : quoted(value);
  return oneLine(JSON.stringify(value) ?? String(value));
}

/** pino's serialised error: `{ type, message, stack, … }`. */
function isError(value: unknown): value is { type: string; message: string } {
  return value !== null && typeof value === "object" && "type" in value && "message" in value && "stack" in value;
}

function quoted(text: string): string {
  return JSON.stringify(text); // escapes quotes and newlines, so the line stays one line
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, "\\n");
}
