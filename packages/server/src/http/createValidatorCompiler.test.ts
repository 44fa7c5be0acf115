// Validators compile on first use or in the background after start (ADR 0067): what a client notices must not
// change — a bad request is refused before its handler runs, whether or not its validator compiled yet.
import fastify from 'fastify';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { compilePendingValidators, createValidatorCompiler } from './createValidatorCompiler.ts';

async function appWith(schema: Record<string, unknown>, onHandled: () => void) {
  const app = fastify();
  app.setValidatorCompiler(createValidatorCompiler());
  app.post('/things', { schema }, async () => {
    onHandled();
    return { ok: true };
  });
  await app.ready();
  return app;
}

const ThingBody = Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false });
const ThingQuery = Type.Object({ limit: Type.Optional(Type.Integer({ maximum: 10 })) });

describe('validators compiled on first use', () => {
  it('refuse a bad body and query on the first request, naming the field, before the handler runs', async () => {
    let handled = 0;
    const app = await appWith({ body: ThingBody, querystring: ThingQuery }, () => handled++);
    const badBody = await app.inject({ method: 'POST', url: '/things', payload: { name: '', extra: 1 } });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.body).toContain('body');
    const badQuery = await app.inject({ method: 'POST', url: '/things?limit=11', payload: { name: 'a' } });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.body).toContain('limit');
    expect(handled).toBe(0);
    const good = await app.inject({ method: 'POST', url: '/things?limit=3', payload: { name: 'a' } });
    expect(good.statusCode).toBe(200);
    expect(handled).toBe(1);
    await app.close();
  });

  it('are compiled by the background pass, after which requests are validated the same', async () => {
    let handled = 0;
    const app = await appWith({ body: ThingBody }, () => handled++);
    // The route's validator (and any other app's still pending in this process) compiles now.
    expect(await compilePendingValidators()).toBeGreaterThan(0);
    expect(await compilePendingValidators()).toBe(0);
    const bad = await app.inject({ method: 'POST', url: '/things', payload: { name: 7 } });
    expect(bad.statusCode).toBe(400);
    expect(handled).toBe(0);
    await app.close();
  });

  it('report a schema that cannot compile, and its route refuses every request with 500', async () => {
    let handled = 0;
    const app = await appWith(
      { body: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } },
      () => handled++,
    );
    const errors: unknown[] = [];
    await compilePendingValidators({ onError: (error) => errors.push(error) });
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('nowhere');
    const response = await app.inject({ method: 'POST', url: '/things', payload: { a: 1 } });
    expect(response.statusCode).toBe(500);
    expect(handled).toBe(0);
    await app.close();
  });

  it('stop the background pass when asked', async () => {
    const app = await appWith({ body: ThingBody, querystring: ThingQuery }, () => {});
    const abort = new AbortController();
    abort.abort();
    expect(await compilePendingValidators({ signal: abort.signal })).toBe(0);
    expect(await compilePendingValidators()).toBe(2);
    await app.close();
  });
});
