// Log lines a simulated Gen3 service writes while it runs: plausible enough to search and follow in the
// portal, in the shape each kind of service logs (gunicorn access lines for the Python services, nginx for
// revproxy, JSON for the Go ones), and never anything that looks like a secret.

const PATHS: Record<string, string[]> = {
  fence: [
    '/user/user',
    '/user/oauth2/authorize',
    '/user/credentials/api/access_token',
    '/user/.well-known/openid-configuration',
  ],
  arborist: ['/auth/mapping', '/auth/request', '/health'],
  indexd: ['/index/index?limit=1024', '/index/_status', '/index/ga4gh/drs/v1/objects'],
  peregrine: ['/api/v0/submission/graphql', '/api/_status'],
  sheepdog: ['/api/v0/submission/program/project', '/api/_status'],
  guppy: ['/guppy/graphql', '/guppy/_status'],
  metadata: ['/mds/metadata', '/mds/_status'],
  revproxy: ['/', '/user/user', '/api/v0/submission/graphql', '/guppy/graphql'],
};

/** The n-th line of `service`'s log; deterministic in n, so tests can rely on what appears. */
export function serviceLogLine(service: string, n: number): string {
  const paths = PATHS[service] ?? ['/_status', '/health'];
  const path = paths[n % paths.length]!;
  const status = n % 17 === 0 ? 404 : 200;
  const ms = 3 + ((n * 37) % 120);
  if (service === 'revproxy')
    return `10.0.${n % 4}.${(n * 7) % 250} - - "GET ${path} HTTP/1.1" ${status} ${512 + n} ${ms / 1000}`;
  if (service === 'arborist' || service === 'hatchery')
    return JSON.stringify({ level: 'info', msg: 'request', path, status, durationMs: ms });
  return `[${service}] INFO "GET ${path} HTTP/1.1" ${status} ${ms}ms`;
}

/**
 * The output of a Gen3 job run (usersync, ETL, migrations), step by step. `userYamlSource` says which
 * user.yaml usersync reads (the rendered values': the chart's ConfigMap or the bucket), as its first line.
 */
export function jobLogLine(cronJob: string, step: number, of: number, userYamlSource?: string): string {
  const what = cronJob.includes('usersync')
    ? [
        userYamlSource ? `reading user.yaml: ${userYamlSource}` : 'reading user.yaml',
        'syncing projects to arborist',
        'syncing users to fence',
        'usersync finished',
      ]
    : cronJob.includes('etl')
      ? [
          'tube: reading graph from sheepdog',
          'tube: transforming to documents',
          'tube: writing Elasticsearch index',
          'ETL finished',
        ]
      : cronJob.includes('migrate')
        ? [
            'checking database revision',
            'running alembic upgrade head',
            'migrations applied',
            'database is at head',
          ]
        : ['starting', 'working', 'working', 'done'];
  return what[Math.min(what.length - 1, Math.floor((step / Math.max(1, of)) * what.length))]!;
}
