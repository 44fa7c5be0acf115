// Checks a Gen3 user.yaml before it is saved: it parses, has the shape fence's usersync reads (authz
// resources, roles, policies, groups, user_project_to_resource; users and clients with their policies), and
// every reference resolves (a policy's roles and resource paths, the policies of groups, users and
// clients). Each problem names where it is (e.g. authz.policies[3].role_ids[0]) and what to do, so a typo
// is caught here rather than by a usersync that fails or, worse, silently grants nothing; and its line, so
// an editor can point at it. A repeated key is accepted with the last value winning, as fence's PyYAML
// reads it (the chart's own example repeats one).
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export interface UserYamlProblem {
  /** Where in the document, e.g. `authz.policies[2].resource_paths[0]`. */
  path: string;
  message: string;
  /** The line (1-based) of the value at `path`, or of its nearest parent present in the document. */
  line?: number;
}

export const USER_YAML_MAX_BYTES = 1024 * 1024;
const TOP_LEVEL_KEYS = new Set(['authz', 'rbac', 'users', 'clients', 'cloud_providers', 'groups']);
const AUTHZ_KEYS = new Set([
  'anonymous_policies',
  'all_users_policies',
  'groups',
  'resources',
  'policies',
  'roles',
  'user_project_to_resource',
]);

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: Json): value is string => typeof value === 'string' && value.trim() !== '';

