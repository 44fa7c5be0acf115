// PostgreSQL text cannot hold a NUL character, and no CSOC input needs one: refuse it anywhere in the
// URL, query or JSON body with a 400 naming the field, instead of letting the database fail with a 500.
import type { FastifyInstance } from 'fastify';
import { InputError } from '../errors.ts';

function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNul(value[index], `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  // Only parsed JSON is inspected: plain objects and arrays. Streams and buffers (git, state) are not input
  // the database stores as text.
  const prototype = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const found = key.includes('\u0000') ? `${path}.${key}` : findNul(item, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function installNulByteGuard(app: FastifyInstance): void {
  // Callback hooks: they run on every request, and an async hook costs a promise each time.
  app.addHook('onRequest', (request, _reply, done) => {
    if (/%00/i.test(request.url)) {
      done(
        new InputError('The URL contains a NUL character (%00); remove it.', [
          { field: 'url', message: 'contains a NUL character' },
        ]),
      );
      return;
    }
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const field = findNul(request.body, 'body');
    if (field) {
      done(
        new InputError(`${field} contains a NUL character; remove it.`, [
          { field, message: 'contains a NUL character' },
        ]),
      );
      return;
    }
    done();
  });
}
