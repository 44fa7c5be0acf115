// The other side of `npm run bench -- agents`: a fleet of real csoc-agent links (createAgentLink, the code
// the agent binary runs) in one process, apart from CSOC so the two do not share a CPU profile. Reads CSOC's
// URL and one join token per agent as one JSON line on stdin, enrols and connects every agent, prints one
// JSON line {"connected":N,"seconds":S} once all are connected, and stops the links when stdin closes.
// The agents answer workloads.list from memory with a Gen3-sized list (what a commons' chart deploys), so
// the latency measured through them is the link's, not a Kubernetes API's.
import { createAgentLink, type AgentIdentity, type IdentityStore } from '@csoc/agent';
import type { WorkloadsListResult } from '@csoc/common/agent-protocol';

const GEN3_SERVICES = [
  'arborist',
  'fence',
  'indexd',
  'peregrine',
  'sheepdog',
  'portal',
  'revproxy',
  'guppy',
  'hatchery',
  'manifestservice',
  'metadata',
  'requestor',
  'audit',
  'wts',
  'ambassador',
  'pidgin',
  'sower',
  'ssjdispatcher',
];
const WORKLOADS: WorkloadsListResult = {
  workloads: [
    ...GEN3_SERVICES.map((name) => ({
      kind: 'Deployment' as const,
      name: `${name}-deployment`,
      ready: 2,
      desired: 2,
      images: [`quay.io/cdis/${name}:2025.06`],
    })),
    {
      kind: 'StatefulSet' as const,
      name: 'esproxy',
      ready: 1,
      desired: 1,
      images: ['quay.io/cdis/elasticsearch-oss:7.10.2'],
    },
    ...['usersync', 'etl-cronjob', 'fence-db-migrate-cronjob'].map((name) => ({
      kind: 'CronJob' as const,
      name,
      ready: 0,
      desired: 0,
      images: [`quay.io/cdis/${name.split('-')[0]}:2025.06`],
      schedule: '*/30 * * * *',
    })),
  ],
};

// The agent binary keeps its identity in a Kubernetes Secret; here it lives only as long as the process.
const memoryIdentityStore = (): IdentityStore => {
  let identity: AgentIdentity | undefined;
  return {
    load: async () => identity,
    save: async (value) => {
      identity = value;
    },
    clear: async () => {
      identity = undefined;
    },
  };
};

const ENROL_AT_ONCE = 25;

// One line, read without ending stdin (its end is the signal to stop; a `for await` that breaks destroys it).
const input = await new Promise<string>((resolve) => {
  let text = '';
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    if (!text.includes('\n')) return;
    process.stdin.off('data', onData);
    resolve(text);
  };
  process.stdin.on('data', onData);
});
const { csocUrl, tokens } = JSON.parse(input) as { csocUrl: string; tokens: string[] };
const started = performance.now();
const links: ReturnType<typeof createAgentLink>[] = [];
for (const token of tokens) {
  links.push(
    createAgentLink({
      csocUrl,
      identityStore: memoryIdentityStore(),
      readJoinToken: async () => token,
      handlers: { 'workloads.list': async () => WORKLOADS },
      version: 'bench',
    }),
  );
  // A fleet arrives over time, not as one burst of a thousand key generations: at most ENROL_AT_ONCE
  // agents between "created" and "connected" at any moment (bounded wait: a refused link ends the run).
  while (links.filter((link) => link.state() !== 'connected').length >= ENROL_AT_ONCE) {
    const stopped = links.find((link) => link.state() === 'stopped');
    if (stopped) await stopped.done;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const deadline = Date.now() + 600_000;
while (links.some((link) => link.state() !== 'connected')) {
  if (Date.now() > deadline) throw new Error('not every agent connected within 10 minutes');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const reconnects = links.reduce((sum, link) => sum + link.connections() - 1, 0);
process.stdout.write(
  `${JSON.stringify({ connected: links.length, seconds: (performance.now() - started) / 1000, reconnects })}\n`,
);
process.stdin.on('end', () => {
  const stillConnected = links.filter((link) => link.state() === 'connected').length;
  const extraConnections = links.reduce((sum, link) => sum + link.connections() - 1, 0);
  process.stdout.write(`${JSON.stringify({ stillConnected, extraConnections })}\n`);
  void Promise.all(links.map((link) => link.stop())).then(() => process.exit(0));
});
