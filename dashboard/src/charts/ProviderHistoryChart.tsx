import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatPeriod, tokensForChart } from "../format";
import type { ProviderDay } from "../queries/providerDetail";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, COLORS } from "./palette";

const HALF_HEIGHT = 170;

/**
 * A provider's days with activity: stake and reputation (top), earnings, slashed collateral and slash
 * events (bottom), with the numbers beside them.
 */
export function ProviderHistoryChart({ days }: { days: ProviderDay[] }) {
  const data = days.map((d) => ({
    label: formatPeriod(d.date, "day"),
    stake: tokensForChart(d.stake),
    reputation: d.reputation,
    earnings: tokensForChart((BigInt(d.earnings) + BigInt(d.verifierEarnings)).toString()),
    slashed: tokensForChart(d.slashedAmount),
    slashes: d.slashes + d.noShows,
  }));
  const xAxis = <XAxis dataKey="label" tick={AXIS_TICK} />;
  return (
    <ChartPanel
      testId="panel-provider-history"
      title="Stake, reputation, earnings and slashes per day"
      note="Days with activity only. Stake and reputation as of the provider's last event of the day; tokens."
      chart={
        <>
          <ResponsiveContainer width="100%" height={HALF_HEIGHT}>
            <ComposedChart data={data} syncId="provider">
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              {xAxis}
              <YAxis yAxisId="tokens" tick={AXIS_TICK} width={56} />
              <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={AXIS_TICK} width={32} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line yAxisId="tokens" dataKey="stake" name="Stake" stroke={COLORS.stake} isAnimationActive={false} />
              <Line
                yAxisId="count"
                dataKey="reputation"
                name="Reputation"
                stroke={COLORS.reputation}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
          <ResponsiveContainer width="100%" height={HALF_HEIGHT}>
            <ComposedChart data={data} syncId="provider">
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              {xAxis}
              <YAxis yAxisId="tokens" tick={AXIS_TICK} width={56} />
              <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={AXIS_TICK} width={32} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar
                yAxisId="tokens"
                dataKey="earnings"
                name="Earnings"
                fill={COLORS.earnings}
                isAnimationActive={false}
              />
              <Bar yAxisId="tokens" dataKey="slashed" name="Slashed" fill={COLORS.slashed} isAnimationActive={false} />
              <Line
                yAxisId="count"
                dataKey="slashes"
                name="Slash events"
                stroke={COLORS.noConsensus}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </>
      }
      numbers={
        <DataTable
          testId="provider-days"
          rows={[...days].reverse()}
          rowKey={(d) => String(d.dayId)}
          columns={[
            { key: "day", header: "Day (UTC)", cell: (d) => formatPeriod(d.date, "day") },
            { key: "stake", header: "Stake", numeric: true, cell: (d) => <Tokens wei={d.stake} /> },
            { key: "reputation", header: "Rep.", numeric: true, cell: (d) => d.reputation },
            { key: "earnings", header: "As replica", numeric: true, cell: (d) => <Tokens wei={d.earnings} /> },
            {
              key: "verifier",
              header: "As verifier",
              numeric: true,
              cell: (d) => <Tokens wei={d.verifierEarnings} />,
            },
            { key: "seats", header: "Seats", numeric: true, cell: (d) => d.verifications },
            { key: "slashes", header: "Slashes", numeric: true, cell: (d) => d.slashes + d.noShows },
            { key: "slashed", header: "Slashed", numeric: true, cell: (d) => <Tokens wei={d.slashedAmount} /> },
          ]}
        />
      }
    />
  );
}
