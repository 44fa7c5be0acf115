import { describe, expect, it } from 'vitest';
import { toSnakeCase, toTerraformVariables } from './toTerraformVariables.ts';

const awsAccount = {
  kind: 'aws',
  public: { accountId: '123456789012', region: 'us-east-1', roleArn: 'arn:aws:iam::123456789012:role/csoc' },
};

describe('toTerraformVariables', () => {
  it('names each variable after its input in snake_case and keeps values (maps included) as they are', () => {
    expect(toSnakeCase('natGatewayPerAz')).toBe('nat_gateway_per_az');
    expect(
      toTerraformVariables({
        environment: 'gen3-dev',
        vpcCidr: '10.0.0.0/20',
        clusterEndpointPublicAccess: false,
        tags: { CostCenter: 'ctds' },
      }),
    ).toEqual({
      environment: 'gen3-dev',
      vpc_cidr: '10.0.0.0/20',
      cluster_endpoint_public_access: false,
      tags: { CostCenter: 'ctds' },
    });
  });

  it('takes the role to assume and the account id from an aws cloud account, never the external id', () => {
    expect(toTerraformVariables({ environment: 'gen3-dev' }, { credentials: awsAccount })).toEqual({
      environment: 'gen3-dev',
      assume_role_arn: 'arn:aws:iam::123456789012:role/csoc',
      account_id: '123456789012',
    });
  });

  it('keeps an account id given in the inputs', () => {
    const variables = toTerraformVariables({ accountId: '210987654321' }, { credentials: awsAccount });
    expect(variables.account_id).toBe('210987654321');
  });

  it('always sets the namespace to the commons name, the namespace CSOC deploys Gen3 to', () => {
    const request = { commons: { org: 'acme', name: 'brain' } };
    expect(toTerraformVariables({ environment: 'gen3-dev', namespace: 'gen3' }, request).namespace).toBe(
      'brain',
    );
    expect(toTerraformVariables({ environment: 'gen3-dev' }, request).namespace).toBe('brain');
  });

  it('refuses inputs that would set a variable the plugin owns', () => {
    expect(() => toTerraformVariables({ planOffline: true })).toThrow(/plan_offline/);
    expect(() => toTerraformVariables({ assumeRoleArn: 'arn:aws:iam::1:role/x' })).toThrow(/assume_role_arn/);
  });
});
