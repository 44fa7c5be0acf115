// The fast config reader must never disagree with the yaml library: for every text it either gives what
// YAML.parse gives, or gives up (undefined) and leaves the text to the library.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readPlainYamlMaps } from './readPlainYamlMaps.ts';

const typicalConfig = {
  currentContext: 'admin@127.0.0.1:8080',
  contexts: {
    'admin@127.0.0.1:8080': {
      server: 'http://127.0.0.1:8080',
      org: 'acme',
      user: 'admin@example.org',
      session: 'dGhpcyBpcyBhIHNlc3Npb24_-',
      csrfToken: 'a1b2c3',
      expiresAt: '2026-12-07T10:00:00.000Z',
    },
    'ci@csoc.example.org': { server: 'https://csoc.example.org', token: 'csoc_AbC123-_xyz' },
  },
};

describe('readPlainYamlMaps', () => {
  it('reads the config the CLI writes, as the yaml library does', () => {
    const text = YAML.stringify(typicalConfig);
    expect(readPlainYamlMaps(text)).toEqual(YAML.parse(text));
    expect(readPlainYamlMaps(text)).toEqual(typicalConfig);
  });

  it('gives up on everything outside plain nested maps of strings', () => {
    const outside = [
      'a: "quoted"\n',
      "a: 'single'\n",
      'a: b # comment\n',
      '# comment\na: b\n',
      'a: two words\n',
      'a:\n  - item\n',
      'a: {}\n',
      'a: [x]\n',
      'a: 1\n',
      'a: -2.5e3\n',
      'a: 0x1F\n',
      'a: true\n',
      'a: False\n',
      'a: null\n',
      'a: ~\n',
      'a:\n',
      'a:\nb: c\n',
      'a: b\na: c\n',
      'a: b\n   c: d\n',
      'a:\n    b: c\n',
      '---\na: b\n',
      'a: b\r\n',
      'a: &anchor b\n',
      'a: *alias\n',
      '__proto__: x\n',
      'a:: b\n',
      '',
      '\n',
    ];
    for (const text of outside)
      expect({ text, read: readPlainYamlMaps(text) }).toEqual({ text, read: undefined });
  });

  it('never disagrees with YAML.parse on many generated configs', () => {
    // Mostly characters a plain scalar may hold (and words that are not strings to YAML), some awkward ones:
    // indicators, colon-space, hashes, quotes, spaces.
    const plain = [
      'a',
      'Z9',
      '_x',
      '-',
      ':',
      '.',
      '/',
      '@',
      '0',
      '1e3',
      'true',
      'null',
      'é',
      '%',
      ',',
      '0x1',
      '.5',
      'yes',
      'on',
      '=',
      '+',
    ];
    const awkward = [': ', '::', '#', ' #', '~', '"', "'", ' ', '[', '{', '*', '&', '!', '|', '>', '?'];
    let seed = 17;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
    // A word mostly starts as a plain scalar may, so that many configs are in the subset.
    const starts = ['a', 'Z9', '_x', '0', '1e3', 'true', 'null', 'é', '-', '.5'];
    const word = () =>
      pick(starts) +
      Array.from({ length: Math.floor(random() * 4) }, () => pick(random() < 0.05 ? awkward : plain)).join(
        '',
      );
    let readFast = 0;
    for (let index = 0; index < 1500; index++) {
      const contexts: Record<string, Record<string, string>> = {};
      for (let c = 0; c < 1 + (index % 3); c++)
        contexts[word()] = { server: `http://${word()}`, token: word(), org: word() };
      const text = YAML.stringify({ currentContext: word(), contexts });
      const fast = readPlainYamlMaps(text);
      if (fast === undefined) continue;
      readFast++;
      expect({ text, fast }).toEqual({ text, fast: YAML.parse(text) as unknown });
    }
    // Some of them are in the subset, or this test would prove nothing.
    expect(readFast).toBeGreaterThan(20);
  });
});
