// A deploy, Argo CD or probe status as a badge (the text is always shown; colour only reinforces it).
import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  Healthy: 'green',
  healthy: 'green',
  Synced: 'green',
  Progressing: 'blue',
  syncing: 'blue',
  committed: 'blue',
  requested: 'gray',
  OutOfSync: 'yellow',
  Degraded: 'red',
  failed: 'red',
  unhealthy: 'red',
  Missing: 'gray',
  degraded: 'red',
  timeout: 'red',
  unreachable: 'red',
  removing: 'blue',
  removed: 'gray',
  superseded: 'gray',
  // Probe answers CSOC refused to follow or send: the operator's setting decides, not the service.
  redirected: 'yellow',
  refused: 'yellow',
};

export function StatusBadge({
  value,
  size = 'md',
}: {
  value: string | null | undefined;
  size?: 'xs' | 'sm' | 'md';
}) {
  return (
    <Badge color={COLORS[value ?? ''] ?? 'gray'} variant="light" size={size} style={{ overflow: 'visible' }}>
      {value ?? 'unknown'}
    </Badge>
  );
}
