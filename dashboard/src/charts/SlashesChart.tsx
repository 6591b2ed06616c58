import { Bar, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod, tokensForChart } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/** Slash events per period by fault (left axis) and the collateral slashed (right axis, tokens). */
export function SlashesChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    dissent: p.dissentSlashes,
    noShow: p.noShowSlashes,
    amount: tokensForChart(p.slashedAmount),
  }));
  return (
    <ChartPanel
      testId="panel-slashes"
      title={`Slash events per ${kind}`}
      note="Dissent: a hash that lost consensus, a result overturned by a dispute, or a verifier outside the majority. No-show: a replica or verifier slot never delivered. Market and court slashes alike."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis yAxisId="count" allowDecimals={false} tick={AXIS_TICK} width={32} />
            <YAxis yAxisId="amount" orientation="right" tick={AXIS_TICK} width={48} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="count"
              dataKey="dissent"
              name="Dissent"
              stackId="s"
              fill={COLORS.noConsensus}
              isAnimationActive={false}
            />
            <Bar
              yAxisId="count"
              dataKey="noShow"
              name="No-show"
              stackId="s"
              fill={COLORS.noResult}
              isAnimationActive={false}
            />
            <Bar
              yAxisId="amount"
              dataKey="amount"
              name="Slashed (tokens)"
              fill={COLORS.posted}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`slashes-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            { key: "count", header: "Slashes", numeric: true, cell: (p) => p.slashCount },
            { key: "dissent", header: "Dissent", numeric: true, cell: (p) => p.dissentSlashes },
            { key: "noShow", header: "No-show", numeric: true, cell: (p) => p.noShowSlashes },
            { key: "amount", header: "Slashed", numeric: true, cell: (p) => <Tokens wei={p.slashedAmount} /> },
          ]}
        />
      }
    />
  );
}
