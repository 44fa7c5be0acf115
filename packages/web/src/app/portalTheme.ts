// Mantine theme of the portal: Gen3-ish blue, colours with AA contrast on both schemes.
import { createTheme } from '@mantine/core';

export const portalTheme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
});
