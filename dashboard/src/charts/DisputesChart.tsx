import { Bar, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/** Disputes opened per period beside those resolved, by verdict; bonds and the court's slashes in the table. */
export function DisputesChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    opened: p.disputesOpened,
    upheld: p.disputesUpheld,
    overturned: p.disputesOverturned,
    inconclusive: p.disputesInconclusive,
  }));
  return (
    <ChartPanel
      testId="panel-disputes"
      title={`Disputes per ${kind}`}
      note="Opened: k = 1 results challenged with a bond. Resolved by the verifiers' verdict: upheld (the result stands), overturned (the provider is slashed, the requester refunded), inconclusive (no majority; the bond goes back)."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={32} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="opened" name="Opened" fill={COLORS.disputed} isAnimationActive={false} />
            <Bar dataKey="upheld" name="Upheld" stackId="v" fill={COLORS.upheld} isAnimationActive={false} />
            <Bar
              dataKey="overturned"
              name="Overturned"
              stackId="v"
              fill={COLORS.overturned}
              isAnimationActive={false}
            />
            <Bar
              dataKey="inconclusive"
              name="Inconclusive"
              stackId="v"
              fill={COLORS.inconclusive}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`disputes-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            { key: "opened", header: "Opened", numeric: true, cell: (p) => p.disputesOpened },
            { key: "upheld", header: "Upheld", numeric: true, cell: (p) => p.disputesUpheld },
            { key: "overturned", header: "Overturned", numeric: true, cell: (p) => p.disputesOverturned },
            { key: "inconclusive", header: "Inconclusive", numeric: true, cell: (p) => p.disputesInconclusive },
            { key: "bonds", header: "Bonds", numeric: true, cell: (p) => <Tokens wei={p.bonds} /> },
            {
              key: "slashed",
              header: "Court slashed",
              numeric: true,
              cell: (p) => <Tokens wei={p.disputeSlashedAmount} />,
            },
          ]}
        />
      }
    />
  );
}
