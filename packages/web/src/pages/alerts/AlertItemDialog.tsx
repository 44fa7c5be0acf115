// What the rule and channel dialogs share: a form dialog that adds or edits one named item of the org's
// alerting, the name and kind inputs of a new item (both fixed once created), and a save that announces
// itself, closes the dialog and refreshes the alerts page, with the server's field errors for the inputs.
import { Select, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useAlertsChanged } from './useAlertsChanged.ts';

type ItemNoun = 'rule' | 'channel';

/**
 * Saves an item with `save`; `fieldError('name', 'config.url')` gives the server's messages for those
 * request fields (under `body.`), joined, for an input's `error`.
 */
export function useSaveAlertItem<Saved extends { name: string }>(
  org: string,
  noun: ItemNoun,
  save: () => Promise<Saved>,
  onClose: () => void,
) {
  const changed = useAlertsChanged(org);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async (saved) => {
      notifications.show({ message: `${noun === 'rule' ? 'Rule' : 'Channel'} ${saved.name} saved.` });
      onClose();
      await changed();
    },
  });
  const errors = mutation.error instanceof ApiError ? mutation.error.fieldErrors('body.') : {};
  const fieldError = (...fields: string[]) =>
    fields.flatMap((field) => errors[field] ?? []).join(' ') || undefined;
  return { mutation, fieldError };
}

export interface AlertItemDialogProps {
  noun: ItemNoun;
  /** The title when adding ("Add an alert rule"). */
  addTitle: string;
  /** The name of the item edited; adding when left out. */
  editing?: string;
  mutation: { mutate: () => void; isPending: boolean; error: unknown };
  onClose: () => void;
  autoComplete?: string;
  children: ReactNode;
}

export function AlertItemDialog({
  noun,
  addTitle,
  editing,
  mutation,
  onClose,
  autoComplete,
  children,
}: AlertItemDialogProps) {
  return (
    <ConfirmDialog
      asForm
      autoComplete={autoComplete}
      title={editing ? `Edit ${noun} ${editing}` : addTitle}
      size="lg"
      onClose={onClose}
      onConfirm={() => mutation.mutate()}
      confirmLabel={editing ? `Save ${noun}` : `Add ${noun}`}
      pending={mutation.isPending}
      error={mutation.error}
      errorTitle={`The ${noun} was not saved`}
    >
      {children}
    </ConfirmDialog>
  );
}

/** The name and kind of an item being added. */
export function NewAlertItemFields<Kind extends string>({
  name,
  onNameChange,
  nameError,
  kindLabel,
  kinds,
  kind,
  onKindChange,
}: {
  name: string;
  onNameChange: (name: string) => void;
  nameError?: string;
  kindLabel: string;
  kinds: readonly Kind[];
  kind: Kind;
  onKindChange: (kind: Kind) => void;
}) {
  return (
    <>
      <TextInput
        label="Name"
        description="Lower-case letters, digits and dashes"
        value={name}
        onChange={(event) => onNameChange(event.currentTarget.value)}
        error={nameError}
        required
      />
      <Select
        label={kindLabel}
        data={[...kinds]}
        value={kind}
        allowDeselect={false}
        onChange={(value) => value && onKindChange(value as Kind)}
      />
    </>
  );
}
