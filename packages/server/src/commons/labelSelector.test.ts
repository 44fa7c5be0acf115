// The label selector parser: every Kubernetes form a user writes, and errors that name the requirement
// at fault and how to write it.
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { checkLabels } from './commonsLabels.ts';
import { matchesLabelSelector, parseLabelSelector } from './labelSelector.ts';

function problemOf(run: () => unknown): { message: string; field?: string; detail?: string } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { message: error.message, field: error.details?.[0]?.field, detail: error.details?.[0]?.message };
  }
  throw new Error('expected an InputError');
}

describe('parseLabelSelector', () => {
  it('reads equality, inequality, set and existence requirements', () => {
    expect(
      parseLabelSelector('env=prod, tier==large,region!=eu,size in (l, xl),zone notin (a),backup,!legacy'),
    ).toEqual([
      { key: 'env', op: 'equals', values: ['prod'] },
      { key: 'tier', op: 'equals', values: ['large'] },
      { key: 'region', op: 'notEquals', values: ['eu'] },
      { key: 'size', op: 'in', values: ['l', 'xl'] },
      { key: 'zone', op: 'notIn', values: ['a'] },
      { key: 'backup', op: 'exists', values: [] },
      { key: 'legacy', op: 'notExists', values: [] },
    ]);
    expect(parseLabelSelector('csoc.gen3.org/team=data')).toEqual([
      { key: 'csoc.gen3.org/team', op: 'equals', values: ['data'] },
    ]);
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it('names the requirement at fault and the syntax to use', () => {
    const stray = problemOf(() => parseLabelSelector('env=prod,,tier=large'));
    expect(stray.message).toContain('is empty (a stray comma?)');
    expect(stray.field).toBe('query.labelSelector');
    expect(stray.detail).toContain('key in (a,b)');
    expect(problemOf(() => parseLabelSelector('env in (prod')).message).toContain('unclosed "("');
    expect(problemOf(() => parseLabelSelector('env in ()')).message).toContain('lists no values');
    expect(problemOf(() => parseLabelSelector('-env=prod')).message).toContain('has the key "-env"');
    expect(problemOf(() => parseLabelSelector('env=pr od')).message).toContain('is not a requirement');
    expect(problemOf(() => parseLabelSelector('env=prod!', 'body.selector')).field).toBe('body.selector');
    expect(
      problemOf(() => parseLabelSelector(Array.from({ length: 21 }, (_, i) => `k${i}`).join(','))).detail,
    ).toContain('at most 20');
  });
});

describe('matchesLabelSelector', () => {
  it('treats a missing key as Kubernetes does (matches != and notin, not in)', () => {
    const labels = { env: 'prod', tier: 'large' };
    expect(matchesLabelSelector(labels, parseLabelSelector('env=prod,tier=large'))).toBe(true);
    expect(matchesLabelSelector(labels, parseLabelSelector('env!=dev,region!=eu'))).toBe(true);
    expect(matchesLabelSelector(labels, parseLabelSelector('region in (eu)'))).toBe(false);
    expect(matchesLabelSelector(labels, parseLabelSelector('region notin (eu),!region,tier'))).toBe(true);
    expect(matchesLabelSelector(labels, parseLabelSelector('env in (dev,staging)'))).toBe(false);
  });
});

describe('checkLabels', () => {
  it('accepts Kubernetes-style labels and refuses others, naming each', () => {
    checkLabels({ env: 'prod', 'csoc.gen3.org/team': 'data-eng', empty: '' });
    const bad = problemOf(() => checkLabels({ 'Bad Key': 'x', env: 'not valid!', 'a/b/c': 'x' }));
    expect(bad.message).toContain('not valid Kubernetes-style labels');
    expect(bad.field).toBe('body.metadata.labels.Bad Key');
    const many = problemOf(() =>
      checkLabels(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))),
    );
    expect(many.detail).toBe('has 65 labels; at most 64 are allowed');
    expect(problemOf(() => checkLabels({ ['x'.repeat(64)]: 'v' })).detail).toContain('1 to 63');
  });
});
