// The portal's one confirmation dialog: what the action does, the server's refusal in place, and Cancel
// beside the confirming button. With `asForm`, Enter confirms (e.g. after typing a name to confirm).
import { Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';
import { SubmitForm } from './SubmitForm.tsx';

export interface ConfirmDialogProps {
  title: string;
  onClose: () => void;
  onConfirm: () => void;
  /** The confirming button's text, naming the action (e.g. "Disable sim 0.1.0"). */
  confirmLabel: ReactNode;
  /** The confirming button's accessible name when its text alone is ambiguous. */
  confirmAriaLabel?: string;
  /** e.g. red for what is hard to undo; the theme's primary colour when left out. */
  confirmColor?: string;
  confirmDisabled?: boolean;
  pending?: boolean;
  cancelAriaLabel?: string;
  /** The accessible name of the close (×) button. */
  closeAriaLabel?: string;
  size?: ModalProps['size'];
  /** Wraps the dialog in a form: Enter confirms, the confirming button submits. */
  asForm?: boolean;
  autoComplete?: string;
  /** The failure of the action, shown above the buttons under `errorTitle`. */
  error?: unknown;
  errorTitle?: string;
  /** What the action does, and any inputs it needs. */
  children: ReactNode;
}

/**
 * A modal that asks before an action.
 *
 * @example
 * <ConfirmDialog title="Disable x?" confirmLabel="Disable x" confirmColor="red" onConfirm={() => disable.mutate()}
 *   onClose={close} pending={disable.isPending} error={disable.error} errorTitle="Could not disable x">
 *   <Text size="sm">What disabling means.</Text>
 * </ConfirmDialog>
 */
export function ConfirmDialog({
  title,
  onClose,
  onConfirm,
  confirmLabel,
  confirmAriaLabel,
  confirmColor,
  confirmDisabled,
  pending,
  cancelAriaLabel,
  closeAriaLabel,
  size,
  asForm,
  autoComplete,
  error,
  errorTitle,
  children,
}: ConfirmDialogProps) {
  const body = (
    <Stack>
      {children}
      <ErrorAlert error={error} title={errorTitle} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} aria-label={cancelAriaLabel}>
          Cancel
        </Button>
        <Button
          type={asForm ? 'submit' : 'button'}
          color={confirmColor}
          disabled={confirmDisabled}
          loading={pending}
          onClick={asForm ? undefined : onConfirm}
          aria-label={confirmAriaLabel}
        >
          {confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size={size}
      {...(closeAriaLabel ? { closeButtonProps: { 'aria-label': closeAriaLabel } } : {})}
    >
      {asForm ? (
        <SubmitForm autoComplete={autoComplete} onSubmit={onConfirm}>
          {body}
        </SubmitForm>
      ) : (
        body
      )}
    </Modal>
  );
}
