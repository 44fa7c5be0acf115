// Checks a request's params or result against its kind's schema. CSOC checks params before it sends and
// results when they arrive; the agent checks params before it touches the cluster.
import { Check } from 'typebox/schema';
import { firstSchemaError } from './decodeFrame.ts';
import { agentRequestKinds, type AgentRequestKind } from './requestKinds.ts';

type XSchema = Parameters<typeof Check>[0];
export type RequestCheck = { ok: true } | { ok: false; message: string };

export function checkRequestParams(kind: AgentRequestKind, params: unknown): RequestCheck {
  const schema = agentRequestKinds[kind].params;
  if (Check(schema as unknown as XSchema, params)) return { ok: true };
  return { ok: false, message: `${kind} params ${firstSchemaError(schema, params)}` };
}

export function checkRequestResult(kind: AgentRequestKind, result: unknown): RequestCheck {
  const schema = agentRequestKinds[kind].result;
  if (Check(schema as unknown as XSchema, result)) return { ok: true };
  return { ok: false, message: `${kind} result ${firstSchemaError(schema, result)}` };
}
