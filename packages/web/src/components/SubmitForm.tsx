// A form that hands its submit to the page instead of the browser: Enter or the submit button calls
// `onSubmit`, and the page never reloads.
import type { ComponentPropsWithoutRef } from 'react';

export interface SubmitFormProps extends Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit'> {
  onSubmit: () => void;
}

export function SubmitForm({ onSubmit, ...formProps }: SubmitFormProps) {
  return (
    <form
      {...formProps}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    />
  );
}
