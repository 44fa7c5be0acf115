// Date-time inputs of the API: one schema (RFC 3339, as ajv-formats checks it) and one parser that turns
// every string the schema accepts into an instant, so no accepted value can fail later in `new Date()`.
import Type from 'typebox';

/** A date-time query or body field: RFC 3339 with a time zone. */
export const DateTimeInput = (description: string) =>
  Type.String({
    format: 'date-time',
    maxLength: 64,
    description: `${description}; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second)`,
  });

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * The instant an RFC 3339 date-time names, or undefined when the text is not one. Accepts what
 * `format: 'date-time'` accepts and `Date.parse` does not: a leap second (`23:59:60`, read as the
 * following second, as POSIX time has no leap seconds), a lower-case `t`/`z`, an offset without a colon.
 *
 * @example parseDateTime('2016-12-31T23:59:60Z')?.toISOString() // '2017-01-01T00:00:00.000Z'
 */
export function parseDateTime(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const instant = new Date(0);
  instant.setUTCFullYear(y, mo - 1, d);
  if (instant.getUTCMonth() !== mo - 1) return undefined; // 31 April, 29 February of a common year
  instant.setUTCHours(h, mi, s, fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0);
  if (!zulu) {
    const offset = (Number(offsetHours) * 60 + Number(offsetMinutes ?? 0)) * 60_000;
    if (Number(offsetHours) > 23 || Number(offsetMinutes ?? 0) > 59) return undefined;
    instant.setTime(instant.getTime() - (sign === '-' ? -offset : offset));
  }
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
