import { SUPPORT_TIERS } from '@csoc/plugin-sdk/manifest-schema';
import { describe, expect, it } from 'vitest';
import { tierDisplay } from './pluginTiers.ts';

describe('plugin support tiers as the catalog shows them', () => {
  it('explains every tier the SDK defines, each in its own colour', () => {
    const displays = SUPPORT_TIERS.map(tierDisplay);
    expect(displays.map((display) => display.label)).toEqual(['core', 'community', 'experimental']);
    expect(new Set(displays.map((display) => display.color)).size).toBe(SUPPORT_TIERS.length);
    expect(tierDisplay('core').explanation).toBe('Maintained and tested by CSOC.');
    expect(tierDisplay('experimental').explanation).toBe('Not for production.');
  });

  it('shows a tier it does not know as it is, rather than hiding the plugin', () => {
    expect(tierDisplay('platinum')).toMatchObject({ label: 'platinum', color: 'gray' });
  });
});
