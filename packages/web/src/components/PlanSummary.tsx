// A plan's +/~/- summary and its resources, as the run and commons pages show them.
import { Badge, Group, Table, Text } from '@mantine/core';
import type { Run } from '../api/apiShapes.ts';

export function PlanSummary({ plan }: { plan: NonNullable<Run['plan']> }) {
  const changed = plan.resources.filter((resource) => resource.action !== 'no-op');
  return (
    <div data-testid="plan-summary">
      <Group gap="xs" aria-label="Plan summary">
        <Badge color="green" variant="light">
          +{plan.summary.add} to add
        </Badge>
        <Badge color="orange" variant="light">
          ~{plan.summary.change} to change
        </Badge>
        <Badge color="red" variant="light">
          -{plan.summary.destroy} to destroy
        </Badge>
      </Group>
      {changed.length > 0 ? (
        <Table mt="sm" striped withTableBorder aria-label="Planned resource changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Action</Table.Th>
              <Table.Th>Resource</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changed.map((resource) => (
              <Table.Tr key={resource.address}>
                <Table.Td>{resource.action}</Table.Td>
                <Table.Td>
                  <code>{resource.address}</code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" mt="xs" c="dimmed">
          No changes.
        </Text>
      )}
    </div>
  );
}
