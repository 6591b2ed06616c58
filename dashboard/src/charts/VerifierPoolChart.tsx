import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod, tokensForChart } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

const funding = (p: MarketPeriod) =>
  BigInt(p.poolFundedByAuditFees) +
  BigInt(p.poolFundedBySlashes) +
  BigInt(p.poolFundedByVerifierSlashes) +
  BigInt(p.poolFundedByBonds) +
  BigInt(p.poolFundedDirectly);

/** The court's verifier pool: what flowed in and out per period (bars) and its balance after the period (line). */
export function VerifierPoolChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    funded: tokensForChart(funding(p)),
    payouts: tokensForChart(p.poolPayouts),
    pool: tokensForChart(p.pool),
  }));
  return (
    <ChartPanel
      testId="panel-pool"
      title={`Verifier pool per ${kind}`}
      note="In: audit fees, the market's slash remainders, slashed verifiers, forfeited bonds and direct funding. Out: verifiers' pay and winning challengers' rewards. Pool: free to reserve for verifiers after the period (pay of drawn verifiers is reserved apart). Tokens."
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={AXIS_TICK} />
            <YAxis yAxisId="flow" tick={AXIS_TICK} width={48} />
            <YAxis yAxisId="pool" orientation="right" tick={AXIS_TICK} width={56} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar yAxisId="flow" dataKey="funded" name="Funded" fill={COLORS.pool} isAnimationActive={false} />
            <Bar yAxisId="flow" dataKey="payouts" name="Paid out" fill={COLORS.verifierPay} isAnimationActive={false} />
            <Line yAxisId="pool" dataKey="pool" name="Pool" stroke={COLORS.stake} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      }
      numbers={
        <DataTable
          testId={`pool-${kind}`}
          rows={periods}
          rowKey={(p) => p.id}
          columns={[
            periodColumn(kind),
            {
              key: "auditFees",
              header: "Audit fees",
              numeric: true,
              cell: (p) => <Tokens wei={p.poolFundedByAuditFees} />,
            },
            {
              key: "slashes",
              header: "Slashes",
              numeric: true,
              cell: (p) => (
                <Tokens wei={(BigInt(p.poolFundedBySlashes) + BigInt(p.poolFundedByVerifierSlashes)).toString()} />
              ),
            },
            { key: "bonds", header: "Bonds", numeric: true, cell: (p) => <Tokens wei={p.poolFundedByBonds} /> },
            { key: "direct", header: "Funded", numeric: true, cell: (p) => <Tokens wei={p.poolFundedDirectly} /> },
            { key: "verifierPay", header: "Verifier pay", numeric: true, cell: (p) => <Tokens wei={p.verifierPay} /> },
            { key: "payouts", header: "Paid out", numeric: true, cell: (p) => <Tokens wei={p.poolPayouts} /> },
            { key: "pool", header: "Pool", numeric: true, cell: (p) => <Tokens wei={p.pool} /> },
          ]}
        />
      }
    />
  );
}
