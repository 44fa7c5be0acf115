// The alerts of an org: the alerts themselves (firing, pending, resolved; acknowledge, silence), silences
// and maintenance windows, rules, notification channels (test-send) and the delivery log — a tab each,
// kept in ?tab=. Viewers read everything; operators change it (the API's policy, alert.ack/alert.manage).
import { Stack, Tabs, Title } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import { AlertListPanel } from './AlertListPanel.tsx';
import { ChannelsPanel } from './ChannelsPanel.tsx';
import { DeliveriesPanel } from './DeliveriesPanel.tsx';
import { RulesPanel } from './RulesPanel.tsx';
import { SilencesPanel } from './SilencesPanel.tsx';

const ALERT_TABS = [
  { value: 'alerts', label: 'Alerts', Panel: AlertListPanel },
  { value: 'silences', label: 'Silences', Panel: SilencesPanel },
  { value: 'rules', label: 'Rules', Panel: RulesPanel },
  { value: 'channels', label: 'Channels', Panel: ChannelsPanel },
  { value: 'deliveries', label: 'Delivery log', Panel: DeliveriesPanel },
] as const;

export function AlertsPage() {
  const { org = '' } = useParams<{ org: string }>();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = searchParams.get('tab') ?? 'alerts';
  return (
    <Stack>
      <Title order={2}>Alerts</Title>
      <Tabs value={tab} onChange={(value) => setSearchParams({ tab: value ?? 'alerts' })} keepMounted={false}>
        <Tabs.List>
          {ALERT_TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {ALERT_TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Panel org={org} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
