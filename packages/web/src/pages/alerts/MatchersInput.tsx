// Label matchers (label, operator, value) as rows of inputs, for silences and channel routes.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { AlertMatcher } from '@csoc/common';

const OPS = ['=', '!=', '=~', '!~'] as const;

export function MatchersInput({
  value,
  onChange,
  label,
}: {
  value: AlertMatcher[];
  onChange: (matchers: AlertMatcher[]) => void;
  label: string;
}) {
  const change = (index: number, patch: Partial<AlertMatcher>) =>
    onChange(value.map((matcher, at) => (at === index ? { ...matcher, ...patch } : matcher)));
  return (
    <Stack gap={4} role="group" aria-label={label}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {value.map((matcher, index) => (
        <Group key={index} gap={4} wrap="nowrap">
          <TextInput
            aria-label={`Matcher ${index + 1} label`}
            placeholder="label, e.g. commons"
            value={matcher.label}
            onChange={(event) => change(index, { label: event.currentTarget.value })}
          />
          <Select
            aria-label={`Matcher ${index + 1} operator`}
            data={[...OPS]}
            value={matcher.op}
            allowDeselect={false}
            w={80}
            onChange={(op) => op && change(index, { op: op as AlertMatcher['op'] })}
          />
          <TextInput
            aria-label={`Matcher ${index + 1} value`}
            placeholder="value"
            value={matcher.value}
            onChange={(event) => change(index, { value: event.currentTarget.value })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove matcher ${index + 1}`}
            onClick={() => onChange(value.filter((_, at) => at !== index))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="xs"
        variant="light"
        w="fit-content"
        onClick={() => onChange([...value, { label: '', op: '=', value: '' }])}
      >
        Add matcher
      </Button>
    </Stack>
  );
}
