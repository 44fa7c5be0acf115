// The Role docs/plugins/existing-cluster.md tells operators to bind is the one the tests grant the fake API
// server (GEN3_DEPLOYER_ROLE_RULES), and it passes the access check: the docs cannot drift from what works.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GEN3_DEPLOYER_ROLE_RULES } from './testing/startFakeCluster.ts';

const docs = readFileSync(
  fileURLToPath(new URL('../../../docs/plugins/existing-cluster.md', import.meta.url)),
  'utf8',
);

describe('the documented csoc-gen3-deployer Role', () => {
  it('holds exactly the rules the access-check tests grant', () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(docs.slice(docs.indexOf('A Role that grants it')))?.[1];
    expect(block, 'a yaml block after "A Role that grants it"').toBeDefined();
    const role = parseAllDocuments(block!)
      .map((document) => document.toJS())
      .find((document) => document?.kind === 'Role');
    expect(role.metadata.name).toBe('csoc-gen3-deployer');
    const rules = (role.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>).map(
      (rule) => ({ groups: rule.apiGroups, resources: rule.resources, verbs: rule.verbs }),
    );
    expect(rules).toEqual(GEN3_DEPLOYER_ROLE_RULES);
  });
});
