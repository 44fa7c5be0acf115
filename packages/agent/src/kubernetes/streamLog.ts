// Copies a pod's log from the API server to the link chunk by chunk. Each write() waits for the stream's
// credit, and while it waits nothing more is read from the API socket: TCP back-pressure reaches the API
// server, and no log is ever held whole in memory.
import { StringDecoder } from 'node:string_decoder';
import { MAX_DATA_CHUNK_BYTES } from '@csoc/common/agent-protocol';
import type { AgentRequestContext } from '../link/AgentRequestHandlers.ts';
import type { KubernetesClient, PodLogQuery } from './kubernetesClient.ts';

/** Small enough that one chunk never exceeds a data frame, even if every byte became a 3-byte character. */
const PIECE_BYTES = Math.floor(MAX_DATA_CHUNK_BYTES / 3);

/** Streams the log to ctx.write; 'cancelled' when ctx.signal (or `stop`) ended it, 'eof' when the log did. */
export async function pipePodLog(
  client: KubernetesClient,
  pod: string,
  query: PodLogQuery,
  ctx: AgentRequestContext,
  stop?: AbortSignal,
): Promise<'eof' | 'cancelled'> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  ctx.signal.addEventListener('abort', abort, { once: true });
  stop?.addEventListener('abort', abort, { once: true });
  if (ctx.signal.aborted || stop?.aborted) return 'cancelled';
  try {
    const body = await client.streamPodLog(pod, query, controller.signal);
    const decoder = new StringDecoder('utf8');
    for await (const bytes of body) {
      for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) {
        const text = decoder.write(bytes.subarray(offset, offset + PIECE_BYTES));
        if (text) await ctx.write(text);
      }
    }
    const rest = decoder.end();
    if (rest) await ctx.write(rest);
    return controller.signal.aborted ? 'cancelled' : 'eof';
  } catch (error) {
    if (controller.signal.aborted) return 'cancelled';
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    stop?.removeEventListener('abort', abort);
    controller.abort();
  }
}
