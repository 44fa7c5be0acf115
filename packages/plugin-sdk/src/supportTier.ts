// The support tier a manifest's tier names. Kept apart from manifestSchema.ts, which holds only data: a
// plugin bundle gets that module as JSON (ADR 0084).
import { LEGACY_TIER_ALIASES, type ManifestTier, type SupportTier } from './manifestSchema.ts';

/**
 * The support tier a manifest's `tier` means: legacy names map to their tier, the rest are themselves.
 *
 * @example
 * supportTierOf('official'); // 'core'
 */
export function supportTierOf(tier: ManifestTier): SupportTier {
  return tier in LEGACY_TIER_ALIASES
    ? LEGACY_TIER_ALIASES[tier as keyof typeof LEGACY_TIER_ALIASES]
    : (tier as SupportTier);
}
