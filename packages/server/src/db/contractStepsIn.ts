// Reads a migration's source for steps an older CSOC could not run beside (ADR 0064). It backs the test that
// every migration declared `expand` really only adds; it is a reviewer's checklist made mechanical, not a
// parser, so it errs towards flagging (a flagged expand migration is rewritten or declared `contract`).

/** Patterns in a migration's up() that make it a contract step, with the reason a reviewer would give. */
const CONTRACT_PATTERNS: { pattern: RegExp; reason: string }[] = [
  { pattern: /\.dropTable\(|\bDROP\s+TABLE\b/i, reason: 'drops a table' },
  { pattern: /\.dropColumn\(|\bDROP\s+COLUMN\b/i, reason: 'drops a column' },
  { pattern: /\.dropIndex\(|\bDROP\s+INDEX\b/i, reason: 'drops an index' },
  { pattern: /\.renameTo\(|\.renameColumn\(|\bRENAME\b/i, reason: 'renames' },
  { pattern: /\.alterColumn\(|\.modifyColumn\(|\bALTER\s+COLUMN\b/i, reason: 'changes a column' },
  { pattern: /\bUPDATE\s+\w+\s+SET\b|\.updateTable\(/i, reason: 'rewrites existing values' },
  { pattern: /\bDELETE\s+FROM\b|\.deleteFrom\(/i, reason: 'deletes rows' },
];

/** A column added to an existing table that older code would not fill: NOT NULL without a default. */
const REQUIRED_COLUMN_ON_EXISTING_TABLE =
  /\.alterTable\([^)]*\)\s*\.addColumn\([^;]*?\.notNull\(\)(?![^;]*?\.defaultTo\()[^;]*;/s;

/** The reasons the up() in `source` is not expand-only; empty when it only adds. */
export function contractStepsIn(source: string): string[] {
  const up = upFunctionOf(source);
  const reasons = CONTRACT_PATTERNS.filter(({ pattern }) => pattern.test(up)).map(({ reason }) => reason);
  if (REQUIRED_COLUMN_ON_EXISTING_TABLE.test(up))
    reasons.push('adds a NOT NULL column without a default to an existing table');
  return reasons;
}

/** The text of `export async function up` up to the next top-level export (down() may drop anything). */
function upFunctionOf(source: string): string {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const start = withoutComments.indexOf('export async function up');
  if (start < 0) throw new Error('the migration has no `export async function up`');
  const next = withoutComments.indexOf('\nexport ', start + 1);
  return withoutComments.slice(start, next < 0 ? undefined : next);
}
