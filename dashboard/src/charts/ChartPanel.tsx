import type { ReactNode } from "react";

/** A chart with the exact numbers beside it (a table), under one title. */
export function ChartPanel({
  title,
  note,
  chart,
  numbers,
  testId,
}: {
  title: string;
  note?: string;
  chart: ReactNode;
  numbers: ReactNode;
  testId: string;
}) {
  return (
    <section className="chart-panel" data-testid={testId}>
      <h3>{title}</h3>
      {note && <p className="note">{note}</p>}
      <div className="chart-panel-body">
        <div className="chart">{chart}</div>
        <div className="chart-numbers">{numbers}</div>
      </div>
    </section>
  );
}
