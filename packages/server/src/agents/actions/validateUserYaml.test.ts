// A user.yaml is accepted when fence's usersync could apply it and refused, naming the place, when not.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { locateSharedDir } from '../../gitops/releases/readReleaseCatalogSources.ts';
import { validateUserYaml } from './validateUserYaml.ts';

const VALID = `
authz:
  anonymous_policies: [open_data_reader]
  all_users_policies: []
  resources:
    - name: open
    - name: programs
      subresources:
        - name: P1
          subresources:
            - name: projects
              subresources:
                - name: T1
  roles:
    - id: reader
      permissions:
        - id: reader
          action: { service: '*', method: read }
  policies:
    - id: open_data_reader
      role_ids: [reader]
      resource_paths: [/open]
    - id: P1_T1_reader
      role_ids: [reader]
      resource_paths: [/programs/P1/projects/T1]
  groups:
    - name: readers
      policies: [P1_T1_reader]
      users: [a@example.org]
  user_project_to_resource:
    T1: /programs/P1/projects/T1
clients:
  wts:
    policies: [open_data_reader]
users:
  a@example.org: {}
  b@example.org:
    policies: [P1_T1_reader]
`;

describe('validateUserYaml', () => {
  it('accepts a complete user.yaml, and the example of the fence chart', () => {
    expect(validateUserYaml(VALID)).toEqual([]);
    const chartValues = parse(
      fs.readFileSync(path.join(locateSharedDir(), 'gen3-helm/fence/values.yaml'), 'utf8'),
    ) as {
      USER_YAML: string;
    };
    expect(validateUserYaml(chartValues.USER_YAML)).toEqual([]);
  });

  it('names each broken reference and shape by its place in the document and its line', () => {
    const broken = VALID.replace(
      'role_ids: [reader]\n      resource_paths: [/open]',
      'role_ids: [raeder]\n      resource_paths: [/closed]',
    )
      .replace('policies: [P1_T1_reader]\n      users', 'policies: [nope]\n      users')
      .replace("action: { service: '*', method: read }", 'action: read');
    const problems = validateUserYaml(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: 'authz.policies[0].role_ids[0]',
          message: 'names role raeder, which authz.roles does not define',
          line: 21,
        },
        {
          path: 'authz.policies[0].resource_paths[0]',
          message: 'names /closed, which authz.resources does not define',
          line: 22,
        },
        {
          path: 'authz.groups[0].policies[0]',
          message: 'names policy nope, which authz.policies does not define',
          line: 28,
        },
        {
          path: 'authz.roles[0].permissions[0].action',
          message: "must be { service, method } (use '*' for any)",
          line: 18,
        },
      ]),
    );
    expect(validateUserYaml(`${VALID}\nuserz: {}\n`)).toEqual([
      { path: 'userz', message: expect.stringContaining('is not a user.yaml key'), line: 40 },
    ]);
    expect(
      validateUserYaml(
        VALID.replace(
          'b@example.org:\n    policies: [P1_T1_reader]',
          'b@example.org:\n    policies: [ghost]',
        ),
      ),
    ).toEqual([
      {
        path: 'users.b@example.org.policies[0]',
        message: 'names policy ghost, which authz.policies does not define',
        line: 38,
      },
    ]);
  });

  it('refuses what is not YAML, not a mapping, or has no authz', () => {
    expect(validateUserYaml('authz: [unclosed')[0]).toMatchObject({
      message: expect.stringMatching(/^is not valid YAML/),
      line: 1,
    });
    expect(validateUserYaml('- a\n- b\n')).toEqual([
      { path: '', message: 'must be a YAML mapping (authz:, users:, …)' },
    ]);
    expect(validateUserYaml('users: {}\n')).toEqual([
      { path: 'authz', message: 'is required: resources, roles and policies for arborist' },
    ]);
  });
});
