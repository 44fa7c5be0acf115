// Gen3's public health endpoints through revproxy (GEN3.md "Health"): path prefix → the chart serving it.
export const GEN3_HEALTH_ENDPOINTS: ReadonlyArray<{ prefix: string; chart: string; version: boolean }> = [
  { prefix: '', chart: 'revproxy', version: true },
  { prefix: 'user', chart: 'fence', version: true },
  { prefix: 'index', chart: 'indexd', version: true },
  { prefix: 'api', chart: 'sheepdog', version: true },
  { prefix: 'peregrine', chart: 'peregrine', version: true },
  { prefix: 'mds', chart: 'metadata', version: true },
  { prefix: 'guppy', chart: 'guppy', version: false },
  { prefix: 'wts', chart: 'wts', version: false },
  { prefix: 'manifests', chart: 'manifestservice', version: false },
  { prefix: 'audit', chart: 'audit', version: false },
  { prefix: 'requestor', chart: 'requestor', version: false },
  { prefix: 'job', chart: 'sower', version: false },
  { prefix: 'lw-workspace', chart: 'hatchery', version: false },
];
