import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_PROVIDER_VERSION, findProviderMirror } from './findProviderMirror.ts';

const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csoc-aws-mirror-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findProviderMirror', () => {
  it('takes the mirror from CSOC_TF_PLUGIN_MIRROR when it holds the pinned AWS provider', async () => {
    const mirror = join(dir, 'mirror');
    await mkdir(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION, platform), {
      recursive: true,
    });
    expect(findProviderMirror({ CSOC_TF_PLUGIN_MIRROR: mirror })).toBe(mirror);
  });

  it('fails, saying what is missing and how to provide it, when the named mirror lacks the provider', () => {
    expect(() => findProviderMirror({ CSOC_TF_PLUGIN_MIRROR: join(dir, 'empty') })).toThrow(
      /does not hold registry\.terraform\.io\/hashicorp\/aws\/5\.100\.0 .*terraform providers mirror/,
    );
  });
});
