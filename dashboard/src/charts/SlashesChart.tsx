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
    withheld: p.withheldSlashes,
    amount: tokensForChart(p.slashed),
  }));
  return (
    <ChartPanel
      testId="panel-slashes"
      title={`Slash events per ${kind}`}
      note="Dissent: a real result that lost to the consensus or a verdict (replicas and verifiers). No-show: a slot or seat never committed. Withheld: committed and never revealed. Market and court slashes alike."
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
              yAxisId="count"
              dataKey="withheld"
              name="Withheld"
              stackId="s"
              fill={COLORS.withheld}
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
            { key: "count", header: "Slashes", numeric: true, cell: (p) => p.slashes },
            { key: "dissent", header: "Dissent", numeric: true, cell: (p) => p.dissentSlashes },
            { key: "noShow", header: "No-show", numeric: true, cell: (p) => p.noShowSlashes },
            { key: "withheld", header: "Withheld", numeric: true, cell: (p) => p.withheldSlashes },
            { key: "amount", header: "Slashed", numeric: true, cell: (p) => <Tokens wei={p.slashed} /> },
          ]}
        />
      }
    />
  );
}
