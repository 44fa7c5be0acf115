// Each request's logger is built on its first line (ADR 0075): the access log and a route's own lines
// still carry the request id, redaction still applies, and a level that writes nothing builds nothing.
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../telemetry/createLogger.ts';
import { lazyChildLoggerFactory } from './lazyRequestLogger.ts';

async function serve(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  const logger = createLogger(level, destination);
  let childrenBuilt = 0;
  // Counts the pino children built: Fastify's own logger is a child of this one, each request's a child of
  // that (pino children inherit from their parent, so this method too).
  const child = logger.child;
  logger.child = function (this: typeof logger, ...args: Parameters<typeof child>) {
    childrenBuilt++;
    return child.apply(this, args);
  } as typeof logger.child;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => `request-${lines.length}-${Math.random().toString(36).slice(2)}`,
    childLoggerFactory: lazyChildLoggerFactory,
  });
  app.get('/quiet', async () => ({ ok: true }));
  app.get('/warns', async (request) => {
    request.log.warn({ auth: { token: 'csoc_pat_secret' } }, 'something to look at');
    return { ok: true };
  });
  await app.ready();
  return { app, lines, childrenBuilt: () => childrenBuilt };
}

describe('the per-request logger', () => {
  it('writes the access log at info with the request id on each line, and redacts as before', async () => {
    const { app, lines } = await serve('info');
    const response = await app.inject({ url: '/warns', headers: { cookie: 'csoc_session=abc' } });
    expect(response.statusCode).toBe(200);
    const requestLines = lines.filter((line) => line.reqId !== undefined);
    expect(requestLines.map((line) => line.msg)).toEqual([
      'incoming request',
      'something to look at',
      'request completed',
    ]);
    expect(new Set(requestLines.map((line) => line.reqId)).size).toBe(1);
    expect(requestLines[0]).toMatchObject({ level: 30, service: 'csoc', req: { url: '/warns' } });
    expect(requestLines[1]).toMatchObject({ level: 40, auth: { token: '[redacted]' } });
    expect(requestLines[2]).toMatchObject({ res: { statusCode: 200 } });
    expect(JSON.stringify(lines)).not.toContain('csoc_pat_secret');
    await app.close();
  });

  it('builds no child for a request that writes nothing at the level, and one for a request that does', async () => {
    const { app, lines, childrenBuilt } = await serve('warn');
    const before = childrenBuilt();
    expect((await app.inject({ url: '/quiet' })).statusCode).toBe(200);
    expect(childrenBuilt()).toBe(before);
    expect(lines).toEqual([]);
    expect((await app.inject({ url: '/warns' })).statusCode).toBe(200);
    expect(childrenBuilt()).toBe(before + 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'something to look at', auth: { token: '[redacted]' } });
    expect(typeof lines[0]!.reqId).toBe('string');
    await app.close();
  });
});
