import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod, tokensForChart } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/** Active providers per period (left axis) and total stake at the period's end (right axis, tokens). */
export function ProvidersStakeChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    active: p.activeProviders,
    stake: tokensForChart(p.totalStake),
  }));
  return (
    <ChartPanel
      testId="panel-providers"
      title={`Active providers and total stake per ${kind}`}
      note="Active: claimed, delivered, was paid or slashed in the period. Stake: at the period's last event."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis yAxisId="providers" allowDecimals={false} tick={AXIS_TICK} width={32} />
            <YAxis yAxisId="stake" orientation="right" tick={AXIS_TICK} width={56} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              yAxisId="providers"
              dataKey="active"
              name="Active providers"
              stroke={COLORS.providers}
              isAnimationActive={false}
            />
            <Line yAxisId="stake" dataKey="stake" name="Total stake" stroke={COLORS.stake} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`providers-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            { key: "active", header: "Active", numeric: true, cell: (p) => p.activeProviders },
            { key: "registered", header: "Registered", numeric: true, cell: (p) => p.providerCount },
            { key: "stake", header: "Total stake", numeric: true, cell: (p) => <Tokens wei={p.totalStake} /> },
          ]}
        />
      }
    />
  );
}
