// Placeholder: filled in by the portal work on this screen.
import { Title } from '@mantine/core';

export function UsersPage() {
  return <Title order={2}>UsersPage</Title>;
}
