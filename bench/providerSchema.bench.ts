// The provider-schema checker of the conformance kit (issue 15, item 6): how long a cold schema load
// (parse the cdktf assembly, derive, write the cache) and a warm one (read the cache) take per provider,
// and how long checking plugins/aws against the real hashicorp/aws schema takes (hcl2json is most of it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkTerraformSchema,
  readJsiiProviderSchema,
  readTerraformProvidersSchema,
} from '@csoc/plugin-sdk/terraform-schema';
import { dumpAwsProvidersSchema } from '@csoc/plugin-sdk/terraform-schema/testing/readAwsProviderSchema.ts';
import { median, printTable, round } from './benchKit.ts';

const RUNS = 3;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function benchProviderSchema(): Promise<void> {
  console.log(
    `\nload average before: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rows: Record<string, string | number>[] = [];
  for (const provider of ['digitalocean', 'azurerm', 'google']) {
    const assembly = path.resolve(`node_modules/@cdktf/provider-${provider}/.jsii`);
    const cold: number[] = [];
    const warm: number[] = [];
    let types = 0;
    for (let run = 0; run < RUNS; run++) {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-schema-'));
      try {
        const first = await timed(() => readJsiiProviderSchema(assembly, { cacheDir }));
        cold.push(first.ms);
        types = Object.keys(first.value.resources).length + Object.keys(first.value.dataSources).length;
        warm.push((await timed(() => readJsiiProviderSchema(assembly, { cacheDir }))).ms);
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    }
    rows.push({
      provider,
      'assembly MB': round(fs.statSync(assembly).size / 1e6, 1),
      'resource + data types': types,
      [`cold load ms (median of ${RUNS})`]: round(median(cold), 0),
      [`warm load ms (median of ${RUNS})`]: round(median(warm), 0),
    });
  }
  printTable(
    'Provider schema load from a cdktf assembly (cold: parse + derive + cache write; warm: cache read)',
    rows,
  );

  const awsDump = await timed(() => dumpAwsProvidersSchema());
  const awsSchemas = await timed(async () => readTerraformProvidersSchema(awsDump.value));
  const awsDir = path.resolve('plugins/aws/terraform');
  const checks: number[] = [];
  let problems = 0;
  for (let run = 0; run < RUNS; run++) {
    const check = await timed(() =>
      checkTerraformSchema({ terraformDir: awsDir, schemas: awsSchemas.value }),
    );
    checks.push(check.ms);
    problems = check.value.length;
  }
  const files = fs.readdirSync(awsDir).filter((name) => name.endsWith('.tf'));
  const lines = files.reduce(
    (sum, name) => sum + fs.readFileSync(path.join(awsDir, name), 'utf8').split('\n').length,
    0,
  );
  printTable('Checking plugins/aws against hashicorp/aws 5.100.0 (terraform providers schema -json)', [
    {
      'schema dump ms (cached unless the lock file or Terraform changed)': round(awsDump.ms, 0),
      'schema JSON MB': round(awsDump.value.length / 1e6, 1),
      'read schema ms': round(awsSchemas.ms, 0),
      '.tf files': files.length,
      lines,
      [`check ms (median of ${RUNS})`]: round(median(checks), 0),
      problems,
    },
  ]);
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}
