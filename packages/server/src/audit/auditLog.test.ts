// redactSecrets is the last guard before anything reaches the audit log: it must stay small and fast for
// any value a route hands it, and keep secret-looking keys out.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from './auditLog.ts';

describe('redactSecrets', () => {
  it('describes binary data instead of copying it byte by byte', () => {
    const started = performance.now();
    const summary = redactSecrets({ body: Buffer.alloc(16 * 1024 * 1024, 'a'), view: new Uint8Array(10) });
    expect(performance.now() - started).toBeLessThan(50);
    expect(summary).toEqual({ body: '[binary, 16777216 bytes]', view: '[binary, 10 bytes]' });
    expect(redactSecrets(Buffer.from('{"password":"x"}'))).toBe('[binary, 16 bytes]');
  });

  it('names streams and class instances, and marks cycles', () => {
    class Holder {
      secretValue = 'inside';
    }
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(redactSecrets({ stream: Readable.from(['x']), holder: new Holder(), cyclic })).toEqual({
      stream: '[stream]',
      holder: '[Holder]',
      cyclic: { name: 'loop', self: '[circular]' },
    });
  });

  it('bounds strings, arrays, objects, depth and the total size', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, 'v'.repeat(1000)]));
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100; i += 1) deep = { next: deep };
    const huge = {
      text: 'x'.repeat(10_000_000),
      list: Array.from({ length: 100_000 }, () => ({ a: 'y'.repeat(600), b: [1, 2, 3] })),
      wide,
      deep,
    };
    const started = performance.now();
    const text = JSON.stringify(redactSecrets(huge));
    expect(performance.now() - started).toBeLessThan(200);
    expect(text.length).toBeLessThan(64 * 1024);
    expect(text).toContain('[99950 more]');
    expect(text).toContain('[truncated]');
  });

  it('replaces values under secret-looking keys and never runs getters', () => {
    const withGetter = Object.defineProperty({ plain: 1 }, 'computed', {
      enumerable: true,
      get() {
        throw new Error('a getter ran');
      },
    });
    expect(redactSecrets({ password: 'p', nested: { apiKey: 'k', ok: 'fine' }, withGetter })).toEqual({
      password: '[redacted]',
      nested: { apiKey: '[redacted]', ok: 'fine' },
      withGetter: { plain: 1, computed: '[accessor]' },
    });
  });
});
