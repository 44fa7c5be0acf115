// A plan's +/~/- summary and its resources, as the run and commons pages show them.
import { Badge, Group, Text } from '@mantine/core';
import type { Run } from '../api/apiShapes.ts';
import { DataTable } from './DataTable.tsx';

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
        <DataTable
          mt="sm"
          label="Planned resource changes"
          rows={changed}
          rowKey={(resource) => resource.address}
          columns={[
            { header: 'Action', cell: (resource) => resource.action },
            { header: 'Resource', cell: (resource) => <code>{resource.address}</code> },
          ]}
        />
      ) : (
        <Text size="sm" mt="xs" c="dimmed">
          No changes.
        </Text>
      )}
    </div>
  );
}
