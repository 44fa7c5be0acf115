// A small argument parser: `--name value`, `--name=value`, `-x value`, boolean flags, repeatable flags
// and `--` to end the flags. Anything unknown is a usage error (exit code 2), never a guess.
import { UsageError } from './CliError.ts';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  /** One-letter alias, without the dash. */
  short?: string;
  /** May be given several times; the value is then a list. */
  multiple?: boolean;
  /** Shown in help instead of VALUE. */
  placeholder?: string;
  /** Allowed values (also offered by shell completion). */
  choices?: readonly string[];
}

export type FlagValue = string | boolean | string[];

export interface ParsedArgs {
  flags: Record<string, FlagValue | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` against `specs`; `commandName` names the command in errors.
 * @example parseArgs(['-f', 'a.yaml', '--wait'], { file: { type: 'string', short: 'f', description: '' }, wait: { type: 'boolean', description: '' } }, 'csoc x')
 */
export function parseArgs(argv: string[], specs: Record<string, FlagSpec>, commandName: string): ParsedArgs {
  const flags: Record<string, FlagValue | undefined> = {};
  const positionals: string[] = [];
  const byShort = new Map(
    Object.entries(specs)
      .filter(([, spec]) => spec.short)
      .map(([name, spec]) => [spec.short!, name]),
  );
  const hint = `see ${commandName} --help`;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      name = equals >= 0 ? token.slice(2, equals) : token.slice(2);
      inline = equals >= 0 ? token.slice(equals + 1) : undefined;
      if (!specs[name]) throw new UsageError(`unknown flag --${name} for ${commandName}; ${hint}`);
    } else {
      const letter = token.slice(1, 2);
      name = byShort.get(letter);
      if (!name) throw new UsageError(`unknown flag -${letter} for ${commandName}; ${hint}`);
      if (token.length > 2) inline = token.slice(2).replace(/^=/, '');
    }
    const spec = specs[name]!;
    if (spec.type === 'boolean') {
      if (inline !== undefined) {
        if (!['true', 'false'].includes(inline)) throw new UsageError(`--${name} takes no value; ${hint}`);
        flags[name] = inline === 'true';
      } else flags[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[index + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-'))
        throw new UsageError(`--${name} needs a value; ${hint}`);
      value = next;
      index++;
    }
    if (spec.choices && !spec.choices.includes(value))
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got "${value}")`);
    if (spec.multiple) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { flags, positionals };
}
