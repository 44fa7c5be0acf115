// A health state (healthy / degraded / down / unknown) as a badge: the word is always shown, the colour
// only reinforces it.
import { Badge, type BadgeProps } from '@mantine/core';
import type { HealthState } from '../api/apiShapes.ts';
import { HEALTH_COLORS } from '../app/healthDisplay.ts';

export function HealthBadge({ state, ...props }: { state: HealthState } & Omit<BadgeProps, 'color'>) {
  return (
    <Badge miw="max-content" color={HEALTH_COLORS[state]} data-health={state} {...props}>
      {state}
    </Badge>
  );
}
