// Agent requests across API replicas (ADR 0079): a replica without the commons' agent socket carries the
// request over HTTP to the replica that holds it (POST /internal/v1/agent-requests), signed with a key
// derived from the master key, and streams the answer back as NDJSON so log follows and action output keep
// their back-pressure. Only this route accepts the signature; user credentials are never accepted on it.
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import Type from 'typebox';
import type { MasterKeyring } from '../credentials/masterKeyring.ts';
import type { DomainError } from '../errors.ts';
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  UnavailableError,
} from '../errors.ts';

export const AGENT_FORWARD_PATH = '/internal/v1/agent-requests';
export const FORWARD_SIGNATURE_HEADER = 'x-csoc-replica-signature';
/** How far a forwarded request's timestamp may be from the receiver's clock. */
const SIGNATURE_WINDOW_MS = 60_000;
const CONNECT_TIMEOUT_MS = 3_000;

export const ForwardedAgentRequest = Type.Object(
  {
    /** The replica that forwards (for the receiver's log). */
    from: Type.String({ minLength: 1, maxLength: 64 }),
    orgId: Type.String({ minLength: 1, maxLength: 64 }),
    commonsId: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.String({ minLength: 1, maxLength: 64 }),
    /** The request's params as JSON text, so the signature covers exactly the bytes sent. */
    paramsJson: Type.String({ maxLength: 65_536 }),
  },
  { additionalProperties: false },
);
export interface ForwardedAgentRequest {
  from: string;
  orgId: string;
  commonsId: string;
  kind: string;
  paramsJson: string;
}

/** One NDJSON line of a forwarded answer. */
export type ForwardLine =
  { chunk: string } | { result: unknown } | { error: { type: string; code: string; message: string } };

const forwardKeys = new WeakMap<object, Buffer>();
function forwardKeyOf(masterKey: { key: Buffer }): Buffer {
  let key = forwardKeys.get(masterKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterKey.key, Buffer.alloc(0), 'csoc/agent-forward/v1', 32));
    forwardKeys.set(masterKey, key);
  }
  return key;
}

const canonical = (at: number, nonce: string, body: ForwardedAgentRequest) =>
  [
    'v1',
    at,
    nonce,
    body.from,
    body.orgId,
    body.commonsId,
    body.kind,
    createHash('sha256').update(body.paramsJson).digest('hex'),
  ].join('\n');

/** The signature header of a forwarded request: `t=<ms>,n=<nonce>,k=<master key id>,v1=<hmac>`. */
export function signForwardedRequest(keyring: MasterKeyring, body: ForwardedAgentRequest, at = Date.now()) {
  const nonce = randomBytes(12).toString('base64url');
  const mac = createHmac('sha256', forwardKeyOf(keyring.primary))
    .update(canonical(at, nonce, body))
    .digest('base64url');
  return `t=${at},n=${nonce},k=${keyring.primary.id},v1=${mac}`;
}

/**
 * Checks a forwarded request's signature: made with a key of this keyring, within a minute of now, and not
 * seen before (nonces are remembered for twice the window). AuthenticationError naming what is wrong.
 */
export function createForwardVerifier(keyring: MasterKeyring) {
  const seen = new Map<string, number>();
  return async (header: string | undefined, body: ForwardedAgentRequest, now = Date.now()): Promise<void> => {
    const refuse = (why: string) =>
      new AuthenticationError(
        `The forwarded agent request was refused: ${why}. Only CSOC replicas sharing the master key call ${AGENT_FORWARD_PATH}.`,
        'invalid_replica_signature',
      );
    const fields = Object.fromEntries(
      (header ?? '').split(',').map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
      }),
    );
    const at = Number(fields.t);
    if (!header || !Number.isSafeInteger(at) || !fields.n || !fields.k || !fields.v1)
      throw refuse(`header ${FORWARD_SIGNATURE_HEADER} is missing or not t=…,n=…,k=…,v1=…`);
    if (Math.abs(now - at) > SIGNATURE_WINDOW_MS)
      throw refuse('its timestamp is more than a minute from this replica’s clock');
    const masterKey = await keyring.resolve(fields.k);
    if (!masterKey) throw refuse('it is signed with a master key this replica does not hold');
    const expected = createHmac('sha256', forwardKeyOf(masterKey))
      .update(canonical(at, fields.n, body))
      .digest();
    const given = Buffer.from(fields.v1, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw refuse('the signature does not match');
    for (const [nonce, expiresAt] of seen) if (expiresAt < now) seen.delete(nonce);
    if (seen.has(fields.n)) throw refuse('it was already received once (a replay?)');
    seen.set(fields.n, now + 2 * SIGNATURE_WINDOW_MS);
  };
}

