import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  hostSupportsContract,
  isSemanticVersion,
  isVersionRange,
  loadSemver,
  needsSemver,
} from './contractVersion.ts';

// The library comes with the SDK's index; this file imports the module alone.
beforeAll(() => loadSemver());

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

describe('the checks answered without the semver library', () => {
  const versions = [
    '0.0.0',
    '0.1.0',
    '1.0.0',
    '1.1.0',
    '1.1.9',
    '1.2.0',
    '1.10.0',
    '2.0.0',
    '10.0.1',
    '1.0.0-rc.1',
  ];
  const ranges = [
    '^0.1.0',
    '^1.0.0',
    '^1.1.0',
    '^1.1.1',
    '^1.2.0',
    '^1.10.0',
    '^2.0.0',
    '^10.0.0',
    '>=1.0.0 <3',
  ];

  it('give the same answers as semver for plain versions and caret ranges', () => {
    for (const range of ranges)
      for (const host of versions)
        expect([range, host, hostSupportsContract(range, host)]).toEqual([
          range,
          host,
          semver.satisfies(host, range),
        ]);
    for (const text of [...versions, '01.0.0', '1.0', 'v1.0.0', ' 1.0.0', '1.0.0+build', '1234567890.0.0'])
      expect([text, isSemanticVersion(text)]).toEqual([text, semver.valid(text) !== null]);
    for (const text of [...ranges, '^01.0.0', '^1.0', '^x', '~1.0.0', 'not a range', '^1.0.0 || ^2.0.0'])
      expect([text, isVersionRange(text)]).toEqual([text, semver.validRange(text) !== null]);
  });
});

describe('needsSemver', () => {
  it('is false only for a plain version and a plain caret range, which a plugin start checks without the library', () => {
    expect(needsSemver('0.1.0', '^1.1.0')).toBe(false);
    expect(needsSemver('1.2.3-rc.1', '^1.0.0')).toBe(true);
    expect(needsSemver('1.2.3', '>=1.0.0 <2')).toBe(true);
    expect(needsSemver('1.2.3', '^0.1.0')).toBe(true);
    expect(needsSemver(undefined, '^1.0.0')).toBe(true);
  });
});
