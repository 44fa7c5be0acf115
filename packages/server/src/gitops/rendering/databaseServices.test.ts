// The database services a run asks the IaC plugin for are the commons' enabled charts that use a database.
import { describe, expect, it } from 'vitest';
import type { CommonsSpec } from '@csoc/common';
import { databaseServicesOf, withDerivedPluginInputs } from './databaseServices.ts';
import { defaultServices } from './toRenderInput.ts';

const SCHEMA_WITH = { properties: { name: {}, databaseServices: {} } };
const spec = (gen3?: Record<string, unknown>, inputs: Record<string, unknown> = { name: 'alpha' }) =>
  ({
    environment: 'dev',
    plugin: { name: 'sim' },
    account: 'sim-account',
    inputs,
    ...(gen3 ? { gen3 } : {}),
  }) as unknown as CommonsSpec;

describe('the database services of a run', () => {
  it('are the enabled charts that use a database', () => {
    const inputs = withDerivedPluginInputs(
      spec({
        release: '2025.06',
        hostname: 'a.example.org',
        services: ['fence', 'gen3-user-data-library', 'portal'],
      }),
      SCHEMA_WITH,
    );
    expect(inputs).toEqual({ name: 'alpha', databaseServices: ['fence', 'gen3-user-data-library'] });
  });

  it("are the release's default charts that use one when the settings name no services", () => {
    const inputs = withDerivedPluginInputs(
      spec({ release: '2025.06', hostname: 'a.example.org' }),
      SCHEMA_WITH,
    );
    expect(inputs.databaseServices).toEqual(databaseServicesOf(defaultServices('2025.06', 'sim')));
    expect(inputs.databaseServices).toEqual(
      expect.arrayContaining(['arborist', 'fence', 'indexd', 'sheepdog']),
    );
  });

  it('leave out a database chart the plugin cannot create a database for', () => {
    const offering = { properties: { databaseServices: { items: { enum: ['fence'] } } } };
    const inputs = withDerivedPluginInputs(
      spec({ release: '2025.06', hostname: 'a.example.org', services: ['fence', 'funnel'] }),
      offering,
    );
    expect(inputs.databaseServices).toEqual(['fence']);
  });

  it('leave the inputs alone when the operator named them, there are no Gen3 settings, or the plugin has no such input', () => {
    const named = spec(
      { release: '2025.06', hostname: 'a.example.org' },
      { name: 'alpha', databaseServices: ['fence'] },
    );
    expect(withDerivedPluginInputs(named, SCHEMA_WITH).databaseServices).toEqual(['fence']);
    expect(withDerivedPluginInputs(spec(), SCHEMA_WITH)).toEqual({ name: 'alpha' });
    expect(
      withDerivedPluginInputs(spec({ release: '2025.06', hostname: 'a.example.org' }), {
        properties: { name: {} },
      }),
    ).toEqual({ name: 'alpha' });
  });
});
