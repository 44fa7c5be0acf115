// Listings and getters print a table for people, or the API's own objects as JSON or YAML for scripts
// (`--output json` is stable: exactly what the API returns, lists as an array of items).
import { loadedYaml } from './yamlLibrary.ts';

export type OutputFormat = 'table' | 'json' | 'yaml';
export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;

export interface Column<T> {
  header: string;
  value: (item: T) => unknown;
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Aligned columns with an upper-case header row. */
export function renderTable<T>(items: T[], columns: Column<T>[]): string {
  const rows = [
    columns.map((column) => column.header.toUpperCase()),
    ...items.map((item) => columns.map((column) => cell(column.value(item)))),
  ];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
  return (
    rows
      .map((row) =>
        row.map((text, index) => (index === row.length - 1 ? text : text.padEnd(widths[index]!))).join('  '),
      )
      .join('\n') + '\n'
  );
}

/** Renders `value` (an object, or a list of items) in the chosen format. */
export function formatOutput<T>(value: T | T[], format: OutputFormat, columns: Column<T>[]): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  if (format === 'yaml') return loadedYaml().stringify(value);
  if (Array.isArray(value)) return value.length ? renderTable(value, columns) : 'No items.\n';
  // One object: the same columns, as "KEY  value" lines.
  const width = Math.max(...columns.map((column) => column.header.length));
  return (
    columns.map((column) => `${column.header.padEnd(width)}  ${cell(column.value(value))}`).join('\n') + '\n'
  );
}
