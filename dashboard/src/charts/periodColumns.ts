import type { Column } from "../components/DataTable";
import { formatPeriod } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";

export type PeriodKind = "day" | "hour";

/** The first column of every period table: the day or hour it covers (UTC). */
export function periodColumn(kind: PeriodKind): Column<MarketPeriod> {
  return {
    key: "period",
    header: kind === "day" ? "Day (UTC)" : "Hour (UTC)",
    cell: (p) => formatPeriod(p.date, kind),
  };
}

/** Chart rows run oldest → newest; tables list newest first. */
export function chronological<T>(newestFirst: T[]): T[] {
  return [...newestFirst].reverse();
}
