// An action's output as server-sent events, read from the stored action (so any replica serves it, and a
// reconnecting client resumes where it stopped): each `output` event's id is the byte offset its text ends
// at; Last-Event-ID asks for what came after. It polls the stored row, which is bounded and cheap.
import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findClusterAction } from './clusterActionStore.ts';

const POLL_MS = 250;
const sseEvent = (event: string, data: unknown, id?: number) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The stored output after byte offset `from`, and whether older output than asked for was dropped. */
export function outputAfter(
  output: string,
  outputBytes: number,
  from: number,
): { text: string; trimmed: boolean } {
  const retained = Buffer.from(output);
  const retainedStart = outputBytes - retained.length;
  const start = Math.max(from, retainedStart);
  return {
    text: start >= outputBytes ? '' : retained.subarray(start - retainedStart).toString(),
    trimmed: from < retainedStart,
  };
}

export async function streamActionEvents(options: {
  db: Kysely<Database>;
  commonsId: string;
  actionId: string;
  from: number;
  out: ServerResponse;
}): Promise<void> {
  const { db, commonsId, actionId, out } = options;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  let closed = false;
  out.once('close', () => {
    closed = true;
  });
  let sent = options.from;
  let lastState: string | undefined;
  try {
    await pollUntilEnded();
  } catch {
    // The database went away (CSOC stopping); the client reconnects with Last-Event-ID.
    if (!closed)
      out.write(sseEvent('error', { code: 'unavailable', message: 'CSOC is stopping; reconnect.' }));
  }
  out.end();

  async function pollUntilEnded() {
    while (!closed) {
      const action = await findClusterAction(db, commonsId, actionId);
      if (action.state !== lastState) {
        lastState = action.state;
        out.write(sseEvent('state', { state: action.state }));
      }
      const total = Number(action.output_bytes);
      if (total > sent) {
        const { text, trimmed } = outputAfter(action.output, total, sent);
        if (trimmed)
          out.write(sseEvent('trimmed', { message: 'Older output is no longer kept (last 64 KiB only).' }));
        out.write(sseEvent('output', { text }, total));
        sent = total;
      }
      if (action.state === 'succeeded' || action.state === 'failed') {
        out.write(sseEvent('end', { state: action.state, result: action.result_message }));
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
