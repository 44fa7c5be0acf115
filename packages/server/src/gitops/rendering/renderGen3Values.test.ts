// fence's values carry a user.yaml saved through CSOC the way the gen3 chart takes it (ADR 0078): USER_YAML
// becomes the useryaml ConfigMap, and usersync copies that file when its S3 path is 'none'. Without one,
// usersync reads the commons' user.yaml bucket as before (the golden files pin that).
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GOLDEN_FIXTURES, loadFixture } from './gitopsTestFixtures.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { readerUserYaml } from '../../testing/readerUserYaml.ts';

const USER_YAML = readerUserYaml('someone@example.org');

type Fence = { USER_YAML?: string; usersync: Record<string, unknown> };
const fenceOf = (valuesYaml: string) => (parseYaml(valuesYaml) as { fence: Fence }).fence;

describe('renderGen3Values: a saved user.yaml', () => {
  it.each(GOLDEN_FIXTURES)('%s: fence gets USER_YAML verbatim and usersync reads that copy', (fixture) => {
    const input = loadFixture(fixture) as { gen3: Record<string, unknown> };
    const without = fenceOf(renderCommonsGitOps(input).files['values.yaml']);
    input.gen3.userYaml = USER_YAML;
    const first = renderCommonsGitOps(input).files;
    const fence = fenceOf(first['values.yaml']);
    expect(fence.USER_YAML).toBe(USER_YAML);
    expect(fence.usersync).toMatchObject({ usersync: true, userYamlS3Path: 'none' });
    expect(fence.usersync).not.toHaveProperty('userYamlS3Endpoint');
    // Nothing else of the commons changes, and the render is deterministic.
    expect({ ...fence, USER_YAML: undefined, usersync: undefined }).toEqual({
      ...without,
      USER_YAML: undefined,
      usersync: undefined,
    });
    expect(renderCommonsGitOps(input).files).toEqual(first);
  });

  it('keeps the bucket when none was saved', () => {
    const fence = fenceOf(renderCommonsGitOps(loadFixture('aws')).files['values.yaml']);
    expect(fence.USER_YAML).toBeUndefined();
    expect(String(fence.usersync.userYamlS3Path)).toMatch(/^s3:\/\//);
  });
});