/** The owner replica could not be reached at all (refused, timed out, reset before an answer). */
export class ReplicaUnreachableError extends Error {}

/** Domain errors an agent request ends with, by name; each is rebuilt as the same type on the forwarder. */
const errorTypes = {
  InputError: (message: string, code: string) => new InputError(message, undefined, code),
  NotFoundError: (message: string, code: string) => new NotFoundError(message, code),
  ForbiddenError: (message: string, code: string) => new ForbiddenError(message, code),
  ConflictError: (message: string, code: string) => new ConflictError(message, code),
  AuthenticationError: (message: string, code: string) => new AuthenticationError(message, code),
  UnavailableError: (message: string, code: string) => new UnavailableError(message, code),
} as const;
const errorClasses = { InputError, NotFoundError, ForbiddenError, ConflictError, AuthenticationError };

/** A domain error as an NDJSON error line. */
export function errorLine(error: DomainError): ForwardLine {
  const type = Object.entries(errorClasses).find(([, type_]) => error instanceof type_)?.[0];
  return { error: { type: type ?? 'UnavailableError', code: error.code, message: error.message } };
}

function domainErrorOf(line: { type: string; code: string; message: string }): DomainError {
  const make = errorTypes[line.type as keyof typeof errorTypes] ?? errorTypes.UnavailableError;
  return make(line.message, line.code);
}

/**
 * Sends a request to the replica at `url` and relays its answer: each chunk to `onChunk` (the next is read
 * only once it settles), then the result, or the error the owner answered. ReplicaUnreachableError when
 * the owner does not answer at all.
 */
export function sendForwardedRequest(
  url: string,
  body: ForwardedAgentRequest,
  signature: string,
  options: { signal?: AbortSignal; onChunk?: (chunk: string) => void | Promise<void> },
): Promise<unknown> {
  const target = new URL(AGENT_FORWARD_PATH, url);
  const payload = JSON.stringify(body);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = client.request(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        [FORWARD_SIGNATURE_HEADER]: signature,
      },
      signal: options.signal,
      timeout: CONNECT_TIMEOUT_MS,
    });
    request.on('timeout', () => {
      if (!answered) request.destroy(new ReplicaUnreachableError('no answer within 3 s'));
    });
    request.on('error', (error) => {
      if (options.signal?.aborted)
        return reject(new UnavailableError('the request was cancelled', 'cancelled'));
      reject(
        answered
          ? new UnavailableError(
              `The replica holding the agent stopped answering: ${error.message}`,
              'agent_disconnected',
            )
          : new ReplicaUnreachableError(error.message),
      );
    });
    request.on('response', (response) => {
      answered = true;
      request.setTimeout(0);
      if (response.statusCode !== 200) {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (piece: string) => (text += piece.slice(0, 4000)));
        response.on('end', () =>
          reject(
            new UnavailableError(
              `The replica holding the agent refused the forwarded request (HTTP ${response.statusCode}): ${text.slice(0, 500)}`,
              'replica_forward_refused',
            ),
          ),
        );
        return;
      }
      void relay(response).then(resolve, reject);
    });
    request.end(payload);
  });

  async function relay(response: http.IncomingMessage): Promise<unknown> {
    response.setEncoding('utf8');
    let buffer = '';
    for await (const piece of response as AsyncIterable<string>) {
      buffer += piece;
      let end: number;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, end)) as ForwardLine;
        buffer = buffer.slice(end + 1);
        if ('chunk' in line) await options.onChunk?.(line.chunk);
        else if ('result' in line) return line.result;
        else throw domainErrorOf(line.error);
      }
    }
    throw new UnavailableError(
      'The replica holding the agent stopped answering before the request ended (it may be stopping); retry in a moment.',
      'agent_disconnected',
    );
  }
}
