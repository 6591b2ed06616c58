import type { ReactNode } from "react";

export interface Column<Row> {
  /** Stable name; with the table's testId it names each cell: `<testId>-<rowKey>-<key>`. */
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** A plain table; with `testId` every cell carries `data-testid="<testId>-<rowKey>-<column key>"`. */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  testId,
  empty = "Nothing yet.",
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  testId?: string;
  empty?: string;
}) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="data-table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} className={column.numeric ? "numeric" : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = rowKey(row);
          return (
            <tr key={key}>
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={column.numeric ? "numeric" : undefined}
                  data-testid={testId && `${testId}-${key}-${column.key}`}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
