import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod, tokensForChart } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/** Median (histogram bucket) and mean claim price per period; periods without claims are left out. */
export function PriceChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const priced = periods.filter((p) => p.claims > 0);
  const data = chronological(priced).map((p) => ({
    label: formatPeriod(p.date, kind),
    median: tokensForChart(p.medianPricePerMfuel),
    mean: tokensForChart(p.meanPricePerMfuel),
  }));
  return (
    <ChartPanel
      testId="panel-price"
      title={`Claim price per Mfuel per ${kind}`}
      note="The price per million fuel of each claimed slot (the provider's offer when it claimed). The median is a histogram bucket: lower bound ≤ true median < upper bound."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis tick={AXIS_TICK} width={48} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="median" name="Median (bucket low)" stroke={COLORS.median} isAnimationActive={false} />
            <Line dataKey="mean" name="Mean" stroke={COLORS.mean} strokeDasharray="4 3" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`price-${kind}`}
          rows={priced}
          rowKey={(p) => p.id}
          empty="No claims yet."
          columns={[
            periodColumn(kind),
            {
              key: "median",
              header: "Median",
              numeric: true,
              cell: (p) => (
                <>
                  <Tokens wei={p.medianPricePerMfuel} />–<Tokens wei={p.medianPricePerMfuelUpper} />
                </>
              ),
            },
            { key: "mean", header: "Mean", numeric: true, cell: (p) => <Tokens wei={p.meanPricePerMfuel} /> },
          ]}
        />
      }
    />
  );
}
