// Follows a pod's log through the commons' agent (GET …/cluster/pods/{pod}/logs, server-sent events):
// `log` events carry text, then one `end` ({ended: eof|cancelled}) or `error` ({code, message}, e.g.
// agent_disconnected when the link dropped). The stream is closed on either, so EventSource never
// reconnects and replays the tail as if it were new; "Follow again" starts a new one.
import { useEffect, useState } from 'react';

export type LogStreamStatus = 'connecting' | 'streaming' | 'ended' | 'failed';

export interface LogStreamState {
  text: string;
  status: LogStreamStatus;
  /** Why the stream is over, in a sentence a user can act on. */
  endedBecause?: string;
  /** The API's error code when it failed (agent_disconnected, cluster_object_not_found, …). */
  errorCode?: string;
}

/** The portal keeps the newest 1 MiB of a log; older text is dropped from the view (download what is shown). */
export const MAX_LOG_CHARS = 1_048_576;

export interface LogStreamRequest {
  org: string;
  commons: string;
  pod: string;
  /** The container of a pod with several (the API refuses a log without one then). */
  container?: string;
  follow: boolean;
  tailLines: number;
  /** Changing it starts a new stream (Follow again). */
  attempt: number;
}

export function useLogStream(request: LogStreamRequest | undefined): LogStreamState {
  const [state, setState] = useState<LogStreamState>({ text: '', status: 'connecting' });
  useEffect(() => {
    if (!request) return;
    setState({ text: '', status: 'connecting' });
    const query = new URLSearchParams({
      follow: String(request.follow),
      tailLines: String(request.tailLines),
    });
    if (request.container) query.set('container', request.container);
    const source = new EventSource(
      `/api/v1/orgs/${encodeURIComponent(request.org)}/commons/${encodeURIComponent(request.commons)}/cluster/pods/${encodeURIComponent(request.pod)}/logs?${query}`,
    );
    source.onopen = () => setState((current) => ({ ...current, status: 'streaming' }));
    source.addEventListener('log', (message) => {
      const chunk = JSON.parse((message as MessageEvent<string>).data) as string;
      setState((current) => ({ ...current, text: (current.text + chunk).slice(-MAX_LOG_CHARS) }));
    });
    source.addEventListener('end', (message) => {
      source.close();
      const ended = (JSON.parse((message as MessageEvent<string>).data) as { ended?: string }).ended;
      setState((current) => ({
        ...current,
        status: 'ended',
        endedBecause:
          ended === 'cancelled'
            ? 'The stream was cancelled.'
            : 'The stream ended: the container has no more output.',
      }));
    });
    source.addEventListener('error', (message) => {
      source.close();
      // A server-sent `error` event carries data; a bare Event is the connection itself failing.
      const data = (message as MessageEvent<string>).data;
      const error = data ? (JSON.parse(data) as { code?: string; message?: string }) : undefined;
      setState((current) => ({
        ...current,
        status: 'failed',
        errorCode: error?.code ?? 'connection_lost',
        endedBecause:
          error?.code === 'agent_disconnected'
            ? 'The agent disconnected: the stream stopped here. Follow again once it is back.'
            : (error?.message ?? 'The connection to CSOC was lost. Follow again to resume.'),
      }));
    });
    return () => source.close();
  }, [
    request?.org,
    request?.commons,
    request?.pod,
    request?.container,
    request?.follow,
    request?.tailLines,
    request?.attempt,
  ]);
  return state;
}

/** The lines of a log that contain `search` (case-insensitive), with their line numbers (1-based). */
export function searchLines(text: string, search: string): Array<{ number: number; line: string }> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const needle = search.trim().toLowerCase();
  return lines
    .map((line, index) => ({ number: index + 1, line }))
    .filter((entry) => !needle || entry.line.toLowerCase().includes(needle));
}
