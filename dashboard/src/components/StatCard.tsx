import type { ReactNode } from "react";

/** A labelled headline number; `testId` lets the end-to-end test read the value. */
export function StatCard({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  testId: string;
}) {
  return (
    <div className="stat-card">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {detail && <div className="stat-detail">{detail}</div>}
    </div>
  );
}
