// The forwarding form's rules, apart from React so they are tested directly: the header rows an admin
// types become the request's headers (names checked against the API's own pattern, values write-only),
// and byte counts read as people read them.
import { TelemetryForwardingRequest } from '@csoc/common';

export interface HeaderRow {
  name: string;
  value: string;
}

export interface ForwardingFormValues {
  endpoint: string;
  enabled: boolean;
  headers: HeaderRow[];
}

/** The header-name rule of the API's schema (an HTTP token), read off the schema, never copied. */
const HEADER_NAME_PATTERN = new RegExp(
  Object.keys(
    (TelemetryForwardingRequest.properties.headers as unknown as { patternProperties: object })
      .patternProperties,
  )[0]!,
);

/** A new destination starts with one Authorization row: most backends want one. */
export function emptyForwardingForm(): ForwardingFormValues {
  return { endpoint: '', enabled: true, headers: [{ name: 'Authorization', value: '' }] };
}

/** A replacement keeps the endpoint, the state and the header names; values are typed again (write-only). */
export function replacementForm(current: {
  endpoint: string;
  enabled: boolean;
  headerNames: string[];
}): ForwardingFormValues {
  return {
    endpoint: current.endpoint,
    enabled: current.enabled,
    headers: current.headerNames.map((name) => ({ name, value: '' })),
  };
}

/** What is wrong with one header row, if anything (an empty row is ignored on save). */
export function headerRowProblem(row: HeaderRow, rows: readonly HeaderRow[]): string | undefined {
  const name = row.name.trim();
  if (!name && !row.value) return undefined;
  if (!name) return 'Give the header a name (e.g. Authorization), or clear its value.';
  if (!HEADER_NAME_PATTERN.test(name))
    return "A header name is 1 to 100 letters, digits or !#$%&'*+.^_`|~- (no spaces or colons).";
  if (rows.filter((other) => other.name.trim().toLowerCase() === name.toLowerCase()).length > 1)
    return `${name} is listed twice; keep one.`;
  if (!row.value)
    return `Type the value of ${name}: values are never shown, so a replacement needs them again.`;
  return undefined;
}

/** The PUT body of the form (empty rows left out). */
export function forwardingRequestOf(values: ForwardingFormValues) {
  const rows = values.headers.filter((row) => row.name.trim() || row.value);
  return {
    endpoint: values.endpoint.trim(),
    enabled: values.enabled,
    headers: Object.fromEntries(rows.map((row) => [row.name.trim(), row.value])),
  };
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 1 → "1 request", 2 → "2 requests". */
export function requestCount(count: number): string {
  return `${count} request${count === 1 ? '' : 's'}`;
}
