import { describe, expect, it } from 'vitest';
import { summarizeStateResources } from './stateResources.ts';

// The shape Terraform 1.11 writes (taken from a real apply of count, for_each and a module), plus a data
// source and a secret attribute that must never come out.
const state = {
  version: 4,
  terraform_version: '1.11.0',
  serial: 3,
  lineage: 'l-1',
  resources: [
    {
      mode: 'managed',
      type: 'terraform_data',
      name: 'app',
      provider: 'provider["terraform.io/builtin/terraform"]',
      instances: [
        {
          index_key: 'a',
          attributes: { input: 'hunter2-secret' },
          dependencies: ['module.net.terraform_data.vpc', 'terraform_data.db', 'terraform_data.gone'],
        },
      ],
    },
    {
      mode: 'managed',
      type: 'terraform_data',
      name: 'db',
      provider: 'provider["terraform.io/builtin/terraform"]',
      instances: [
        { index_key: 0, dependencies: ['module.net.terraform_data.vpc'] },
        { index_key: 1, dependencies: ['module.net.terraform_data.vpc'] },
      ],
    },
    {
      module: 'module.net',
      mode: 'managed',
      type: 'terraform_data',
      name: 'vpc',
      provider: 'provider["terraform.io/builtin/terraform"]',
      instances: [{ attributes: { id: 'x' } }],
    },
    {
      mode: 'data',
      type: 'aws_caller_identity',
      name: 'current',
      provider: 'provider["registry.terraform.io/hashicorp/aws"].west',
      instances: [{ attributes: { account_id: '111122223333' } }],
    },
  ],
};

describe('summarizeStateResources', () => {
  it('lists addresses, instances, providers and dependencies, and no attribute value', () => {
    const summary = summarizeStateResources(state);
    expect(summary).toEqual([
      {
        address: 'data.aws_caller_identity.current',
        module: null,
        mode: 'data',
        type: 'aws_caller_identity',
        name: 'current',
        provider: 'hashicorp/aws',
        instances: ['data.aws_caller_identity.current'],
        dependsOn: [],
      },
      {
        address: 'module.net.terraform_data.vpc',
        module: 'module.net',
        mode: 'managed',
        type: 'terraform_data',
        name: 'vpc',
        provider: 'terraform.io/builtin/terraform',
        instances: ['module.net.terraform_data.vpc'],
        dependsOn: [],
      },
      {
        address: 'terraform_data.app',
        module: null,
        mode: 'managed',
        type: 'terraform_data',
        name: 'app',
        provider: 'terraform.io/builtin/terraform',
        instances: ['terraform_data.app["a"]'],
        // The dependency on a resource no longer in the state is dropped.
        dependsOn: ['module.net.terraform_data.vpc', 'terraform_data.db'],
      },
      {
        address: 'terraform_data.db',
        module: null,
        mode: 'managed',
        type: 'terraform_data',
        name: 'db',
        provider: 'terraform.io/builtin/terraform',
        instances: ['terraform_data.db[0]', 'terraform_data.db[1]'],
        dependsOn: ['module.net.terraform_data.vpc'],
      },
    ]);
    const text = JSON.stringify(summary);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('111122223333');
  });

  it('yields nothing for an empty or foreign document instead of failing', () => {
    expect(summarizeStateResources({ version: 4, resources: [] })).toEqual([]);
    expect(summarizeStateResources({})).toEqual([]);
    expect(summarizeStateResources(null)).toEqual([]);
    expect(summarizeStateResources({ resources: [{ mode: 'managed' }, 'junk'] })).toEqual([]);
  });
});
