// The argument parser: values, aliases, repeats, and one-line usage errors for anything unknown.
import { describe, expect, it } from 'vitest';
import { CliError } from './CliError.ts';
import { parseArgs, type FlagSpec } from './parseArgs.ts';

const specs: Record<string, FlagSpec> = {
  file: { type: 'string', short: 'f', description: 'file' },
  wait: { type: 'boolean', description: 'wait' },
  set: { type: 'string', multiple: true, description: 'pairs' },
  output: { type: 'string', short: 'o', choices: ['table', 'json'], description: 'format' },
};

describe('parseArgs', () => {
  it('reads long, short, inline and repeated flags and keeps positionals in order', () => {
    const parsed = parseArgs(
      ['acme/alpha', '-f', 'a.yaml', '--wait', '--set=a=1', '--set', 'b=2', '-ojson', '--', '--raw'],
      specs,
      'csoc x',
    );
    expect(parsed.flags).toEqual({ file: 'a.yaml', wait: true, set: ['a=1', 'b=2'], output: 'json' });
    expect(parsed.positionals).toEqual(['acme/alpha', '--raw']);
  });

  it('treats a lone dash as a value (stdin)', () => {
    expect(parseArgs(['-f', '-'], specs, 'csoc x').flags.file).toBe('-');
  });

  it.each([
    [['--bogus'], /unknown flag --bogus for csoc x/],
    [['-z'], /unknown flag -z/],
    [['--file'], /--file needs a value/],
    [['--output', 'xml'], /--output must be one of table, json/],
    [['--wait=maybe'], /--wait takes no value/],
  ])('refuses %j with a usage error (exit 2)', (argv, message) => {
    let caught: unknown;
    try {
      parseArgs(argv, specs, 'csoc x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).exitCode).toBe(2);
    expect((caught as CliError).message).toMatch(message);
  });
});
