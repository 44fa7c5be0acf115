import { describe, expect, it } from 'vitest';
import { createEventStreamParser, parseEventLine } from './parseEventLine.ts';

const time = '2026-11-28T00:00:00.000Z';
const line = (event: Record<string, unknown>): string => JSON.stringify({ v: 1, time, ...event });

describe('parseEventLine', () => {
  it('accepts every event type of events v1', () => {
    const events = [
      { type: 'log', level: 'info', message: 'hello' },
      { type: 'progress', step: 1, total: 3, message: 'init' },
      { type: 'resource', address: 'terraform_data.vpc', action: 'create', status: 'completed', elapsed: 2 },
      {
        type: 'plan',
        summary: { add: 1, change: 0, destroy: 0 },
        resources: [{ address: 'terraform_data.vpc', action: 'create' }],
        planFile: '/work/plan.tfplan',
        json: { format_version: '1.2' },
      },
      { type: 'outputs', values: { cluster_name: 'demo' } },
      { type: 'error', message: 'boom', detail: 'why' },
      { type: 'manifest', manifest: { name: 'sim' } },
    ];
    for (const event of events) {
      expect(parseEventLine(line(event))).toEqual({ kind: 'event', event: { v: 1, time, ...event } });
    }
  });

  it('tells garbage apart, with the reason', () => {
    expect(parseEventLine('Terraform has been successfully initialized!')).toMatchObject({
      kind: 'garbage',
      reason: 'not JSON',
    });
    expect(parseEventLine('[1,2]')).toMatchObject({ kind: 'garbage', reason: 'not a JSON object' });
    expect(parseEventLine(JSON.stringify({ v: 2, time, type: 'log' }))).toMatchObject({
      kind: 'garbage',
      reason: 'v must be 1',
    });
    expect(
      parseEventLine(line({ type: 'resource', address: 'x', action: 'explode', status: 'done' })),
    ).toMatchObject({
      kind: 'garbage',
      reason: expect.stringMatching(
        /^invalid resource event: action: must be one of.*; status: must be one of/,
      ),
    });
    expect(parseEventLine(line({ type: 'log', level: 'info' }))).toMatchObject({
      kind: 'garbage',
      reason: 'invalid log event: message: is required',
    });
    expect(
      parseEventLine(JSON.stringify({ v: 1, time: 'yesterday', type: 'log', level: 'info', message: 'x' })),
    ).toMatchObject({ kind: 'garbage', reason: expect.stringMatching(/time: must be a valid date-time/) });
  });

  it('keeps events of types a newer contract added apart from garbage', () => {
    expect(parseEventLine(line({ type: 'cost', monthly: 12 }))).toMatchObject({
      kind: 'unknown',
      type: 'cost',
    });
  });

  it('ignores blank lines and trailing carriage returns', () => {
    expect(parseEventLine('   ')).toEqual({ kind: 'blank' });
    expect(parseEventLine(`${line({ type: 'log', level: 'info', message: 'x' })}\r`).kind).toBe('event');
  });

  it('cuts long garbage lines in reports', () => {
    const parsed = parseEventLine('x'.repeat(5000));
    expect(parsed.kind === 'garbage' && parsed.line.length).toBeLessThan(210);
  });
});

describe('createEventStreamParser', () => {
  it('parses lines split across chunks and keeps the last outputs despite garbage', () => {
    const seen: string[] = [];
    const parser = createEventStreamParser({ onEvent: (event) => seen.push(event.type) });
    const stream = [
      line({ type: 'outputs', values: { a: 1 } }),
      'panic: runtime error',
      line({ type: 'outputs', values: { a: 2 } }),
      line({ type: 'error', message: 'crashed' }),
    ].join('\n');
    const bytes = Buffer.from(`${stream}\n${line({ type: 'log', level: 'info', message: 'ünïcode' })}`);
    for (let i = 0; i < bytes.length; i += 7) parser.push(bytes.subarray(i, i + 7));
    const summary = parser.end();
    expect(seen).toEqual(['outputs', 'outputs', 'error', 'log']);
    expect(summary.garbage).toEqual([{ lineNumber: 2, line: 'panic: runtime error', reason: 'not JSON' }]);
    expect(summary.lastOutputs?.values).toEqual({ a: 2 });
    expect(summary.errors.map((e) => e.message)).toEqual(['crashed']);
    expect(summary.events).toBe(4);
    expect(summary.lines).toBe(5);
  });
});
