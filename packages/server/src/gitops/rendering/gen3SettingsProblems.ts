// Catalog-backed checks of Gen3 settings: the release exists, every service is a chart of the gen3
// umbrella chart. Used by the commons area before a spec is stored.
import type { Gen3Settings } from '@csoc/common';
import type { FieldErrorDetail } from '../../errors.ts';
import catalog from '../releases/releaseCatalog.json' with { type: 'json' };

interface CatalogShape {
  releases: Array<{ version: string }>;
  charts?: Array<{ name: string }> | Record<string, unknown>;
}

const knownReleases = new Set(
  (catalog as unknown as CatalogShape).releases.map((release) => release.version),
);
const chartsField = (catalog as unknown as CatalogShape).charts;
const knownCharts = new Set(
  Array.isArray(chartsField) ? chartsField.map((chart) => chart.name) : Object.keys(chartsField ?? {}),
);

export function gen3SettingsProblems(settings: Gen3Settings, fieldPrefix: string): FieldErrorDetail[] {
  const details: FieldErrorDetail[] = [];
  if (!knownReleases.has(settings.release)) {
    details.push({
      field: `${fieldPrefix}.release`,
      message: `is not a known Gen3 release (known: ${[...knownReleases].sort().slice(-6).join(', ')}, ...)`,
    });
  }
  if (knownCharts.size > 0) {
    settings.services?.forEach((service, index) => {
      if (!knownCharts.has(service))
        details.push({
          field: `${fieldPrefix}.services[${index}]`,
          message: `"${service}" is not a chart of the gen3 umbrella chart`,
        });
    });
  }
  return details;
}
