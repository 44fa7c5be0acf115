// The provider cache of one plugin version (ADR 0077) with real Terraform and the real hashicorp/aws
// provider (~700 MB) from this machine's filesystem mirror, repacked here as `terraform providers mirror`
// writes it (archives): a second run's workspace links into the cache instead of unpacking its own copy,
// two inits at once leave the cache whole, and a cached copy that no longer matches the lock file's checksum
// is not used.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventWriter } from '../createEventWriter.ts';
import { createEventStreamParser } from '../parseEventLine.ts';
import type { PluginRequest } from '../requestSchema.ts';
import { createTerraformDriver } from './createTerraformDriver.ts';
import { CACHE_LOCK_DIR, mirrorIsUnpackedOnly, withCacheLock } from './providerCache.ts';

const PROVIDER = 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64';
const BINARY = 'terraform-provider-aws_v5.100.0_x5';

/** The unpacked AWS provider mirror of this machine (CSOC_TF_PLUGIN_MIRROR or /opt/tf-plugins). */
function findMirror(): string | undefined {
  for (const candidate of [process.env.CSOC_TF_PLUGIN_MIRROR, '/opt/tf-plugins']) {
    if (candidate && fs.existsSync(join(candidate, PROVIDER, BINARY))) return candidate;
  }
  return undefined;
}
const unpackedMirror = findMirror();

