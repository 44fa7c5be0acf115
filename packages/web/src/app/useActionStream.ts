// Follows a cluster action's live output (GET …/cluster/actions/{id}/events, server-sent events): `state`
// changes, `output` text (with its byte offset as the event id, so EventSource resumes with Last-Event-ID),
// `trimmed` when older output is no longer kept, then one `end` with the final state and result.
import { useEffect, useState } from 'react';

export interface ActionStreamState {
  output: string;
  state?: string;
  result?: string | null;
  ended: boolean;
  trimmed: boolean;
}

export function useActionStream(
  org: string,
  commons: string,
  actionId: string | undefined,
  onEnd: () => void,
): ActionStreamState {
  const [stream, setStream] = useState<ActionStreamState>({ output: '', ended: false, trimmed: false });
  useEffect(() => {
    setStream({ output: '', ended: false, trimmed: false });
    if (!actionId) return;
    const source = new EventSource(
      `/api/v1/orgs/${encodeURIComponent(org)}/commons/${encodeURIComponent(commons)}/cluster/actions/${encodeURIComponent(actionId)}/events`,
    );
    const data = (message: Event) =>
      JSON.parse((message as MessageEvent<string>).data) as Record<string, unknown>;
    source.addEventListener('state', (message) =>
      setStream((current) => ({ ...current, state: String(data(message).state) })),
    );
    source.addEventListener('output', (message) =>
      setStream((current) => ({ ...current, output: current.output + String(data(message).text ?? '') })),
    );
    source.addEventListener('trimmed', () => setStream((current) => ({ ...current, trimmed: true })));
    source.addEventListener('end', (message) => {
      source.close();
      const end = data(message) as { state?: string; result?: string | null };
      setStream((current) => ({ ...current, state: end.state, result: end.result, ended: true }));
      onEnd();
    });
    return () => source.close();
    // onEnd is a refetch callback; re-subscribing on its identity would restart the stream.
  }, [org, commons, actionId]);
  return stream;
}
