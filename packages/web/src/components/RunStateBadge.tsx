// A run's state as a coloured badge (text always present, so colour is never the only signal).
import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  queued: 'gray',
  running: 'blue',
  planned: 'yellow',
  applying: 'blue',
  succeeded: 'green',
  failed: 'red',
  errored: 'red',
  cancelled: 'gray',
  discarded: 'gray',
};

export function RunStateBadge({ state }: { state: string }) {
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" data-testid="run-state">
      {state}
    </Badge>
  );
}
