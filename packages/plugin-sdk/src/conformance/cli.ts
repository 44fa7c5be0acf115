// The conformance kit's command line:
//   node --import tsx packages/plugin-sdk/src/conformance/cli.ts <plugin-dir> [--full] [--inputs <file|json>]
//     [--provider-schema <path>]...
// Exit code 0 when the plugin conforms, 1 when it does not, 2 on a usage error.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatConformanceReport, runConformance, type ConformanceCheck } from './runConformance.ts';
import { providerSchemaCheck } from './terraformSchema/providerSchemaCheck.ts';
import { readProviderSchemaFile } from './terraformSchema/readProviderSchemaFile.ts';

const USAGE = `Usage: node --import tsx packages/plugin-sdk/src/conformance/cli.ts <plugin-dir> [options]

Runs describe and plan (and apply, outputs, drift, destroy with --full) against local state and checks the
plugin keeps the CSOC plugin contract v1. Reports every violation.

Options:
  --full               also apply, read outputs, check drift and destroy (creates real resources for real clouds)
  --inputs <file|json> inputs for the request (default: the manifest's examples.inputs)
  --timeout <seconds>  per-verb timeout (default 300)
  --provider-schema <path>
                       check the plugin's terraform/ folder against a provider schema: a cdktf assembly
                       (node_modules/@cdktf/provider-azurerm/.jsii, or its folder) or the output of
                       \`terraform providers schema -json\`; repeat for several providers
  --strict-schema      also fail on resources of providers no --provider-schema covers
  --keep               keep the temporary working directory
  --json               print the report as JSON
  -h, --help           show this help`;

async function readInputs(value: string): Promise<Record<string, unknown>> {
  const text = value.trimStart().startsWith('{') ? value : await readFile(value, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        full: { type: 'boolean', default: false },
        inputs: { type: 'string' },
        timeout: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'provider-schema': { type: 'string', multiple: true },
        'strict-schema': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const pluginDir = positionals[0];
  if (!pluginDir || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
    console.error(`--timeout must be a positive whole number of seconds, got ${values.timeout}`);
    return 2;
  }
  let inputs: Record<string, unknown> | undefined;
  if (values.inputs !== undefined) {
    try {
      inputs = await readInputs(values.inputs);
    } catch (error) {
      console.error(`--inputs: cannot read JSON inputs: ${(error as Error).message}`);
      return 2;
    }
  }
  const checks: ConformanceCheck[] = [];
  const schemaPaths = values['provider-schema'] ?? [];
  if (schemaPaths.length > 0) {
    try {
      const schemas = (await Promise.all(schemaPaths.map((path) => readProviderSchemaFile(path)))).flat();
      checks.push(providerSchemaCheck(schemas, { strict: values['strict-schema'] }));
    } catch (error) {
      console.error(`--provider-schema: ${(error as Error).message}`);
      return 2;
    }
  }
  const report = await runConformance({
    pluginDir,
    checks,
    full: values.full,
    keepWorkDir: values.keep,
    ...(inputs ? { inputs } : {}),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
    onVerb: values.json
      ? undefined
      : (verb) => console.error(`${verb.verb}: exit ${verb.exitCode ?? '-'} in ${verb.durationMs} ms`),
  });
  process.stdout.write(
    `${values.json ? JSON.stringify(report, null, 2) : formatConformanceReport(report)}\n`,
  );
  return report.ok ? 0 : 1;
}

process.exitCode = await main();
