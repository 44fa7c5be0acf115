// Follows a run's live output over Server-Sent Events (same-origin cookies): log text, the plugin's
// progress (step/total) and resource events, and state changes; EventSource resumes with Last-Event-ID.
import { useEffect, useState } from 'react';

export interface RunStreamState {
  log: string;
  progress?: { step: number; total: number; message?: string };
  resources: Map<string, { action: string; status: string }>;
  lastState?: string;
  ended: boolean;
  connected: boolean;
}

const MAX_LOG_CHARS = 400_000;

export function useRunStream(org: string, runId: string, onStateChange: () => void): RunStreamState {
  const [stream, setStream] = useState<RunStreamState>({
    log: '',
    resources: new Map(),
    ended: false,
    connected: false,
  });
  useEffect(() => {
    setStream({ log: '', resources: new Map(), ended: false, connected: false });
    const source = new EventSource(
      `/api/v1/orgs/${encodeURIComponent(org)}/runs/${encodeURIComponent(runId)}/output/stream`,
    );
    source.onopen = () => setStream((current) => ({ ...current, connected: true }));
    source.addEventListener('log', (message) => {
      const text = JSON.parse(message.data) as string;
      setStream((current) => ({ ...current, log: (current.log + text).slice(-MAX_LOG_CHARS) }));
    });
    source.addEventListener('event', (message) => {
      const event = JSON.parse(message.data) as {
        type?: string;
        step?: number;
        total?: number;
        message?: string;
        address?: string;
        action?: string;
        status?: string;
      };
      if (event.type === 'progress' && typeof event.step === 'number' && typeof event.total === 'number') {
        const progress = {
          step: event.step,
          total: event.total,
          ...(event.message ? { message: event.message } : {}),
        };
        setStream((current) => ({ ...current, progress }));
      } else if (event.type === 'resource' && event.address) {
        const address = event.address;
        setStream((current) => {
          const resources = new Map(current.resources);
          resources.set(address, { action: event.action ?? '', status: event.status ?? '' });
          return { ...current, resources };
        });
      }
    });
    source.addEventListener('state', (message) => {
      const state = (JSON.parse(message.data) as { state?: string }).state;
      setStream((current) => ({ ...current, lastState: state ?? current.lastState }));
      onStateChange();
    });
    source.addEventListener('end', () => {
      // The run finished: stop EventSource from reconnecting and replaying.
      source.close();
      setStream((current) => ({ ...current, ended: true, connected: false }));
      onStateChange();
    });
    return () => source.close();
    // onStateChange is a refetch callback; re-subscribing on its identity would restart the stream.
  }, [org, runId]);
  return stream;
}
