import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { assertValidCloudAccount } from './validateCloudAccount.ts';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster:
      server: https://k8s.example.org:6443
      certificate-authority-data: ${'QUJD'.repeat(400)}
users:
  - name: csoc
    user:
      exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: ["eks", "get-token"] }
contexts:
  - name: lab
    context: { cluster: lab, user: csoc }
current-context: lab
`;

function problemsOf(text: string): { ms: number; details: unknown } {
  const started = performance.now();
  try {
    assertValidCloudAccount({
      kind: 'kubernetes',
      publicFields: { server: 'https://k8s.example.org:6443' },
      secrets: { kubeconfig: text },
    });
    return { ms: performance.now() - started, details: [] };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ms: performance.now() - started, details: error.details };
  }
}

describe('kubeconfig bounds', () => {
  it('accepts a kubeconfig as kubectl writes it', () => {
    expect(problemsOf(kubeconfig).details).toEqual([]);
  });

  it('refuses 256 KB of nesting quickly, naming the field, the bound and the fix', () => {
    const attacks = {
      brackets: `clusters: ${'['.repeat(131_000)}${']'.repeat(131_000)}`,
      braces: `clusters: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}`,
      indentation: Array.from({ length: 700 }, (_, level) => `${' '.repeat(level)}a:`).join('\n'),
      sequences: `clusters:\n${'- '.repeat(131_000)}x`,
    };
    for (const [label, text] of Object.entries(attacks)) {
      const { ms, details } = problemsOf(text);
      expect(details, label).toEqual([
        {
          field: 'body.secrets.kubeconfig',
          message: expect.stringMatching(
            /^(nests \[ \] or \{ \} more than 16 levels deep|is indented more than 120 columns deep); send it as kubectl writes it \(kubectl config view --raw --flatten\)$/,
          ),
        },
      ]);
      expect(ms, label).toBeLessThan(200);
    }
  });

  it('refuses an alias bomb, naming the field', () => {
    const bomb = [
      'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      ...Array.from(
        { length: 8 },
        (_, level) => `${'bcdefghi'[level]}: &${'bcdefghi'[level]} [${`*${'abcdefgh'[level]}, `.repeat(9)}]`,
      ),
      'clusters: [*i]',
    ].join('\n');
    expect(problemsOf(bomb).details).toEqual([
      {
        field: 'body.secrets.kubeconfig',
        message:
          'uses YAML aliases more than 20 times; send it as kubectl writes it (kubectl config view --raw --flatten)',
      },
    ]);
  });
});
