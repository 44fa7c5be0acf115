// Turns an identity provider's claims into CSOC org memberships: the CSOC_OIDC_ROLE_MAPPING format, its
// validation (run by loadConfig at start, so a bad mapping stops the process naming the key) and the
// claims → memberships function the OIDC callback syncs from.
import { SLUG_PATTERN } from '@csoc/common';
import { parse as parseYaml } from 'yaml';
import { ORG_ROLES, type OrgRole, roleRank } from '@csoc/common/access';

export interface RoleMappingRule {
  /** Match only this claim's values instead of the mapping's claims (e.g. `groups` while the rest use roles). */
  claim?: string;
  /** A value of the mapped claim, e.g. a Keycloak realm role `acme-admins` or a group path `/acme/operators`. */
  value: string;
  /** The slug of the CSOC organization the rule grants a role in. */
  org: string;
  role: OrgRole;
}

export interface RoleMapping {
  /** Where the values live: `realm_access.roles`, `groups`, or any dotted path; several pool their values. */
  claims: string[];
  rules: RoleMappingRule[];
  /** Claim values that make the user a platform admin. */
  platformAdminValues: string[];
}

export const EMPTY_ROLE_MAPPING: RoleMapping = { claims: [], rules: [], platformAdminValues: [] };

/** A role mapping that cannot be used; `problems` name each bad key. */
export class RoleMappingError extends Error {
  constructor(readonly problems: string[]) {
    super(`the role mapping is not valid: ${problems.join('; ')}`);
    this.name = 'RoleMappingError';
  }
}

const slugPattern = new RegExp(SLUG_PATTERN);
const TOP_LEVEL_KEYS = ['claim', 'rules', 'platformAdminValues'];
const RULE_KEYS = ['value', 'org', 'role', 'claim'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A problem for a string with spaces at either end: accepted as written, it would never match. */
function paddingProblem(at: string, value: unknown, what: 'names' | 'values'): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.trim() === value) return undefined;
  return what === 'names'
    ? `${at}: ${JSON.stringify(value)} has spaces at the start or end; remove them (claim names never have them)`
    : `${at}: ${JSON.stringify(value)} has spaces at the start or end; remove them (claim values are matched exactly)`;
}

/**
 * Parses CSOC_OIDC_ROLE_MAPPING (JSON or YAML; JSON is YAML) and checks every key.
 *
 * @throws RoleMappingError listing each problem with the key it concerns, e.g. `rules[1].role`.
 * @example
 * parseRoleMapping('{claim: realm_access.roles, rules: [{value: acme-admins, org: acme, role: admin}]}');
 */
