// `npm run bench -- provider-cache`: `terraform init` of a small configuration using hashicorp/aws
// (~700 MB) through the plugin SDK's driver, in a fresh workspace each time, the way each run gets one:
// from an archive mirror (`terraform providers mirror`'s layout) without and with the plugin version's
// provider cache (ADR 0077), interleaved sample by sample; and from an unpacked mirror, which Terraform
// links to directly (the driver leaves the cache out there). Needs the AWS provider's filesystem mirror
// (CSOC_TF_PLUGIN_MIRROR, or /opt/tf-plugins).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createEventWriter, createTerraformDriver, type PluginRequest } from '@csoc/plugin-sdk';
import { median, printTable, round } from './benchKit.ts';

const SAMPLES = 5;
const PROVIDER = 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64';
const BINARY = 'terraform-provider-aws_v5.100.0_x5';

/** Bytes of regular files under a folder, not following links. */
function ownBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.lstatSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export async function benchProviderCache(): Promise<void> {
  const unpacked = [process.env.CSOC_TF_PLUGIN_MIRROR, '/opt/tf-plugins'].find(
    (dir) => dir && fs.existsSync(path.join(dir, PROVIDER, BINARY)),
  );
  if (!unpacked) {
    console.log('\n## Provider cache: skipped (no hashicorp/aws 5.100.0 mirror; set CSOC_TF_PLUGIN_MIRROR)');
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-provider-cache-'));
  try {
    const moduleDir = path.join(root, 'module');
    fs.mkdirSync(moduleDir);
    fs.writeFileSync(
      path.join(moduleDir, 'main.tf'),
      'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "5.100.0" }\n  }\n}\n',
    );
    fs.copyFileSync(
      path.resolve('plugins/aws/terraform/.terraform.lock.hcl'),
      path.join(moduleDir, '.terraform.lock.hcl'),
    );
    const packed = path.join(root, 'mirror');
    fs.mkdirSync(path.join(packed, 'registry.terraform.io/hashicorp/aws'), { recursive: true });
    execFileSync(
      'zip',
      [
        '-q',
        '-0',
        path.join(
          packed,
          'registry.terraform.io/hashicorp/aws/terraform-provider-aws_5.100.0_linux_amd64.zip',
        ),
        BINARY,
        'LICENSE.txt',
      ],
      { cwd: path.join(unpacked, PROVIDER) },
    );
    const cacheDir = path.join(root, 'cache');
    let workspaces = 0;

    async function init(mirror: string, cache: boolean): Promise<{ seconds: number; bytes: number }> {
      const workDir = path.join(root, 'runs', String(workspaces++));
      const stream = new PassThrough();
      stream.resume();
      const request: PluginRequest = {
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'PluginRequest',
        verb: 'plan',
        runId: `bench-${workspaces}`,
        commons: { org: 'bench', name: 'bench' },
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
        env: { PATH: process.env.PATH },
        ...(cache ? { pluginCacheDir: cacheDir } : {}),
      });
      await driver.prepare();
      const started = performance.now();
      await driver.init();
      const seconds = (performance.now() - started) / 1000;
      const bytes = ownBytes(path.join(workDir, 'terraform', '.terraform'));
      fs.rmSync(workDir, { recursive: true, force: true });
      return { seconds, bytes };
    }

    const fill = await init(packed, true);
    const rows: Record<string, { seconds: number[]; bytes: number[] }> = {
      'archive mirror, no cache (each workspace unpacks its own copy)': { seconds: [], bytes: [] },
      'archive mirror, plugin version cache (workspace links into it)': { seconds: [], bytes: [] },
      'unpacked mirror (Terraform links to it; the cache is left out)': { seconds: [], bytes: [] },
    };
    const [without, withCache, direct] = Object.values(rows) as [
      (typeof rows)[string],
      (typeof rows)[string],
      (typeof rows)[string],
    ];
    for (let index = 0; index < SAMPLES; index++) {
      for (const [target, mirror, cache] of [
        [without, packed, false],
        [withCache, packed, true],
        [direct, unpacked, true],
      ] as const) {
        const sample = await init(mirror, cache);
        target.seconds.push(sample.seconds);
        target.bytes.push(sample.bytes);
      }
    }
    printTable(`terraform init of a hashicorp/aws configuration in a fresh workspace, median of ${SAMPLES}`, [
      ...Object.entries(rows).map(([path, sample]) => ({
        path,
        'median s': round(median(sample.seconds)),
        'workspace MB': round(median(sample.bytes) / 1024 / 1024, 1),
      })),
      {
        path: 'the first init, which fills the cache',
        'median s': round(fill.seconds),
        'workspace MB': round(fill.bytes / 1024 / 1024, 1),
      },
    ]);
    console.log(
      `cache size: ${round(ownBytes(cacheDir) / 1024 / 1024)} MB; load average (1, 5, 15 min): ${os
        .loadavg()
        .map((load) => round(load))
        .join(', ')}`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
