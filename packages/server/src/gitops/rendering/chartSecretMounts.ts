// Reads which Kubernetes Secrets (and which keys of them) a gen3-helm chart's pods mount, from the chart's
// templates and the pod fields of its values.yaml: secretKeyRef, secret volumes (secretName, items), envFrom
// secretRef. A line scan, not a Helm render: names built from `.Chart.Name` are resolved, optional references
// are skipped, and the caller decides which template files its values switch off.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One Secret reference in a chart: `key` absent means the whole Secret (a volume or envFrom). */
export interface ChartSecretMount {
  chart: string;
  secret: string;
  key?: string;
  /** `templates/<file>:<line>` or `values.yaml:<line>`. */
  source: string;
}

/**
 * Every non-optional Secret reference in `<chartsDir>/<chart>` (templates and values.yaml), except in the
 * template files listed in `skipFiles` (paths relative to templates/).
 */
export function chartSecretMounts(
  chartsDir: string,
  chart: string,
  skipFiles: string[] = [],
): ChartSecretMount[] {
  const chartDir = join(chartsDir, chart);
  const templatesDir = join(chartDir, 'templates');
  const mounts: ChartSecretMount[] = [];
  for (const file of listFiles(templatesDir)) {
    const name = relative(templatesDir, file);
    if (skipFiles.includes(name) || !/\.(ya?ml|tpl)$/.test(name)) continue;
    mounts.push(...scan(chart, readFileSync(file, 'utf8'), `templates/${name}`));
  }
  mounts.push(...scan(chart, readFileSync(join(chartDir, 'values.yaml'), 'utf8'), 'values.yaml'));
  return mounts;
}

function scan(chart: string, text: string, file: string): ChartSecretMount[] {
  const lines = text.split('\n');
  const mounts: ChartSecretMount[] = [];
  lines.forEach((line, index) => {
    const trimmed = line.trim().replace(/^-\s+/, '');
    if (trimmed.startsWith('#')) return;
    const kind = /^(secretKeyRef|secretRef|secret):\s*$/.exec(trimmed)?.[1];
    if (!kind) return;
    const block = childLines(lines, index);
    const field = (name: string) =>
      block.map((child) => new RegExp(`^(?:-\\s+)?${name}:\\s*(.+)$`).exec(child)?.[1]).find(Boolean);
    if (field('optional') === 'true') return;
    const source = `${file}:${index + 1}`;
    if (kind === 'secret') {
      const secretName = field('secretName');
      if (!secretName) return; // a PushSecret selector or a projected source, not a pod volume
      const secret = resolve(chart, secretName);
      const keys = block.flatMap((child) => /^-\s+key:\s*(.+)$/.exec(child)?.[1] ?? []);
      if (keys.length === 0) mounts.push({ chart, secret, source });
      for (const key of keys) mounts.push({ chart, secret, key: unquote(key), source });
      return;
    }
    const secretName = field('name');
    if (!secretName) return;
    const secret = resolve(chart, secretName);
    if (kind === 'secretRef') mounts.push({ chart, secret, source });
    else {
      const key = field('key');
      if (key) mounts.push({ chart, secret, key: unquote(key), source });
    }
  });
  return mounts;
}

/** The lines indented deeper than `lines[index]`, trimmed, up to the first line that is not. */
function childLines(lines: string[], index: number): string[] {
  const indent = (line: string) => line.length - line.trimStart().length;
  const own = indent(lines[index]!) + (lines[index]!.trim().startsWith('- ') ? 2 : 0);
  const children: string[] = [];
  for (const line of lines.slice(index + 1)) {
    if (line.trim() === '' || line.trim().startsWith('{{')) continue;
    if (indent(line) <= own) break;
    children.push(line.trim());
  }
  return children;
}

function resolve(chart: string, name: string): string {
  return unquote(name).replace(/\{\{-?\s*\$?\.Chart\.Name\s*-?\}\}/g, chart);
}

function unquote(value: string): string {
  return value.trim().replace(/^["']|["']$/g, '');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
