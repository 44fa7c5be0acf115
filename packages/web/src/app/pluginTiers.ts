// How the plugin catalog shows a support tier (ADR 0059): a colour and one sentence that says what the tier
// promises, so nobody has to look up what "experimental" means before pinning a plugin in production.
import type { SupportTier } from '@csoc/plugin-sdk/manifest-schema';

export interface TierDisplay {
  label: string;
  color: string;
  explanation: string;
}

const TIER_DISPLAYS: Record<SupportTier, TierDisplay> = {
  core: { label: 'core', color: 'indigo', explanation: 'Maintained and tested by CSOC.' },
  community: {
    label: 'community',
    color: 'teal',
    explanation: 'Maintained by others; passes the conformance kit.',
  },
  experimental: { label: 'experimental', color: 'orange', explanation: 'Not for production.' },
};

/** The display of a tier as the API gives it; a tier this portal does not know yet is shown as it is. */
export function tierDisplay(tier: string): TierDisplay {
  return (
    TIER_DISPLAYS[tier as SupportTier] ?? {
      label: tier,
      color: 'gray',
      explanation: 'A tier this portal does not know.',
    }
  );
}
