// Terraform's version constraint syntax (`~> 4.55`, `>= 5.0, < 6.0`, `!= 2.1.0`, `4.55.0`), so the
// checker can say when a module requires another provider version than the schema it is checked with.
import semver from 'semver';

function padded(version: string): string | undefined {
  const parts = version.trim().replace(/^v/, '').split('.');
  if (parts.length > 3 || parts.some((part) => !/^\d+$/.test(part)))
    return semver.valid(version.trim()) ?? undefined;
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/**
 * True when `version` satisfies every comma-separated part of `constraint`; undefined when the
 * constraint is not one Terraform would accept (the caller then says nothing rather than guess).
 *
 * @example satisfiesTerraformConstraint('4.55.0', '~> 4.50') // true
 */
export function satisfiesTerraformConstraint(version: string, constraint: string): boolean | undefined {
  const current = padded(version);
  if (!current) return undefined;
  for (const part of constraint.split(',')) {
    const match = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(part);
    if (!match) return undefined;
    const operator = match[1] ?? '=';
    const wanted = padded(match[2]!);
    if (!wanted) return undefined;
    let ok: boolean;
    if (operator === '~>') {
      // Only the rightmost written segment may grow: ~> 4 is >= 4.0.0; ~> 4.55 is >= 4.55.0 < 5.0.0;
      // ~> 4.55.1 is >= 4.55.1 < 4.56.0.
      const segments = match[2]!.replace(/^v/, '').split('.').length;
      const upper = segments === 1 ? undefined : semver.inc(wanted, segments === 2 ? 'major' : 'minor')!;
      ok = semver.gte(current, wanted) && (upper === undefined || semver.lt(current, upper));
    } else if (operator === '!=') ok = !semver.eq(current, wanted);
    else ok = semver.satisfies(current, `${operator}${wanted}`);
    if (!ok) return false;
  }
  return true;
}
