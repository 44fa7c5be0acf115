// Turns one WebSocket message into a frame, or says why it is refused, with the close code to use.
// Both ends decode with this, so an agent and CSOC refuse exactly the same garbage.
// Uses typebox/schema (an interpreter, no `new Function`) so the module stays browser-safe.
import { Check, Errors } from 'typebox/schema';
import { LINK_CLOSE_CODES, MAX_FRAME_BYTES } from './limits.ts';
import {
  frameSchemas,
  type AgentToServerFrame,
  type LinkFrameType,
  type ServerToAgentFrame,
} from './frames.ts';
import { isAgentRequestKind } from './requestKinds.ts';

export type FrameRefusal = { ok: false; closeCode: number; reason: string };
export type DecodedFrame<F> = { ok: true; frame: F } | FrameRefusal;

type Sender = 'server' | 'agent';
type XSchema = Parameters<typeof Check>[0];

/** The first schema error of `value` against `schema`, as "path: message". */
export function firstSchemaError(schema: unknown, value: unknown): string {
  const [, errors] = Errors(schema as unknown as XSchema, value);
  const first = errors[0];
  if (!first) return 'does not match the schema';
  return `${first.instancePath || '/'}: ${first.message}`;
}

/** A received message: text, or the raw bytes of a text message (what `ws` hands over). */
export type LinkMessage = string | Uint8Array;

/** UTF-8 byte length; a string of n UTF-16 units takes at most 3n bytes, so short ones need no encoding. */
function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_FRAME_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function decode(message: LinkMessage, sender: Sender): DecodedFrame<unknown> {
  if (typeof message !== 'string' && !(message instanceof Uint8Array)) {
    return {
      ok: false,
      closeCode: LINK_CLOSE_CODES.unsupportedData,
      reason: 'frames are single JSON text messages',
    };
  }
  const bytes = typeof message === 'string' ? utf8Length(message) : message.length;
  if (bytes > MAX_FRAME_BYTES) {
    return {
      ok: false,
      closeCode: LINK_CLOSE_CODES.messageTooBig,
      reason: `frame of ${bytes} bytes exceeds the limit of ${MAX_FRAME_BYTES}`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(
      typeof message === 'string' ? message : new TextDecoder('utf-8', { fatal: true }).decode(message),
    );
  } catch {
    return { ok: false, closeCode: LINK_CLOSE_CODES.unsupportedData, reason: 'frame is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, closeCode: LINK_CLOSE_CODES.policyViolation, reason: 'frame is not a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(frameSchemas, type)) {
    return {
      ok: false,
      closeCode: LINK_CLOSE_CODES.policyViolation,
      reason: `unknown frame type ${JSON.stringify(String(type)).slice(0, 40)}`,
    };
  }
  const entry = frameSchemas[type as LinkFrameType];
  if (entry.from !== 'both' && entry.from !== sender) {
    return {
      ok: false,
      closeCode: LINK_CLOSE_CODES.policyViolation,
      reason: `a ${type} frame may only come from the ${entry.from === 'server' ? 'server' : 'agent'}`,
    };
  }
  if (!Check(entry.schema as unknown as XSchema, value)) {
    return {
      ok: false,
      closeCode: LINK_CLOSE_CODES.policyViolation,
      reason: `invalid ${type} frame: ${firstSchemaError(entry.schema, value)}`,
    };
  }
  if (type === 'open' && !isAgentRequestKind((value as { kind: string }).kind)) {
    return {
      ok: false,
      closeCode: LINK_CLOSE_CODES.policyViolation,
      reason: `unknown request kind ${JSON.stringify((value as { kind: string }).kind)}`,
    };
  }
  return { ok: true, frame: value };
}

/** CSOC decodes what an agent sent. */
export function decodeAgentFrame(message: LinkMessage): DecodedFrame<AgentToServerFrame> {
  return decode(message, 'agent') as DecodedFrame<AgentToServerFrame>;
}

/** The agent decodes what CSOC sent. */
export function decodeServerFrame(message: LinkMessage): DecodedFrame<ServerToAgentFrame> {
  return decode(message, 'server') as DecodedFrame<ServerToAgentFrame>;
}

/** Serialises a frame; the caller must keep data chunks within MAX_DATA_CHUNK_BYTES. */
export function encodeFrame(frame: AgentToServerFrame | ServerToAgentFrame): string {
  return JSON.stringify(frame);
}