const MODULE = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
`;

describe('withCacheLock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csoc-cache-lock-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lets one holder in at a time and removes the lock after', async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        withCacheLock(join(dir, 'one'), async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 30));
          order.push(n);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(fs.existsSync(join(dir, 'one', CACHE_LOCK_DIR))).toBe(false);
  });

  it('takes over a lock whose holder stopped refreshing it, and waits for a fresh one', async () => {
    const cache = join(dir, 'stale');
    await mkdir(join(cache, CACHE_LOCK_DIR), { recursive: true });
    const old = new Date(Date.now() - 120_000);
    await utimes(join(cache, CACHE_LOCK_DIR), old, old);
    expect(await withCacheLock(cache, async () => 'in', { staleMs: 60_000 })).toBe('in');

    await mkdir(join(cache, CACHE_LOCK_DIR));
    let waited = false;
    await expect(
      withCacheLock(cache, async () => 'in', { timeoutMs: 300, onWait: () => (waited = true) }),
    ).rejects.toThrow(/stayed locked by another terraform init; remove .*\.csoc-init\.lock/);
    expect(waited).toBe(true);
  });
});

describe.skipIf(!unpackedMirror)('the provider cache with the AWS provider', () => {
  let root: string;
  let moduleDir: string;
  let packedMirror: string;
  let cacheDir: string;
  let originalDigest: string;

  const digest = (file: string) =>
    new Promise<string>((resolve, reject) => {
      const hash = createHash('sha256');
      fs.createReadStream(file)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', () => resolve(hash.digest('hex')))
        .on('error', reject);
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'csoc-provider-cache-'));
    moduleDir = join(root, 'module');
    await mkdir(moduleDir);
    await writeFile(join(moduleDir, 'main.tf'), MODULE);
    // The lock file the aws plugin ships: the provider's h1 checksum.
    fs.copyFileSync(
      join(import.meta.dirname, '../../../../plugins/aws/terraform/.terraform.lock.hcl'),
      join(moduleDir, '.terraform.lock.hcl'),
    );
    // `terraform providers mirror`'s layout: one archive per provider version and platform.
    packedMirror = join(root, 'mirror');
    const archiveDir = join(packedMirror, 'registry.terraform.io/hashicorp/aws');
    await mkdir(archiveDir, { recursive: true });
    execFileSync(
      'zip',
      ['-q', '-0', join(archiveDir, 'terraform-provider-aws_5.100.0_linux_amd64.zip'), BINARY, 'LICENSE.txt'],
      { cwd: join(unpackedMirror!, PROVIDER) },
    );
    cacheDir = join(root, 'cache');
    originalDigest = await digest(join(unpackedMirror!, PROVIDER, BINARY));
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function initRun(name: string, mirror = packedMirror): Promise<{ workDir: string; log: string }> {
    const workDir = join(root, 'runs', name);
    const stream = new PassThrough();
    let log = '';
    const parser = createEventStreamParser();
    stream.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      parser.push(chunk);
    });
    const request: PluginRequest = {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'PluginRequest',
      verb: 'plan',
      runId: name,
      commons: { org: 'acme', name },
      inputs: {},
      credentials: { kind: 'aws', public: {} },
      workDir,
      options: {},
    };
    const driver = createTerraformDriver({
      request,
      events: createEventWriter(stream),
      terraformDir: moduleDir,
      pluginMirror: mirror,
      pluginCacheDir: cacheDir,
      env: { PATH: process.env.PATH },
    });
    await driver.prepare();
    await driver.init();
    expect(parser.end().errors).toEqual([]);
    return { workDir, log };
  }

  /** Bytes of regular files under a folder, not following links. */
  function ownBytes(dir: string): number {
    let total = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) total += fs.lstatSync(join(entry.parentPath, entry.name)).size;
    }
    return total;
  }

  const providerIn = (workDir: string) => join(workDir, 'terraform/.terraform/providers', PROVIDER);

  it('tells an archive mirror from an unpacked one', async () => {
    expect(await mirrorIsUnpackedOnly(unpackedMirror!)).toBe(true);
    expect(await mirrorIsUnpackedOnly(packedMirror)).toBe(false);
  });

  it('two inits at once fill the cache once and whole; a later run links into it', async () => {
    const [first, second] = await Promise.all([initRun('first'), initRun('second')]);
    // One of them waited for the other rather than writing into the cache at the same time.
    expect(`${first.log}${second.log}`).toContain('waiting for another run of this plugin version');
    const cached = join(cacheDir, PROVIDER, BINARY);
    expect((await stat(cached)).size).toBeGreaterThan(100 * 1024 * 1024);
    expect(await digest(cached)).toBe(originalDigest);
    expect(fs.existsSync(join(cacheDir, CACHE_LOCK_DIR))).toBe(false);

    const third = await initRun('third');
    for (const { workDir } of [first, second, third]) {
      // The workspace holds a link into the cache, not its own ~700 MB copy.
      expect(fs.lstatSync(providerIn(workDir)).isSymbolicLink()).toBe(true);
      expect(relative(cacheDir, fs.realpathSync(providerIn(workDir)))).toBe(PROVIDER);
      expect(ownBytes(join(workDir, 'terraform/.terraform'))).toBeLessThan(1024 * 1024);
    }
    expect(await readFile(join(third.workDir, '.csoc-terraform.rc'), 'utf8')).toContain(
      `plugin_cache_dir = ${JSON.stringify(cacheDir)}`,
    );
  }, 300_000);

  it('does not use a cached provider that no longer matches the lock file checksum', async () => {
    const cached = join(cacheDir, PROVIDER, BINARY);
    if (!fs.existsSync(cached)) await initRun('fill');
    fs.appendFileSync(cached, 'tampered');
    const run = await initRun('after-tamper');
    // Terraform checked the copy against the lock file, refused it and installed the mirror's again.
    expect(await digest(cached)).toBe(originalDigest);
    expect(fs.realpathSync(join(providerIn(run.workDir), BINARY))).toBe(cached);
  }, 300_000);

  it('leaves the cache out in front of an unpacked mirror, which Terraform links to directly', async () => {
    const run = await initRun('unpacked', unpackedMirror);
    expect(await readFile(join(run.workDir, '.csoc-terraform.rc'), 'utf8')).not.toContain('plugin_cache_dir');
    expect(fs.realpathSync(providerIn(run.workDir))).toBe(fs.realpathSync(join(unpackedMirror!, PROVIDER)));
  }, 300_000);
});
