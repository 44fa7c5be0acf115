// Liveness (/healthz), readiness (/readyz: the database answers and shutdown has not begun) and the
// Prometheus scrape endpoint (/metrics). Public by design: they reveal no tenant data.
import { sql } from 'kysely';
import Type from 'typebox';
import type { CsocApp } from '../http/appContext.ts';

const HealthStatus = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export function registerHealthRoutes(app: CsocApp): void {
  const { context } = app;

  app.get(
    '/healthz',
    {
      config: { action: 'public' },
      schema: { tags: ['health'], summary: 'Liveness: the process is up', response: { 200: HealthStatus } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { action: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and the process accepts work',
        response: { 200: HealthStatus, 503: HealthStatus },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      let ready = context.lifecycle.accepting;
      checks.lifecycle = ready ? 'accepting' : 'shutting down';
      try {
        await sql`select 1`.execute(context.database.db);
        checks.database = 'ok';
      } catch {
        checks.database = 'unreachable';
        ready = false;
      }
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );

  app.get(
    '/metrics',
    {
      config: { action: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics',
        produces: ['text/plain'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => {
      const body = await context.metrics.registry.metrics();
      return reply.type(context.metrics.registry.contentType).send(body);
    },
  );
}
