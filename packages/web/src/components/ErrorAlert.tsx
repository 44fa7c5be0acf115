// The portal's one way to show a failure: the API's message, its field details and the request id to quote.
import { Alert, Code, List, Text } from '@mantine/core';
import { ApiError } from '../api/ApiError.ts';

export interface ErrorAlertProps {
  error: unknown;
  title?: string;
}

export function ErrorAlert({ error, title = 'Something went wrong' }: ErrorAlertProps) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="error-alert">
      <Text size="sm">{message}</Text>
      {apiError && apiError.details.length > 0 && (
        <List size="sm" mt="xs">
          {apiError.details.map((detail) => (
            <List.Item key={`${detail.field}:${detail.message}`}>
              <Code>{detail.field}</Code> {detail.message}
            </List.Item>
          ))}
        </List>
      )}
      {apiError?.requestId && (
        <Text size="xs" c="dimmed" mt="xs">
          Request id: <Code data-testid="request-id">{apiError.requestId}</Code>
        </Text>
      )}
    </Alert>
  );
}