export function parseRoleMapping(text: string | undefined): RoleMapping {
  if (text === undefined || text.trim() === '') return EMPTY_ROLE_MAPPING;
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new RoleMappingError([`not valid JSON or YAML (${(error as Error).message.split('\n')[0]})`]);
  }
  if (!isRecord(document)) throw new RoleMappingError(['must be a mapping with the keys claim and rules']);

  const problems: string[] = [];
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      problems.push(`unknown key "${key}" (use ${TOP_LEVEL_KEYS.join(', ')})`);
  }
  const claim = document.claim;
  const claims = typeof claim === 'string' ? [claim] : claim;
  if (!Array.isArray(claims) || claims.length === 0 || !claims.every(nonEmptyString)) {
    problems.push(
      'claim: is required, a claim name or dotted path such as realm_access.roles or groups (or a list of them)',
    );
  }

  if (Array.isArray(claims)) {
    claims.forEach((path: unknown) => {
      const problem = paddingProblem('claim', path, 'names');
      if (problem) problems.push(problem);
    });
  }

  const rules: RoleMappingRule[] = [];
  if (document.rules === undefined) {
    problems.push('rules: is required, a list of {value, org, role}');
  } else if (!Array.isArray(document.rules)) {
    problems.push('rules: must be a list of {value, org, role}');
  } else {
    document.rules.forEach((rule: unknown, index) => {
      const at = `rules[${index}]`;
      if (!isRecord(rule)) {
        problems.push(`${at}: must be a mapping {value, org, role}`);
        return;
      }
      for (const key of Object.keys(rule)) {
        if (!RULE_KEYS.includes(key))
          problems.push(`${at}: unknown key "${key}" (use value, org, role, claim)`);
      }
      const { value, org, role } = rule;
      let valid = true;
      if (rule.claim !== undefined && !nonEmptyString(rule.claim)) {
        problems.push(`${at}.claim: must be a claim name or dotted path when given`);
        valid = false;
      }
      if (!nonEmptyString(value)) {
        problems.push(`${at}.value: is required, the claim value that grants the role (a string)`);
        valid = false;
      }
      for (const problem of [
        paddingProblem(`${at}.value`, value, 'values'),
        paddingProblem(`${at}.claim`, rule.claim, 'names'),
      ]) {
        if (!problem) continue;
        problems.push(problem);
        valid = false;
      }
      if (typeof org !== 'string' || !slugPattern.test(org)) {
        problems.push(
          `${at}.org: ${JSON.stringify(org)} is not an organization slug (lower-case letters, digits, dashes)`,
        );
        valid = false;
      }
      if (typeof role !== 'string' || !(ORG_ROLES as readonly string[]).includes(role)) {
        problems.push(`${at}.role: ${JSON.stringify(role)} is not one of ${ORG_ROLES.join(', ')}`);
        valid = false;
      }
      if (valid) {
        rules.push({
          value: value as string,
          org: org as string,
          role: role as OrgRole,
          ...(rule.claim !== undefined ? { claim: rule.claim as string } : {}),
        });
      }
    });
  }

  const platformAdminValues = document.platformAdminValues ?? [];
  if (!Array.isArray(platformAdminValues) || !platformAdminValues.every(nonEmptyString)) {
    problems.push('platformAdminValues: must be a list of claim values (strings)');
  } else {
    platformAdminValues.forEach((value: unknown, index) => {
      const problem = paddingProblem(`platformAdminValues[${index}]`, value, 'values');
      if (problem) problems.push(problem);
    });
  }
  if (problems.length > 0) throw new RoleMappingError(problems);
  return { claims: claims as string[], rules, platformAdminValues: platformAdminValues as string[] };
}

/** The problems of a mapping as one sentence, or undefined when it is fine (the config schema's check). */
export function roleMappingProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be JSON or YAML text';
  try {
    parseRoleMapping(value);
    return undefined;
  } catch (error) {
    if (error instanceof RoleMappingError) return error.problems.join('; ');
    throw error;
  }
}

/**
 * The value at a dotted claim path. A key that itself contains dots (namespaced claims such as
 * `https://example.org/groups`) is matched before the path is split further.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  const segments = path.split('.');
  const walk = (node: unknown, from: number): unknown => {
    if (!isRecord(node)) return undefined;
    for (let to = segments.length; to > from; to--) {
      const key = segments.slice(from, to).join('.');
      if (Object.hasOwn(node, key)) {
        const found = to === segments.length ? node[key] : walk(node[key], to);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(claims, 0);
}

/** The string values of a claim: a single string, or the strings of a list; anything else is none. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  const value = claimAt(claims, path);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

export interface DesiredAccess {
  /** Org slug → role; the highest role wins when several rules match one org. */
  memberships: Map<string, OrgRole>;
  platformAdmin: boolean;
}

/**
 * What a user's claims grant under a mapping.
 *
 * @example
 * desiredAccess(mapping, { realm_access: { roles: ['acme-admins'] } }).memberships.get('acme'); // 'admin'
 */
export function desiredAccess(mapping: RoleMapping, claims: Record<string, unknown>): DesiredAccess {
  const valuesOf = (paths: string[]) => new Set(paths.flatMap((path) => claimValues(claims, path)));
  const values = valuesOf(mapping.claims);
  const memberships = new Map<string, OrgRole>();
  for (const rule of mapping.rules) {
    if (!(rule.claim ? valuesOf([rule.claim]) : values).has(rule.value)) continue;
    const current = memberships.get(rule.org);
    if (current === undefined || roleRank(rule.role) > roleRank(current))
      memberships.set(rule.org, rule.role);
  }
  return { memberships, platformAdmin: mapping.platformAdminValues.some((value) => values.has(value)) };
}
