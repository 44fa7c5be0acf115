// The portal's one list table: a labelled, bordered (by default striped) table with a header row and a
// row per item, so every list reads and is announced the same way.
import { Table, type TableProps, type TableTdProps, type TableTrProps } from '@mantine/core';
import type { Key, ReactNode } from 'react';

export interface DataTableColumn<Row> {
  /** The column's heading; empty for a column of actions. */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Attributes of the column's cells (width limits, data-testid, ...). */
  cellProps?: TableTdProps & Record<`data-${string}`, string | undefined>;
}

/** Cell props that keep a name or a badge whole instead of wrapping or truncating it in a narrow column. */
export const NOWRAP = { style: { whiteSpace: 'nowrap' as const } };

export interface DataTableProps<Row> extends Omit<TableProps, 'children' | 'data'> {
  /** What the table lists, as assistive technology announces it (and tests find it). */
  label: string;
  columns: ReadonlyArray<DataTableColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  /** Attributes of a row (data-testid, aria-current, ...). */
  rowProps?: (row: Row) => TableTrProps & Record<`data-${string}`, string | undefined>;
  /** Renders a whole row instead of its cells (e.g. a row followed by an error row); keep `columns` for the header. */
  renderRow?: (row: Row) => ReactNode;
  /** Shown across the table when there are no rows (nothing when left out). */
  empty?: ReactNode;
}

/**
 * A list as a table.
 *
 * @example
 * <DataTable label="Runs" rows={runs} rowKey={(run) => run.id}
 *   columns={[{ header: 'Kind', cell: (run) => run.kind }, { header: 'State', cell: (run) => run.state }]} />
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  renderRow,
  empty,
  ...tableProps
}: DataTableProps<Row>) {
  return (
    <Table withTableBorder striped aria-label={label} {...tableProps}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) => (
            <Table.Th key={index}>{column.header}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 && empty && (
          <Table.Tr>
            <Table.Td colSpan={columns.length}>{empty}</Table.Td>
          </Table.Tr>
        )}
        {rows.map((row) =>
          renderRow ? (
            renderRow(row)
          ) : (
            <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column, index) => (
                <Table.Td key={index} {...column.cellProps}>
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ),
        )}
      </Table.Tbody>
    </Table>
  );
}
