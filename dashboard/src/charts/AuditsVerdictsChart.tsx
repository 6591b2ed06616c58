import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { formatPeriod, formatRatio } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/**
 * Audit decisions per period (line) and the audited jobs' verdicts (stacked bars); challenges and panel rounds in the
 * table.
 */
export function AuditsVerdictsChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    decided: p.auditsDecided,
    audited: p.auditsAudited,
    upheld: p.auditsUpheld,
    overturned: p.auditsOverturned,
    noVerdict: p.auditsNoVerdict,
    challenges: p.challengesOpened,
  }));
  return (
    <ChartPanel
      testId="panel-audits"
      title={`Audits and verdicts per ${kind}`}
      note="Decided: jobs whose audit was decided; audited: those the protocol audited (realised rate = audited / decided). Verdicts of audited jobs when they settled: upheld (the replicas' result stood), overturned (a panel found another result), no verdict (the panels split; refund). Challenges: agreed results challenged with a bond, won or lost by the panel's verdict."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={32} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="audited" name="Audited" fill={COLORS.audited} isAnimationActive={false} />
            <Bar dataKey="upheld" name="Upheld" stackId="v" fill={COLORS.upheld} isAnimationActive={false} />
            <Bar
              dataKey="overturned"
              name="Overturned"
              stackId="v"
              fill={COLORS.overturned}
              isAnimationActive={false}
            />
            <Bar dataKey="noVerdict" name="No verdict" stackId="v" fill={COLORS.noVerdict} isAnimationActive={false} />
            <Bar dataKey="challenges" name="Challenges" fill={COLORS.challenged} isAnimationActive={false} />
            <Line dataKey="decided" name="Decided" stroke={COLORS.decided} dot isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`audits-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            { key: "decided", header: "Decided", numeric: true, cell: (p) => p.auditsDecided },
            { key: "audited", header: "Audited", numeric: true, cell: (p) => p.auditsAudited },
            { key: "rate", header: "Rate", numeric: true, cell: (p) => formatRatio(p.auditRateRealised) },
            { key: "upheld", header: "Upheld", numeric: true, cell: (p) => p.auditsUpheld },
            { key: "overturned", header: "Overturned", numeric: true, cell: (p) => p.auditsOverturned },
            { key: "noVerdict", header: "No verdict", numeric: true, cell: (p) => p.auditsNoVerdict },
            { key: "challenges", header: "Challenges", numeric: true, cell: (p) => p.challengesOpened },
            { key: "won", header: "Won", numeric: true, cell: (p) => p.challengesWon },
            { key: "lost", header: "Lost", numeric: true, cell: (p) => p.challengesLost },
            { key: "panels", header: "Panel rounds", numeric: true, cell: (p) => p.panelRoundsOpened },
          ]}
        />
      }
    />
  );
}
