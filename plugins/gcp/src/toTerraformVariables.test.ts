// Inputs become the module's variables: snake_case names, the project from the input or the account, and
// always the commons name as namespace (the one the renderer deploys to).
import { describe, expect, it } from 'vitest';
import { toTerraformVariables } from './toTerraformVariables.ts';

const commons = { org: 'acme', name: 'lung' };

describe('toTerraformVariables', () => {
  it('snake-cases inputs, takes the project from the account and the namespace from the commons', () => {
    const variables = toTerraformVariables(
      { environment: 'gen3-dev', region: 'us-central1', postgresHighAvailability: true, namespace: 'gen3' },
      { commons, credentials: { kind: 'gcp', public: { projectId: 'acme-gen3' }, secretsFile: '/x' } },
    );
    expect(variables).toEqual({
      environment: 'gen3-dev',
      region: 'us-central1',
      postgres_high_availability: true,
      namespace: 'lung',
      project_id: 'acme-gen3',
    });
  });

  it('prefers the projectId input over the account', () => {
    const variables = toTerraformVariables(
      { environment: 'gen3-dev', region: 'us-central1', projectId: 'other-project' },
      { commons, credentials: { kind: 'gcp', public: { projectId: 'acme-gen3' } } },
    );
    expect(variables.project_id).toBe('other-project');
  });

  it('refuses to run without a project, naming the input to set', () => {
    expect(() =>
      toTerraformVariables({ environment: 'gen3-dev', region: 'us-central1' }, { commons }),
    ).toThrow(/set the input projectId/);
  });

  it('never writes credentials into the variables', () => {
    const variables = toTerraformVariables(
      { environment: 'gen3-dev', region: 'us-central1' },
      { commons, credentials: { kind: 'gcp', public: { projectId: 'acme-gen3' }, secretsFile: '/s.json' } },
    );
    expect(JSON.stringify(variables)).not.toMatch(/secretsFile|s\.json|credentials/);
  });
});
