import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod, tokensForChart } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/** Settled volume (winners' prices, fees included) and protocol fees per period, in tokens. */
export function VolumeFeesChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    volume: tokensForChart(p.volume),
    fees: tokensForChart(p.fees),
  }));
  return (
    <ChartPanel
      testId="panel-volume"
      title={`Volume and fees per ${kind}`}
      note="Volume: what winners were paid out of escrow, fees included. Tokens."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis tick={AXIS_TICK} width={48} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="volume" name="Volume" fill={COLORS.volume} isAnimationActive={false} />
            <Bar dataKey="fees" name="Fees" fill={COLORS.fees} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`volume-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            { key: "volume", header: "Volume", numeric: true, cell: (p) => <Tokens wei={p.volume} /> },
            { key: "fees", header: "Fees", numeric: true, cell: (p) => <Tokens wei={p.fees} /> },
            { key: "claims", header: "Claims", numeric: true, cell: (p) => p.claims },
          ]}
        />
      }
    />
  );
}
