import { describe, expect, it } from 'vitest';
import { isKnownAction, lowerRole, ORG_ROLES, personOrgRole, policy, roleAllows } from './policy.ts';

describe('access policy', () => {
  it('lets a role do what its rank reaches and nothing above it', () => {
    expect(roleAllows('viewer', 'commons.read')).toBe(true);
    expect(roleAllows('viewer', 'commons.write')).toBe(false);
    expect(roleAllows('operator', 'commons.write')).toBe(true);
    expect(roleAllows('operator', 'commons.delete')).toBe(false);
    expect(roleAllows('admin', 'member.manage')).toBe(true);
    expect(roleAllows('admin', 'org.manage')).toBe(false);
    for (const role of ORG_ROLES) expect(roleAllows(role, 'org.read')).toBe(true);
  });

  it('gives platform admins the owner role in every org, members their own, others none', () => {
    expect(personOrgRole(undefined, true)).toBe('owner');
    expect(personOrgRole('viewer', true)).toBe('owner');
    expect(personOrgRole('operator', false)).toBe('operator');
    expect(personOrgRole(undefined, false)).toBeUndefined();
  });

  it('never lets a token grant more than its creator holds', () => {
    expect(lowerRole('owner', 'viewer')).toBe('viewer');
    expect(lowerRole('operator', 'admin')).toBe('operator');
  });

  it('knows only the actions of its table', () => {
    expect(isKnownAction('run.approve')).toBe(true);
    expect(isKnownAction('run.launch')).toBe(false);
    expect(isKnownAction('toString')).toBe(false);
    expect(policy['audit.verify']).toEqual({ scope: 'platform' });
  });
});
