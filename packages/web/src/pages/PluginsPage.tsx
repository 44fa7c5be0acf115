// The plugin catalog: every installed version with its tier, clouds, capabilities and the cloud
// permissions it needs.
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/apiClient.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function PluginsPage() {
  const plugins = useQuery({
    queryKey: ['plugins'],
    queryFn: () => unwrap(api.GET('/api/v1/plugins', { params: { query: { limit: 500 } } })),
  });
  return (
    <Stack>
      <Title order={2}>Plugin catalog</Title>
      <ErrorAlert error={plugins.error} />
      <Table withTableBorder striped aria-label="Plugins">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Plugin</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Tier</Table.Th>
            <Table.Th>Clouds</Table.Th>
            <Table.Th>Capabilities</Table.Th>
            <Table.Th>Permissions</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(plugins.data?.items ?? []).map((plugin) => {
            const permissions = Array.isArray(plugin.manifest.permissions)
              ? (plugin.manifest.permissions as unknown[])
              : [];
            return (
              <Table.Tr key={plugin.id}>
                <Table.Td>
                  <Text fw={600}>{plugin.name}</Text>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {plugin.description}
                  </Text>
                </Table.Td>
                <Table.Td>{plugin.version}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={plugin.tier === 'official' ? 'indigo' : 'orange'}>
                    {plugin.tier}
                  </Badge>
                </Table.Td>
                <Table.Td>{plugin.clouds.join(', ')}</Table.Td>
                <Table.Td>{plugin.capabilities.join(', ')}</Table.Td>
                <Table.Td>
                  {permissions.length
                    ? permissions
                        .map((permission) =>
                          typeof permission === 'string' ? permission : JSON.stringify(permission),
                        )
                        .join(', ')
                    : 'none'}
                </Table.Td>
                <Table.Td>{plugin.enabled ? 'enabled' : 'disabled'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
