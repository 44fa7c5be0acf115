import { describe, expect, it } from 'vitest';
import { CONTRACT_VERSION, hostSupportsContract } from './contractVersion.ts';

describe('hostSupportsContract', () => {
  it('accepts ranges that include this host and refuses the others', () => {
    expect(CONTRACT_VERSION).toBe('1.1.0');
    expect(hostSupportsContract('^1.0.0')).toBe(true);
    expect(hostSupportsContract('^1.1.0')).toBe(true);
    expect(hostSupportsContract('>=1.0.0 <3')).toBe(true);
    expect(hostSupportsContract('^1.2.0')).toBe(false);
    expect(hostSupportsContract('^2.0.0')).toBe(false);
    expect(hostSupportsContract('not a range')).toBe(false);
  });

  it('lets a newer host keep running plugins written for 1.x', () => {
    expect(hostSupportsContract('^1.0.0', '1.4.0')).toBe(true);
    expect(hostSupportsContract('^1.0.0', '2.0.0')).toBe(false);
  });
});
