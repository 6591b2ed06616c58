import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { Tokens } from "../components/Values";
import { formatMfuel, formatPeriod, tokensForChart } from "../format";
import type { MarketPeriod } from "../queries/marketOverview";
import { ChartPanel } from "./ChartPanel";
import { AXIS_TICK, CHART_HEIGHT, COLORS } from "./palette";
import { chronological, periodColumn, type PeriodKind } from "./periodColumns";

/** What winners were paid for their fuel and the treasury's fees per period, with the fuel billed and its price. */
export function VolumeFeesChart({ periods, kind }: { periods: MarketPeriod[]; kind: PeriodKind }) {
  const data = chronological(periods).map((p) => ({
    label: formatPeriod(p.date, kind),
    volume: tokensForChart(p.volume),
    fees: tokensForChart(p.fees),
  }));
  return (
    <ChartPanel
      testId="panel-volume"
      title={`Volume, fees and fuel per ${kind}`}
      note="Volume: what winning replicas were paid for their fuel at their own prices. Fees: the protocol fee of completed jobs. Fuel billed: max(fuel used, the provider's minimum) per paid replica; price per Mfuel = volume / fuel billed. Tokens."
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
            { key: "fuel", header: "Fuel billed", numeric: true, cell: (p) => formatMfuel(p.fuelBilled) },
            {
              key: "price",
              header: "Price / Mfuel",
              numeric: true,
              cell: (p) => <Tokens wei={p.averagePricePerMfuel} />,
            },
            { key: "claims", header: "Claims", numeric: true, cell: (p) => p.claims },
          ]}
        />
      }
    />
  );
}
