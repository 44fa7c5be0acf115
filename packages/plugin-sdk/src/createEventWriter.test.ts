import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEventWriter } from './createEventWriter.ts';
import { createEventStreamParser } from './parseEventLine.ts';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('createEventWriter', () => {
  it('writes one valid event per line, stamped with v and time', () => {
    const out = capture();
    const events = createEventWriter(out.stream, { now: () => new Date('2026-11-28T12:00:00Z') });
    events.info('starting');
    events.progress(1, 2, 'init');
    events.resource('terraform_data.vpc', 'create', 'completed', { elapsed: 3 });
    events.plan({
      summary: { add: 1, change: 0, destroy: 0 },
      resources: [{ address: 'a', action: 'create' }],
    });
    events.outputs({ cluster_name: 'demo' }, ['db_password']);
    events.error('failed', 'detail', 'terraform_data.vpc');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0]!)).toEqual({
      v: 1,
      time: '2026-11-28T12:00:00.000Z',
      type: 'log',
      level: 'info',
      message: 'starting',
    });
    const parser = createEventStreamParser();
    parser.push(out.text());
    const summary = parser.end();
    expect(summary.garbage).toEqual([]);
    expect(summary.events).toBe(6);
    expect(summary.lastOutputs?.sensitive).toEqual(['db_password']);
    expect(events.errorCount).toBe(1);
  });

  it('redacts registered secrets everywhere, keeping every line valid JSON', () => {
    const out = capture();
    const events = createEventWriter(out.stream, { secrets: ['s3cr3t-token'] });
    events.addSecret('pa"ss\\word');
    events.addSecret('abc'); // too short to redact safely
    events.info('token is s3cr3t-token, password is pa"ss\\word, abc stays');
    events.outputs({ 's3cr3t-token': { nested: ['x s3cr3t-token y'] } });
    events.error('failed', 'Authorization: Basic s3cr3t-token');
    const text = out.text();
    expect(text).not.toContain('s3cr3t-token');
    expect(text).not.toContain('pa\\"ss\\\\word');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!.message).toBe('token is [redacted], password is [redacted], abc stays');
    expect(lines[1]!.values).toEqual({ '[redacted]': { nested: ['x [redacted] y'] } });
    expect(lines[2]!.detail).toBe('Authorization: Basic [redacted]');
    expect(events.redact('a s3cr3t-token')).toBe('a [redacted]');
  });
});
