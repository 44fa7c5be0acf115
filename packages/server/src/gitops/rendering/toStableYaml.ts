// Deterministic YAML for GitOps files: keys in a fixed order (a few conventional keys first, the rest sorted),
// YAML 1.1-safe quoting (Helm reads `yes`/`on` as booleans), no line folding, no anchors.
import { stringify } from 'yaml';

/** Kubernetes manifests: these keys first, in this order, wherever they appear. */
export const MANIFEST_LEADING_KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'secretKey',
  'spec',
];
/** Helm values: `global` first; every other key sorted. */
export const VALUES_LEADING_KEYS = ['global'];

/**
 * Returns a copy of `value` with object keys in canonical order (`leadingKeys` first, in that order, then the
 * rest in code-unit order, the same on every machine) and undefined entries dropped. Array order is kept.
 */
export function canonicalize(
  value: unknown,
  leadingKeys: readonly string[] = MANIFEST_LEADING_KEYS,
): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item, leadingKeys));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, child]) => child !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b, leadingKeys));
  const result: Record<string, unknown> = {};
  for (const [key, child] of entries) result[key] = canonicalize(child, leadingKeys);
  return result;
}

function compareKeys(a: string, b: string, leadingKeys: readonly string[]): number {
  const rankA = leadingKeys.indexOf(a);
  const rankB = leadingKeys.indexOf(b);
  if (rankA !== -1 || rankB !== -1) {
    if (rankA === -1) return 1;
    if (rankB === -1) return -1;
    return rankA - rankB;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One YAML document, canonicalized. */
export function toStableYaml(value: unknown, leadingKeys: readonly string[] = MANIFEST_LEADING_KEYS): string {
  return stringify(canonicalize(value, leadingKeys), {
    version: '1.1',
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
    blockQuote: 'literal',
  });
}

/**
 * A file: a header of `# ` comment lines, then the documents. Several documents are each preceded by `---`
 * (Kubernetes manifests); a single values document is written bare (Helm values files hold one document).
 */
export function toStableYamlFile(header: string[], documents: unknown[], multiDocument = true): string {
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  const body = documents
    .map((document) =>
      multiDocument ? `---\n${toStableYaml(document)}` : toStableYaml(document, VALUES_LEADING_KEYS),
    )
    .join('');
  return `${comments}\n${body}`;
}
