// Mantine theme of the portal: Gen3-ish blue, with colours that keep WCAG AA contrast on both schemes
// (checked by the axe audit in e2e/accessibility.e2e.test.ts). Mantine's default palettes put white text
// on shades as light as #fab005 and use gray.6 for dimmed text (3.3:1), so the darker shades are deepened
// here until they reach 4.5:1 with white, and dimmed text gets a darker grey (light) or lighter (dark).
import { createTheme, DEFAULT_THEME, type MantineColorsTuple } from '@mantine/core';

function channels(hex: string): [number, number, number] {
  const value = hex.replace('#', '');
  return [0, 2, 4].map((start) => parseInt(value.slice(start, start + 2), 16)) as [number, number, number];
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of a colour against white. */
function contrastWithWhite(hex: string): number {
  return 1.05 / (relativeLuminance(hex) + 0.05);
}

/** Mixes the colour toward black, step by step, until white text on it reaches `ratio`. */
function deepenUntil(hex: string, ratio: number): string {
  let [r, g, b] = channels(hex);
  let result = hex;
  while (contrastWithWhite(result) < ratio) {
    [r, g, b] = [r, g, b].map((channel) => Math.floor(channel * 0.96)) as [number, number, number];
    result = `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  }
  return result;
}

/**
 * Shade 6 is the light scheme's filled/outline/anchor colour (white text on it, or it as text on white);
 * shade 9 is the light-variant text on shade 1; shade 8 is the dark scheme's filled colour.
 */
function accessiblePalette(palette: MantineColorsTuple): MantineColorsTuple {
  const shades = [...palette];
  for (let index = 6; index <= 9; index++) shades[index] = deepenUntil(shades[index]!, index === 9 ? 6 : 4.7);
  return shades as unknown as MantineColorsTuple;
}

const colors = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors)
    .filter(([name]) => name !== 'dark')
    .map(([name, palette]) => [name, accessiblePalette(palette)]),
);

export const portalTheme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
  colors,
});

/** Dimmed text: 5.9:1 on white (light) and 7.8:1 on the dark body (dark). */
export const portalCssVariables = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
