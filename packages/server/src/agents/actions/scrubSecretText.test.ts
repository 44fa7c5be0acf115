import { describe, expect, it } from 'vitest';
import { createSecretScrubber, MAX_HELD_LINE_CHARS, scrubSecretText } from './scrubSecretText.ts';

const CANARY = 'Canary7xQ2pLm9';

describe('scrubSecretText', () => {
  it.each([
    ['a password assignment', `DB_PASSWORD=${CANARY}`, 'DB_PASSWORD=[redacted]'],
    [
      'a JSON secret',
      `{"client_secret": "${CANARY}", "id": "fence"}`,
      '{"client_secret": "[redacted]", "id": "fence"}',
    ],
    ['a YAML token', `  token: ${CANARY}`, '  token: [redacted]'],
    ['a command-line flag', `psql --password ${CANARY} -h db`, 'psql --password [redacted] -h db'],
    [
      'a connection string',
      `postgresql://fence:${CANARY}@db.internal:5432/fence`,
      'postgresql://fence:[redacted]@db.internal:5432/fence',
    ],
    ['a bearer header', `Authorization: Bearer ${CANARY}abcdef`, 'Authorization: Bearer [redacted]'],
    ['an AWS access key id', 'using AKIAIOSFODNN7EXAMPLE now', 'using [redacted] now'],
    [
      'an AWS secret key',
      `aws_secret_access_key = ${CANARY}/K7MDENG/bPxRfiCY`,
      'aws_secret_access_key = [redacted]',
    ],
    ['a JWT', 'id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX2hlcmU end', 'id [redacted] end'],
  ])('hides %s', (_what, line, expected) => {
    expect(scrubSecretText(line)).toBe(expected);
  });

  it('leaves ordinary job output alone', () => {
    const lines = [
      'syncing users to fence',
      'tube: writing Elasticsearch index',
      '[fence] INFO "GET /user/credentials/api/access_token HTTP/1.1" 200 12ms',
      'running alembic upgrade head',
    ].join('\n');
    expect(scrubSecretText(lines)).toBe(lines);
  });

  it('drops a private key block, every line of it, and keeps what surrounds it', () => {
    const text = [
      'writing key',
      '-----BEGIN RSA PRIVATE KEY-----',
      `MIIEpAIBAAKCAQEA${CANARY}`,
      'AbCdEf0123456789',
      '-----END RSA PRIVATE KEY-----',
      'done',
      '',
    ].join('\n');
    expect(scrubSecretText(text)).toBe('writing key\n[redacted private key]\ndone\n');
  });
});

describe('createSecretScrubber', () => {
  it('recognises a secret cut between chunks, passing on whole lines only', () => {
    const scrubber = createSecretScrubber();
    const chunks = [
      'step 1\nDATABASE_URL=postgres://u:Can',
      `ary7xQ2pLm9@db/x\n-----BEGIN PRIVATE`,
      ` KEY-----\n${CANARY}\n`,
      '-----END PRIVATE KEY-----\nend',
    ];
    const out = chunks.map((chunk) => scrubber.push(chunk)).join('') + scrubber.flush();
    expect(out).not.toContain(CANARY);
    expect(out).toBe('step 1\nDATABASE_URL=postgres://u:[redacted]@db/x\n[redacted private key]\nend');
  });

  it('never releases an unterminated key block', () => {
    const scrubber = createSecretScrubber();
    const out =
      scrubber.push(`-----BEGIN EC PRIVATE KEY-----\n${CANARY}\n`) + scrubber.push(CANARY) + scrubber.flush();
    expect(out).toBe('[redacted private key]\n');
  });

  it('passes on a line longer than it holds, scrubbed', () => {
    const scrubber = createSecretScrubber();
    const long = `password=${CANARY} ${'x'.repeat(MAX_HELD_LINE_CHARS)}`;
    const out = scrubber.push(long);
    expect(out.startsWith('password=[redacted] xxx')).toBe(true);
    expect(scrubber.flush()).toBe('');
  });
});
