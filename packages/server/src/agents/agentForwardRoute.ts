// The internal route of ADR 0079: the replica that holds a commons' agent socket answers a request another
// replica forwarded (forwardAgentRequests.ts signs and sends it), streaming the answer as NDJSON.
import { isAgentRequestKind, type AgentRequestKind } from '@csoc/common/agent-protocol';
import Type from 'typebox';
import type { MasterKeyring } from '../credentials/masterKeyring.ts';
import { DomainError, InputError, UnavailableError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { writeWithBackPressure } from '../http/writeWithBackPressure.ts';
import {
  AGENT_FORWARD_PATH,
  createForwardVerifier,
  errorLine,
  FORWARD_SIGNATURE_HEADER,
  ForwardedAgentRequest,
  type ForwardLine,
} from './forwardAgentRequests.ts';

/**
 * Registers the internal route another replica forwards agent requests to. It answers only what this
 * replica's own sockets can: a forwarded request is never forwarded again.
 */
export function registerAgentForwardRoute(app: CsocApp, keyring: MasterKeyring): void {
  const hub = app.context.agentHub;
  const verify = createForwardVerifier(keyring);
  app.post(
    AGENT_FORWARD_PATH,
    {
      // No user may call it: the replica signature is checked below and is the only credential it takes.
      config: { action: 'agent.link' },
      schema: {
        hide: true,
        body: ForwardedAgentRequest,
        produces: ['application/x-ndjson'],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const header = request.headers[FORWARD_SIGNATURE_HEADER];
      await verify(typeof header === 'string' ? header : undefined, body);
      if (!isAgentRequestKind(body.kind))
        throw new InputError(`kind ${body.kind} is not an agent request kind.`, [
          { field: 'body.kind', message: 'must be an agent request kind' },
        ]);
      let params: unknown;
      try {
        params = JSON.parse(body.paramsJson);
      } catch {
        throw new InputError('paramsJson is not JSON.', [
          { field: 'body.paramsJson', message: 'must be JSON' },
        ]);
      }
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      // At once, so the forwarder knows this replica answers even when the agent's first chunk is slow
      // (a quiet followed log): only a replica that never answers counts as gone.
      out.flushHeaders();
      const abort = new AbortController();
      out.once('close', () => abort.abort());
      const write = (line: ForwardLine) => writeWithBackPressure(out, `${JSON.stringify(line)}\n`);
      try {
        const result = await hub.requestHere(
          { orgId: body.orgId, commonsId: body.commonsId },
          body.kind as AgentRequestKind,
          params as never,
          { signal: abort.signal, onChunk: (chunk) => write({ chunk }) },
        );
        await write({ result });
      } catch (error) {
        if (!(error instanceof DomainError))
          request.log.error({ err: error }, 'forwarded agent request failed');
        await write(
          errorLine(
            error instanceof DomainError
              ? error
              : new UnavailableError(
                  'The agent request failed on the replica holding the agent.',
                  'agent_failed',
                ),
          ),
        );
      }
      out.end();
    },
  );
}
