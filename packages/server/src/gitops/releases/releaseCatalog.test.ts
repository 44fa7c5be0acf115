// Release catalog accessors and upgrade planning: one release at a time, showing only what changes.
import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../errors.ts';
import { getRelease, listGen3Charts, listReleases, nextRelease, planUpgrade } from './releaseCatalog.ts';

describe('release catalog accessors', () => {
  it('lists releases oldest first, flagging derived ones', () => {
    const releases = listReleases();
    const versions = releases.map((release) => release.version);
    expect(versions).toEqual([...versions].sort());
    expect(versions[0]).toBe('2024.02');
    expect(releases.find((release) => release.version === '2025.09')!.derived).toBe(false);
    expect(releases.find((release) => release.version === '2026.07')!.derived).toBe(true);
  });

  it('gets a release, and names the known ones when it does not exist', () => {
    expect(getRelease('2025.06').images.fence!.image!.tag).toBe('2025.06');
    const notFound = catchError(() => getRelease('2025.02'));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.message).toMatch(
      /2025\.02 is not in the release catalog\. Known releases: 2024\.02, .*2026\.07/,
    );
    expect(catchError(() => getRelease('latest'))).toBeInstanceOf(InputError);
  });

  it('finds the next release, skipping versions that were never published', () => {
    expect(nextRelease('2025.06')!.version).toBe('2025.07');
    expect(nextRelease('2025.01')!.version).toBe('2025.03');
    const newest = listReleases().at(-1)!.version;
    expect(nextRelease(newest)).toBeUndefined();
  });

  it('knows the gen3 chart dependencies and which ones can be toggled', () => {
    const charts = listGen3Charts();
    expect(charts.fence).toMatchObject({ toggle: true, defaultEnabled: true, database: true });
    expect(charts.funnel).toMatchObject({ toggle: false, condition: 'gen3-workflow.enabled' });
    expect(charts.etl!.images).toEqual({
      'image.spark': 'quay.io/cdis/gen3-spark',
      'image.tube': 'quay.io/cdis/tube',
    });
  });
});

describe('planUpgrade', () => {
  it('2025.06 to the next release: only the tags that change, and the notes of that release', () => {
    const next = nextRelease('2025.06')!;
    const plan = planUpgrade('2025.06', next.version);
    expect(plan).toMatchObject({ from: '2025.06', to: '2025.07' });
    expect(plan.steps).toHaveLength(1);
    const [step] = plan.steps;
    expect(step!.tagChanges.length).toBeGreaterThan(0);
    for (const change of step!.tagChanges) {
      expect(change.from).not.toBe(change.to);
      expect(change).toMatchObject({ from: '2025.06', to: '2025.07' });
    }
    const changed = step!.tagChanges.map((change) => `${change.chart}:${change.valuesPath}`);
    expect(changed).toEqual(expect.arrayContaining(['fence:image', 'etl:image.spark', 'etl:image.tube']));
    // Images with their own version do not move.
    expect(changed).not.toContain('ambassador:image');
    expect(changed).not.toContain('aws-es-proxy:image');
    expect(step!.deploymentChanges).toEqual(next.deploymentChanges);
    expect(step!.breakingChanges).toEqual([
      expect.objectContaining({
        component: 'uc-cdis/audit-service',
        text: expect.stringMatching(/DB_DRIVER/),
      }),
    ]);
  });

  it('shows no tag changes when a release re-published the same images', () => {
    const [step] = planUpgrade('2024.03', '2024.04').steps;
    expect(step!.tagChanges).toEqual([]);
    expect(step!.warnings.join(' ')).toMatch(/pins 2024\.02 images/);
  });

  it('refuses a jump of several releases unless asked, naming the next step', () => {
    const error = catchError(() => planUpgrade('2025.06', '2025.09'));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('multi_step_upgrade');
    expect(error.message).toMatch(/one release at a time \(next: 2025\.07\)/);

    const plan = planUpgrade('2025.06', '2025.09', { oneStep: false });
    expect(plan.steps.map((step) => `${step.from}->${step.to}`)).toEqual([
      '2025.06->2025.07',
      '2025.07->2025.08',
      '2025.08->2025.09',
    ]);
  });

  it('refuses downgrades, no-ops and unknown releases', () => {
    expect((catchError(() => planUpgrade('2025.07', '2025.06')) as InputError).code).toBe(
      'downgrade_refused',
    );
    expect(catchError(() => planUpgrade('2025.07', '2025.07'))).toBeInstanceOf(InputError);
    expect(catchError(() => planUpgrade('2025.07', '2099.01'))).toBeInstanceOf(NotFoundError);
  });

  it('marks a step into a release without a manifest as derived', () => {
    const [step] = planUpgrade('2025.09', '2025.10').steps;
    expect(step!.derived).toBe(true);
    expect(step!.tagChanges.find((change) => change.chart === 'fence')).toMatchObject({
      from: '2025.09',
      to: '2025.10',
    });
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
