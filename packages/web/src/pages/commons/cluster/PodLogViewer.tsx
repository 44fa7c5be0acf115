// One pod's log through the agent: follows new lines as they come, filters the shown lines by a search,
// downloads what is shown, and says plainly when the stream ended or the agent disconnected (then "Follow
// again" starts a new stream from the tail). A pod with several containers (a sidecar) shows one
// container's log at a time, picked from a list; the pod's own container comes first.
import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { searchLines, useLogStream, type LogStreamStatus } from '../../../app/useLogStream.ts';

const STATUS_BADGE: Record<LogStreamStatus, { color: string; label: string }> = {
  connecting: { color: 'gray', label: 'connecting' },
  streaming: { color: 'green', label: 'streaming' },
  ended: { color: 'blue', label: 'ended' },
  failed: { color: 'red', label: 'stopped' },
};

const TAIL_LINES = 500;

export function PodLogViewer({
  org,
  commons,
  pod,
  containers,
  onClose,
}: {
  org: string;
  commons: string;
  pod: string;
  /** The pod's containers in spec order; with more than one the viewer asks which. */
  containers: readonly string[];
  onClose: () => void;
}) {
  const [follow, setFollow] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string>();
  const container = containers.length > 1 ? (picked ?? containers[0]) : undefined;
  const stream = useLogStream({ org, commons, pod, container, follow, tailLines: TAIL_LINES, attempt });
  const shown = useMemo(() => searchLines(stream.text, search), [stream.text, search]);
  const bottom = useRef<HTMLPreElement>(null);
  useEffect(() => {
    // Following keeps the newest line in view, as `kubectl logs -f` does.
    if (follow && bottom.current) bottom.current.scrollTop = bottom.current.scrollHeight;
  }, [shown, follow]);

  const download = () => {
    const text = shown.map((entry) => entry.line).join('\n') + '\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${commons}-${pod}${container ? `-${container}` : ''}${search ? '-filtered' : ''}.log`;
    link.click();
    URL.revokeObjectURL(url);
  };
  const badge = STATUS_BADGE[stream.status];
  return (
    <Card withBorder data-testid="pod-log-viewer" aria-label={`Log of ${pod}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={4} size="h5">
              Log of {pod}
              {container ? ` (${container})` : ''}
            </Title>
            <Badge variant="light" color={badge.color} data-testid="log-stream-status">
              {badge.label}
            </Badge>
          </Group>
          <Group gap="xs">
            {containers.length > 1 && (
              <NativeSelect
                size="xs"
                aria-label="Container"
                data-testid="log-container"
                data={[...containers]}
                value={container}
                onChange={(event) => setPicked(event.currentTarget.value)}
              />
            )}
            <Switch
              label="Follow"
              checked={follow}
              onChange={(event) => setFollow(event.currentTarget.checked)}
            />
            <TextInput
              size="xs"
              placeholder="Search shown lines"
              aria-label="Search the log"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
            />
            <Button size="xs" variant="default" onClick={download} disabled={shown.length === 0}>
              Download
            </Button>
            {(stream.status === 'ended' || stream.status === 'failed') && (
              <Button size="xs" variant="light" onClick={() => setAttempt((value) => value + 1)}>
                Follow again
              </Button>
            )}
            <Button size="xs" variant="subtle" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Group>
        <pre className="run-log" ref={bottom} tabIndex={0} aria-label="Log lines" data-testid="pod-log-lines">
          {shown.map((entry) => `${entry.line}\n`).join('')}
        </pre>
        <Text size="xs" c="dimmed" aria-live="polite" data-testid="log-stream-note">
          {search ? `${shown.length} matching line(s) of those shown. ` : ''}
          {stream.endedBecause ??
            (stream.status === 'streaming'
              ? follow
                ? `Following: the last ${TAIL_LINES} lines, then new ones as they come.`
                : `The last ${TAIL_LINES} lines.`
              : 'Connecting to the agent…')}
        </Text>
      </Stack>
    </Card>
  );
}
