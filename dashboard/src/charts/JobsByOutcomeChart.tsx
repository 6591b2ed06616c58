import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { formatPeriod } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

const OUTCOMES = [
  { key: "jobsCompleted", name: "Completed", color: COLORS.completed },
  { key: "jobsOverturned", name: "Overturned", color: COLORS.overturned },
  { key: "jobsNoVerdict", name: "No verdict", color: COLORS.noVerdict },
  { key: "jobsNoConsensus", name: "No consensus", color: COLORS.noConsensus },
  { key: "jobsNoResult", name: "No result", color: COLORS.noResult },
  { key: "jobsNoClaims", name: "No claims", color: COLORS.noClaims },
  { key: "jobsInputUnavailable", name: "Input unavailable", color: COLORS.inputUnavailable },
  { key: "jobsCancelled", name: "Cancelled", color: COLORS.cancelled },
] as const;

/** Jobs posted per period (line) and jobs ended per period, stacked by outcome. */
export function JobsByOutcomeChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({ ...p, label: formatPeriod(p.date, kind) }));
  return (
    <ChartPanel
      testId="panel-jobs"
      title={`Jobs per ${kind} by outcome`}
      note="Bars: jobs that ended in the period, by how they settled. Line: jobs posted."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={32} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {OUTCOMES.map((o) => (
              <Bar key={o.key} dataKey={o.key} name={o.name} stackId="ended" fill={o.color} isAnimationActive={false} />
            ))}
            <Line dataKey="jobsPosted" name="Posted" stroke={COLORS.posted} dot isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`jobs-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            { key: "posted", header: "Posted", numeric: true, cell: (p) => p.jobsPosted },
            { key: "completed", header: "Done", numeric: true, cell: (p) => p.jobsCompleted },
            { key: "refunded", header: "Refunded", numeric: true, cell: (p) => p.jobsRefunded },
            { key: "failed", header: "of which failed", numeric: true, cell: (p) => p.jobsFailed },
            { key: "cancelled", header: "Cancelled", numeric: true, cell: (p) => p.jobsCancelled },
          ]}
        />
      }
    />
  );
}
