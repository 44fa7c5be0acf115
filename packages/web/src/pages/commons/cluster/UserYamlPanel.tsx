// The commons' user.yaml editor (ADR 0078): everyone in the org reads the newest saved version and how its
// rollout goes — the GitOps deploy that carries it, then the usersync that runs once that deploy is Healthy
// (or why none ran); operators edit and save it with the commons' name typed out, and on prod a second
// person of the approver role approves a save before anything is deployed. The server validates the file
// and names each problem's place and line.
import { Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  approveUserYaml,
  saveUserYaml,
  SETTLED_STATES,
  userYamlQueries,
  type UserYamlState,
  type UserYamlVersion,
} from '../../../api/userYamlQueries.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';

const STATE_LABELS: Record<UserYamlState, { label: string; color: string }> = {
  saved: { label: 'saved', color: 'gray' },
  'pending-approval': { label: 'waiting for a second person', color: 'yellow' },
  deploying: { label: 'deploying', color: 'blue' },
  usersync: { label: 'running usersync', color: 'blue' },
  done: { label: 'applied', color: 'green' },
  'deploy-failed': { label: 'deploy failed', color: 'red' },
  'usersync-failed': { label: 'usersync failed', color: 'red' },
  superseded: { label: 'superseded', color: 'gray' },
};

function Rollout({ current }: { current: UserYamlVersion }) {
  const state = STATE_LABELS[current.state];
  return (
    <Stack gap={4} data-testid="user-yaml-rollout">
      <Group gap="xs">
        <Text size="sm">
          Version {current.version} saved by {current.savedBy} at {new Date(current.savedAt).toLocaleString()}
          {current.approvedBy ? `, approved by ${current.approvedBy}` : ''}
        </Text>
        <Badge variant="light" color={state.color} data-testid="user-yaml-state">
          {state.label}
        </Badge>
      </Group>
      <Text size="sm" data-testid="user-yaml-deploy">
        Deploy:{' '}
        {current.deploy
          ? `${current.deploy.status} (${current.deploy.id})${current.deploy.message ? ` — ${current.deploy.message}` : ''}`
          : current.state === 'pending-approval'
            ? 'starts once a second person approves'
            : '—'}
      </Text>
      <Text size="sm" data-testid="user-yaml-usersync">
        usersync:{' '}
        {current.usersync
          ? `${current.usersync.state} (${current.usersync.id})${current.usersync.result ? ` — ${current.usersync.result}` : ''}`
          : SETTLED_STATES.includes(current.state)
            ? 'not run'
            : 'runs once the deploy is Synced and Healthy'}
      </Text>
      {current.message && (
        <Text size="sm" c={current.state === 'done' ? undefined : 'red'} data-testid="user-yaml-message">
          {current.message}
        </Text>
      )}
    </Stack>
  );
}

export function UserYamlPanel({
  org,
  commons,
  mayEdit,
  mayApprove,
  approverRole,
}: {
  org: string;
  commons: string;
  /** cluster.act: operators and above save edits. */
  mayEdit: boolean;
  /** cluster.approve and a role at or above CSOC_APPROVER_MIN_ROLE (the server still refuses one's own save). */
  mayApprove: boolean;
  /** CSOC_APPROVER_MIN_ROLE, named to those who may not approve. */
  approverRole: string;
}) {
  const queryClient = useQueryClient();
  const current = useQuery({
    ...userYamlQueries.current(org, commons),
    // Follows a rollout under way; a settled one is read again only when the tab is.
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && !SETTLED_STATES.includes(data.state) && data.state !== 'pending-approval' ? 2000 : false;
    },
  });
  /** The edited text; undefined until the user types (then the saved version shows). */
  const [draft, setDraft] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const saved = current.data;
  const text = draft ?? saved?.content ?? '';
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: userYamlQueries.current(org, commons).queryKey });
  const save = useMutation({
    mutationFn: () =>
      saveUserYaml(org, commons, { content: text, expectedVersion: saved?.version ?? 0, confirm: typed }),
    onSuccess: (version) => {
      setConfirming(false);
      setTyped('');
      setDraft(undefined);
      queryClient.setQueryData(userYamlQueries.current(org, commons).queryKey, version);
      refresh();
    },
  });
  const approve = useMutation({
    mutationFn: (version: number) => approveUserYaml(org, commons, version),
    onSuccess: (version) => {
      queryClient.setQueryData(userYamlQueries.current(org, commons).queryKey, version);
      refresh();
    },
  });

  return (
    <Card withBorder data-testid="user-yaml">
      <Stack gap="sm">
        <Title order={3} size="h4">
          user.yaml
        </Title>
        <Text size="sm" c="dimmed">
          Who may access what in this commons. A save is checked, committed to the GitOps repository in
          fence&apos;s values and deployed; usersync runs once that deploy is Synced and Healthy.
        </Text>
        <ErrorAlert error={current.error} title="Could not read the user.yaml" />
        {saved ? (
          <Rollout current={saved} />
        ) : (
          current.isSuccess && (
            <Text size="sm" data-testid="user-yaml-none">
              No user.yaml was saved through CSOC yet: usersync reads the commons&apos; user.yaml bucket.
            </Text>
          )
        )}
        {saved?.state === 'pending-approval' && !mayApprove && (
          <Text size="sm" data-testid="awaiting-approver">
            This save is waiting for an approver ({approverRole} or above).
          </Text>
        )}
        {saved?.state === 'pending-approval' && mayApprove && (
          <Group>
            <Button
              variant="light"
              loading={approve.isPending}
              onClick={() => approve.mutate(saved.version)}
              aria-label={`Approve user.yaml version ${saved.version} saved by ${saved.savedBy}`}
            >
              Approve
            </Button>
          </Group>
        )}
        <ErrorAlert error={approve.error} title="CSOC refused the approval" />
        <Textarea
          label="user.yaml"
          value={text}
          readOnly={!mayEdit}
          autosize
          minRows={8}
          maxRows={30}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
        {mayEdit && (
          <Group>
            <Button onClick={() => setConfirming(true)} disabled={draft === undefined || !text.trim()}>
              Save and deploy…
            </Button>
            {draft !== undefined && (
              <Button variant="subtle" onClick={() => setDraft(undefined)}>
                Discard changes
              </Button>
            )}
          </Group>
        )}
      </Stack>
      {confirming && (
        <ConfirmDialog
          title={`Save user.yaml of ${commons}?`}
          confirmLabel="Save and deploy"
          confirmColor="orange"
          confirmDisabled={typed !== commons}
          pending={save.isPending}
          asForm
          onClose={() => {
            setConfirming(false);
            setTyped('');
            save.reset();
          }}
          onConfirm={() => save.mutate()}
          error={save.error}
          errorTitle="CSOC refused the user.yaml"
        >
          <Text size="sm">
            It is committed to the GitOps repository and deployed; usersync then applies it to fence and
            arborist. On prod a second person may have to approve it first.
          </Text>
          <TextInput
            label={`Type ${commons} to confirm`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            data-autofocus
          />
        </ConfirmDialog>
      )}
    </Card>
  );
}