export function validateUserYaml(text: string): UserYamlProblem[] {
  if (Buffer.byteLength(text) > USER_YAML_MAX_BYTES)
    return [
      {
        path: '',
        message: `is larger than ${USER_YAML_MAX_BYTES} bytes; a user.yaml this size is a mistake`,
      },
    ];
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter });
  if (document.errors.length > 0)
    return document.errors.slice(0, 10).map((error) => ({
      path: '',
      message: `is not valid YAML: ${error.message.split('\n')[0]}`,
      ...(error.linePos ? { line: error.linePos[0].line } : {}),
    }));
  if (!isMap(document.contents)) return [{ path: '', message: 'must be a YAML mapping (authz:, users:, …)' }];
  const root = document.toJS() as Record<string, Json>;
  const problems: UserYamlProblem[] = [];
  const located = () =>
    problems.map((problem) => {
      const line = lineOf(document, lineCounter, problem.path);
      return line === undefined ? problem : { ...problem, line };
    });
  const problem = (path: string, message: string) => {
    if (problems.length < 50) problems.push({ path, message });
  };

  for (const key of Object.keys(root))
    if (!TOP_LEVEL_KEYS.has(key))
      problem(key, `is not a user.yaml key; use ${[...TOP_LEVEL_KEYS].join(', ')}`);
  const authzKey = root.authz !== undefined ? 'authz' : root.rbac !== undefined ? 'rbac' : undefined;
  if (!authzKey) {
    problem('authz', 'is required: resources, roles and policies for arborist');
    return located();
  }
  const authz = root[authzKey];
  if (!isObject(authz)) {
    problem(authzKey, 'must be a mapping');
    return located();
  }
  for (const key of Object.keys(authz))
    if (!AUTHZ_KEYS.has(key))
      problem(`${authzKey}.${key}`, `is not an authz key; use ${[...AUTHZ_KEYS].join(', ')}`);

  const stringList = (value: Json, path: string, required: boolean): string[] => {
    if (value === undefined || value === null) {
      if (required) problem(path, 'is required: a list of names');
      return [];
    }
    if (!Array.isArray(value)) {
      problem(path, 'must be a list of names');
      return [];
    }
    value.forEach((item, index) => {
      if (!isNonEmptyString(item)) problem(`${path}[${index}]`, 'must be a non-empty string');
    });
    if (required && value.length === 0) problem(path, 'must name at least one');
    return value.filter(isNonEmptyString);
  };
  const listOfMappings = (value: Json, path: string): Record<string, Json>[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problem(path, 'must be a list');
      return [];
    }
    return value.filter((item, index) => {
      if (isObject(item)) return true;
      problem(`${path}[${index}]`, 'must be a mapping');
      return false;
    }) as Record<string, Json>[];
  };

  // Resources: a tree; policies name its paths as /a/b/c.
  const resourcePaths = new Set<string>();
  const walkResources = (value: Json, path: string, prefix: string) => {
    listOfMappings(value, path).forEach((resource, index) => {
      const here = `${path}[${index}]`;
      if (!isNonEmptyString(resource.name)) return problem(`${here}.name`, 'is required: the resource name');
      if (resource.name.includes('/'))
        problem(`${here}.name`, 'must not contain "/" (nest subresources instead)');
      const full = `${prefix}/${resource.name}`;
      resourcePaths.add(full);
      walkResources(resource.subresources, `${here}.subresources`, full);
    });
  };
  walkResources(authz.resources, `${authzKey}.resources`, '');

  const roleIds = new Set<string>();
  listOfMappings(authz.roles, `${authzKey}.roles`).forEach((role, index) => {
    const here = `${authzKey}.roles[${index}]`;
    if (!isNonEmptyString(role.id)) return problem(`${here}.id`, 'is required: the role id');
    if (roleIds.has(role.id)) problem(`${here}.id`, `repeats role ${role.id}; role ids are unique`);
    roleIds.add(role.id);
    const permissions = listOfMappings(role.permissions, `${here}.permissions`);
    if (permissions.length === 0) problem(`${here}.permissions`, 'must list at least one permission');
    permissions.forEach((permission, p) => {
      const at = `${here}.permissions[${p}]`;
      if (!isNonEmptyString(permission.id)) problem(`${at}.id`, 'is required: the permission id');
      const action = permission.action;
      if (!isObject(action) || !isNonEmptyString(action.service) || !isNonEmptyString(action.method))
        problem(`${at}.action`, "must be { service, method } (use '*' for any)");
    });
  });

  const policyIds = new Set<string>();
  listOfMappings(authz.policies, `${authzKey}.policies`).forEach((policy, index) => {
    const here = `${authzKey}.policies[${index}]`;
    if (!isNonEmptyString(policy.id)) return problem(`${here}.id`, 'is required: the policy id');
    if (policyIds.has(policy.id)) problem(`${here}.id`, `repeats policy ${policy.id}; policy ids are unique`);
    policyIds.add(policy.id);
    stringList(policy.role_ids, `${here}.role_ids`, true).forEach((roleId, r) => {
      if (!roleIds.has(roleId))
        problem(`${here}.role_ids[${r}]`, `names role ${roleId}, which authz.roles does not define`);
    });
    stringList(policy.resource_paths, `${here}.resource_paths`, true).forEach((resourcePath, r) => {
      if (!resourcePaths.has(resourcePath))
        problem(
          `${here}.resource_paths[${r}]`,
          `names ${resourcePath}, which authz.resources does not define`,
        );
    });
  });

  const checkPolicies = (value: Json, path: string) =>
    stringList(value, path, false).forEach((policyId, index) => {
      if (!policyIds.has(policyId))
        problem(`${path}[${index}]`, `names policy ${policyId}, which authz.policies does not define`);
    });
  checkPolicies(authz.anonymous_policies, `${authzKey}.anonymous_policies`);
  checkPolicies(authz.all_users_policies, `${authzKey}.all_users_policies`);
  listOfMappings(authz.groups, `${authzKey}.groups`).forEach((group, index) => {
    const here = `${authzKey}.groups[${index}]`;
    if (!isNonEmptyString(group.name)) problem(`${here}.name`, 'is required: the group name');
    checkPolicies(group.policies, `${here}.policies`);
    stringList(group.users, `${here}.users`, false);
  });
  if (authz.user_project_to_resource !== undefined) {
    const mapping = authz.user_project_to_resource;
    if (!isObject(mapping))
      problem(`${authzKey}.user_project_to_resource`, 'must map project names to resource paths');
    else
      for (const [project, resourcePath] of Object.entries(mapping))
        if (!isNonEmptyString(resourcePath) || !resourcePaths.has(resourcePath))
          problem(
            `${authzKey}.user_project_to_resource.${project}`,
            `must be a resource path authz.resources defines, not ${JSON.stringify(resourcePath)}`,
          );
  }

  const checkHolders = (value: Json, path: string, what: string) => {
    if (value === undefined || value === null) return;
    if (!isObject(value)) return problem(path, `must map each ${what} to its settings`);
    for (const [name, settings] of Object.entries(value)) {
      if (settings === null) continue; // `user@example.org: {}` written as `user@example.org:`
      if (!isObject(settings)) {
        problem(`${path}.${name}`, 'must be a mapping (policies:, tags:, …)');
        continue;
      }
      checkPolicies(settings.policies, `${path}.${name}.policies`);
    }
  };
  checkHolders(root.users, 'users', 'user');
  checkHolders(root.clients, 'clients', 'client');
  return located();
}

/**
 * The line of the node at `path` (as the problems name it: keys joined by dots, list items as [n]); keys may
 * hold dots themselves (e-mail addresses), so each step takes the longest key of the mapping that fits.
 */
function lineOf(document: Document, lineCounter: LineCounter, path: string): number | undefined {
  const lineAt = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  let node: unknown = document.contents;
  let line: number | undefined;
  let rest = path;
  while (rest) {
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      if (!isSeq(node)) break;
      node = node.items[Number(index[1])];
      rest = rest.slice(index[0].length);
    } else {
      if (rest.startsWith('.')) rest = rest.slice(1);
      if (!isMap(node)) break;
      let found: { key: string; keyNode: unknown; value: unknown } | undefined;
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const fits = rest.startsWith(key) && ['', '.', '['].includes(rest.charAt(key.length));
        // A repeated key: the last one wins, as fence's PyYAML reads it.
        if (fits && (!found || key.length >= found.key.length))
          found = { key, keyNode: pair.key, value: pair.value };
      }
      if (!found) break;
      line = lineAt(found.keyNode) ?? line;
      node = found.value;
      rest = rest.slice(found.key.length);
    }
    line = lineAt(node) ?? line;
  }
  return line;
}
