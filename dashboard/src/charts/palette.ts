/** Series colours, one meaning each across every chart. */
export const COLORS = {
  posted: "#64748b",
  completed: "#16a34a",
  inputUnavailable: "#0ea5e9",
  noConsensus: "#f97316",
  noClaims: "#a3a3a3",
  noResult: "#dc2626",
  cancelled: "#7c3aed",
  volume: "#2563eb",
  fees: "#f59e0b",
  median: "#0f766e",
  mean: "#a855f7",
  slashed: "#dc2626",
  stake: "#2563eb",
  providers: "#16a34a",
  earnings: "#16a34a",
  reputation: "#7c3aed",
  withheld: "#b45309",
  audited: "#ea580c",
  decided: "#94a3b8",
  upheld: "#16a34a",
  overturned: "#dc2626",
  noVerdict: "#a3a3a3",
  challenged: "#0ea5e9",
  pool: "#0f766e",
  verifierPay: "#7c3aed",
} as const;

/** Shared axis and grid styling. */
export const AXIS_TICK = { fontSize: 11, fill: "#475569" };
export const CHART_HEIGHT = 240;
