// Daily uptime as a strip of bars, oldest left, today right. Each bar is a list item carrying its day in
// words (visually hidden, and as a tooltip), so the strip is read out and not only seen.
import { Box, Group, Text, VisuallyHidden } from '@mantine/core';
import type { UptimeDay } from '../api/apiShapes.ts';
import { UPTIME_BAND_COLORS, uptimeBand, uptimeDayLabel } from '../app/healthDisplay.ts';

export function UptimeStrip({ days, label }: { days: readonly UptimeDay[]; label: string }) {
  return (
    <Box>
      <Group
        component="ul"
        aria-label={label}
        gap={2}
        wrap="nowrap"
        align="stretch"
        style={{ listStyle: 'none', margin: 0, padding: 0, height: 32 }}
      >
        {days.map((day) => {
          const text = uptimeDayLabel(day);
          return (
            <Box
              component="li"
              key={day.day}
              title={text}
              data-testid="uptime-day"
              data-band={uptimeBand(day)}
              style={{
                flex: '1 1 0',
                minWidth: 3,
                maxWidth: 14,
                borderRadius: 2,
                background: UPTIME_BAND_COLORS[uptimeBand(day)],
              }}
            >
              <VisuallyHidden>{text}</VisuallyHidden>
            </Box>
          );
        })}
      </Group>
      <Group justify="space-between" mt={4} maw={days.length * 16}>
        <Text size="xs" c="dimmed">
          {days[0]?.day}
        </Text>
        <Text size="xs" c="dimmed">
          today
        </Text>
      </Group>
    </Box>
  );
}
