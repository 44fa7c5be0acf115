// Semantic checks of a commons' Gen3 settings beyond their JSON Schema: a DNS hostname, an http(s)
// dictionary URL, a release the catalog knows, services that are gen3 charts.
import type { Gen3Settings } from '@csoc/common';
import type { FieldErrorDetail } from '../errors.ts';
import { gen3SettingsProblems } from '../gitops/rendering/gen3SettingsProblems.ts';

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function validateGen3Settings(settings: Gen3Settings, fieldPrefix: string): FieldErrorDetail[] {
  const details: FieldErrorDetail[] = [];
  if (!DNS_NAME.test(settings.hostname))
    details.push({ field: `${fieldPrefix}.hostname`, message: 'is not a DNS name (e.g. data.example.org)' });
  if (settings.dictionaryUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(settings.dictionaryUrl)) {
    details.push({ field: `${fieldPrefix}.dictionaryUrl`, message: 'must be an http(s) URL' });
  }
  details.push(...gen3SettingsProblems(settings, fieldPrefix));
  return details;
}
