// Placeholder: filled in by the portal work on this screen.
import { Title } from '@mantine/core';

export function GitOpsPage() {
  return <Title order={2}>GitOpsPage</Title>;
}
