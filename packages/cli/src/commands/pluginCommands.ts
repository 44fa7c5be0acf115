// `csoc plugin init NAME --cloud X`: writes a new plugin folder that passes the conformance kit as
// generated. Works offline and without a login: it never talks to a CSOC server. The templates are loaded
// only when the command runs, so other commands do not start slower for them.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../CliError.ts';
import type { Command } from '../CommandContext.ts';
import { SCAFFOLD_CLOUDS } from './pluginScaffoldClouds.ts';

/** A folder we may write into: missing, or empty. Refuses anything else, naming the flag. */
function assertWritableTarget(target: string, fromFlag: boolean): void {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return;
  const where = fromFlag ? `--dir ${target}` : `${target} (the default --dir)`;
  if (!stat.isDirectory()) throw new UsageError(`${where} is a file; give --dir a new or empty folder`);
  if (fs.readdirSync(target).length > 0) {
    throw new UsageError(
      `${where} is not empty; csoc plugin init never overwrites files: give --dir a new or empty folder`,
    );
  }
}

const pluginInit: Command = {
  name: 'plugin init',
  summary: 'Create a new IaC plugin folder that passes the conformance kit as generated',
  usage: 'NAME --cloud CLOUD',
  args: { min: 1, max: 1 },
  flags: {
    cloud: {
      type: 'string',
      placeholder: 'CLOUD',
      choices: Object.keys(SCAFFOLD_CLOUDS),
      description: 'the cloud the plugin builds commons on',
    },
    dir: {
      type: 'string',
      placeholder: 'PATH',
      description: 'where to write it (default ./NAME); new or empty',
    },
  },
  details:
    'Writes manifest.json (tier experimental), src/main.ts on @csoc/plugin-sdk, terraform/ with a\n' +
    'terraform_data placeholder (plans and applies offline), a conformance test and a README with the next\n' +
    'steps. Needs no server and no login. Guide: docs/plugins/authoring.md.',
  examples: [
    'csoc plugin init acme-azure --cloud azure',
    'csoc plugin init acme-gcp --cloud gcp --dir plugins/acme-gcp',
  ],
  async run(context) {
    const { parseScaffoldRequest, renderPluginScaffold } = await import('./pluginScaffold.ts');
    const request = parseScaffoldRequest(context.positionals[0]!, context.string('cloud'));
    const dirFlag = context.string('dir');
    const target = path.resolve(dirFlag ?? request.name);
    assertWritableTarget(target, dirFlag !== undefined);
    const files = renderPluginScaffold(request);
    for (const [relative, text] of Object.entries(files)) {
      const file = path.join(target, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // 'wx': never replace a file, even one created since the check above.
      fs.writeFileSync(file, text, { flag: 'wx' });
    }
    const shown = path.relative(process.cwd(), target) || '.';
    context.note(
      `Created plugin ${request.name} for ${request.cloud} in ${shown} (${Object.keys(files).length} files).\n` +
        `Next: read ${path.join(shown, 'README.md')} (install @csoc/plugin-sdk, then npm test).`,
    );
  },
};

export const pluginCommands: Command[] = [pluginInit];
