// The agent's end of one link connection: answers `open` frames with the matching handler, one stream
// each, never sending more data than the stream's credit; heartbeats; cancels handlers when CSOC cancels
// a stream or the connection drops. Resolves with the close code and reason when the connection ends.
import {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_MISSED_LIMIT,
  INITIAL_STREAM_CREDIT_BYTES,
  MAX_CONCURRENT_STREAMS,
  checkRequestParams,
  checkRequestResult,
  decodeServerFrame,
  encodeFrame,
  type AgentToServerFrame,
  type LinkErrorCode,
  type OpenFrame,
} from '@csoc/common/agent-protocol';
import type { WebSocket } from 'ws';
import {
  AgentRequestError,
  type AgentRequestHandler,
  type AgentRequestHandlers,
} from './AgentRequestHandlers.ts';

/** Characters per data frame: at most 3 bytes each, so a piece always fits in half the initial credit. */
const PIECE_CHARS = Math.floor(INITIAL_STREAM_CREDIT_BYTES / 2 / 3);

interface AgentStream {
  abort: AbortController;
  credit: number;
  /** Writers waiting for credit. */
  waiters: Set<() => void>;
}

export interface ServeLinkOptions {
  heartbeatIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export function serveLinkConnection(
  socket: WebSocket,
  handlers: AgentRequestHandlers,
  options: ServeLinkOptions = {},
): Promise<{ code: number; reason: string }> {
  const streams = new Map<number, AgentStream>();
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  let lastFrameAt = Date.now();

  const send = (frame: AgentToServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(encodeFrame(frame));
  };
  const sendError = (stream: number, code: LinkErrorCode, message: string) =>
    send({ type: 'error', stream, code, message: message.slice(0, 4000) });

  function waitForCredit(stream: AgentStream, bytes: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (stream.abort.signal.aborted) {
          stream.waiters.delete(check);
          return reject(new Error('the stream was cancelled'));
        }
        if (stream.credit >= bytes) {
          stream.waiters.delete(check);
          resolve();
        }
      };
      stream.waiters.add(check);
      check();
    });
  }

  async function run(frame: OpenFrame) {
    const stream: AgentStream = {
      abort: new AbortController(),
      credit: INITIAL_STREAM_CREDIT_BYTES,
      waiters: new Set(),
    };
    streams.set(frame.stream, stream);
    stream.abort.signal.addEventListener('abort', () => {
      for (const waiter of [...stream.waiters]) waiter();
    });
    const kind = frame.kind as keyof AgentRequestHandlers;
    const handler = handlers[kind] as AgentRequestHandler<typeof kind> | undefined;
    try {
      if (!handler) return sendError(frame.stream, 'unknown_kind', `this agent does not answer ${kind}`);
      const checked = checkRequestParams(kind, frame.params);
      if (!checked.ok) return sendError(frame.stream, 'invalid_params', checked.message);
      const result = await handler(frame.params as never, {
        signal: stream.abort.signal,
        async write(chunk) {
          for (let start = 0; start < chunk.length;) {
            let end = Math.min(chunk.length, start + PIECE_CHARS);
            // Never split a surrogate pair: each piece stays valid UTF-16 (and UTF-8 on the wire).
            const last = chunk.charCodeAt(end - 1);
            if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
            const piece = chunk.slice(start, end);
            start = end;
            const bytes = Buffer.byteLength(piece);
            await waitForCredit(stream, bytes);
            stream.credit -= bytes;
            send({ type: 'data', stream: frame.stream, chunk: piece });
          }
        },
      });
      // CSOC forgot a cancelled stream: nothing more to say.
      if (stream.abort.signal.aborted) return;
      const valid = checkRequestResult(kind, result);
      if (!valid.ok) return sendError(frame.stream, 'invalid_result', valid.message);
      send({ type: 'result', stream: frame.stream, result });
    } catch (error) {
      if (stream.abort.signal.aborted) return;
      if (error instanceof AgentRequestError) return sendError(frame.stream, error.code, error.message);
      options.onError?.(error);
      sendError(frame.stream, 'failed', error instanceof Error ? error.message : String(error));
    } finally {
      streams.delete(frame.stream);
    }
  }

  return new Promise((resolve) => {
    const heartbeat = setInterval(() => {
      if (Date.now() - lastFrameAt > heartbeatIntervalMs * HEARTBEAT_MISSED_LIMIT) socket.terminate();
      else send({ type: 'ping' });
    }, heartbeatIntervalMs);

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      lastFrameAt = Date.now();
      if (isBinary) return socket.close(1003, 'frames are JSON text messages');
      const decoded = decodeServerFrame(data);
      if (!decoded.ok) return socket.close(decoded.closeCode, decoded.reason.slice(0, 120));
      const frame = decoded.frame;
      switch (frame.type) {
        case 'ping':
          return send({ type: 'pong' });
        case 'pong':
          return;
        case 'open':
          if (streams.has(frame.stream))
            return sendError(frame.stream, 'duplicate_stream', `stream ${frame.stream} is already open`);
          if (streams.size >= MAX_CONCURRENT_STREAMS)
            return sendError(
              frame.stream,
              'too_many_streams',
              `at most ${MAX_CONCURRENT_STREAMS} streams at once`,
            );
          void run(frame);
          return;
        case 'credit': {
          const stream = streams.get(frame.stream);
          if (!stream) return;
          stream.credit += frame.bytes;
          for (const waiter of [...stream.waiters]) waiter();
          return;
        }
        case 'cancel':
        case 'error':
          streams.get(frame.stream)?.abort.abort();
          return;
      }
    });
    socket.on('error', (error) => options.onError?.(error));
    socket.on('close', (code: number, reason: Buffer) => {
      clearInterval(heartbeat);
      for (const stream of streams.values()) stream.abort.abort();
      streams.clear();
      resolve({ code, reason: reason.toString() });
    });
  });
}
