// What a simulated commons' csoc-agent would run with, read only from the files the deploy rendered (so a
// render that drops the agent, names another entry or another CSOC shows up as an agent that never
// connects): CSOC's URL from the Deployment's CSOC_URL in agent.yaml, the namespace it lives in, and the
// secret-manager entry the join token's ExternalSecret copies (secrets.yaml). The workloads the simulated
// cluster holds come from values.yaml: every enabled chart with an image, with its replicaCount.
import { createHash } from 'node:crypto';
import YAML from 'yaml';

/** Names as renderCsocAgent.ts renders them (ADR 0065). */
const AGENT_DEPLOYMENT = 'csoc-agent';
const JOIN_TOKEN_EXTERNAL_SECRET = 'csoc-agent-join-token';

export interface RenderedCsocAgent {
  csocUrl: string;
  namespace: string;
  /** Secret-manager entry and property of the one-time join token. */
  remoteKey: string;
  property: string;
}

/** One workload of the simulated cluster (the shape @csoc/agent's simulated cluster is seeded with). */
export interface RenderedWorkloadSeed {
  service: string;
  image: string;
  replicas: number;
  kind: 'Deployment';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, read field by field
type Manifest = Record<string, any> | null;

const documentsOf = (text: string | undefined): Manifest[] =>
  text ? YAML.parseAllDocuments(text).map((document) => document.toJSON() as Manifest) : [];

/** The agent of a synced commons, or why it has none that could connect. */
export function readRenderedCsocAgent(
  agentText: string | undefined,
  secretsText: string | undefined,
): RenderedCsocAgent | { problem: string } {
  const deployment = documentsOf(agentText).find(
    (manifest) => manifest?.kind === 'Deployment' && manifest.metadata?.name === AGENT_DEPLOYMENT,
  );
  if (!deployment) return { problem: 'agent.yaml renders no csoc-agent Deployment' };
  const env = (deployment.spec?.template?.spec?.containers?.[0]?.env ?? []) as Array<{
    name?: string;
    value?: string;
  }>;
  const csocUrl = env.find((variable) => variable.name === 'CSOC_URL')?.value;
  if (!csocUrl || !/^https?:\/\//.test(csocUrl))
    return { problem: 'the csoc-agent Deployment has no CSOC_URL (http or https) in its environment' };
  const namespace = deployment.metadata?.namespace;
  if (typeof namespace !== 'string' || !namespace)
    return { problem: 'the csoc-agent Deployment names no namespace' };
  const externalSecret = documentsOf(secretsText).find(
    (manifest) =>
      manifest?.kind === 'ExternalSecret' && manifest.metadata?.name === JOIN_TOKEN_EXTERNAL_SECRET,
  );
  const reference = externalSecret?.spec?.data?.[0]?.remoteRef as
    { key?: string; property?: string } | undefined;
  if (!reference?.key || !reference.property)
    return {
      problem: `secrets.yaml has no ExternalSecret ${JOIN_TOKEN_EXTERNAL_SECRET} with a remote key and property`,
    };
  return { csocUrl, namespace, remoteKey: reference.key, property: reference.property };
}

/** The Gen3 services values.yaml runs: enabled charts with an image repository and tag. */
export function readRenderedWorkloads(valuesText: string): RenderedWorkloadSeed[] {
  const values = (YAML.parse(valuesText) ?? {}) as Record<string, Manifest>;
  const seeds: RenderedWorkloadSeed[] = [];
  for (const [chart, block] of Object.entries(values)) {
    if (chart === 'global' || !block || typeof block !== 'object' || block.enabled === false) continue;
    const repository = block.image?.repository;
    const tag = block.image?.tag;
    if (typeof repository !== 'string' || (typeof tag !== 'string' && typeof tag !== 'number')) continue;
    const replicas = Number.isInteger(block.replicaCount) && block.replicaCount >= 0 ? block.replicaCount : 1;
    seeds.push({ service: chart, image: `${repository}:${tag}`, replicas, kind: 'Deployment' });
  }
  return seeds;
}

/**
 * Which user.yaml the commons' usersync reads, from its rendered fence values as the gen3 chart does: with
 * `usersync.userYamlS3Path: none`, the useryaml ConfigMap holding `USER_YAML` (named by its sha256, so a
 * run's output shows which file it read); otherwise the S3 path. Undefined without fence.
 */
export function readRenderedUserYamlSource(valuesText: string): string | undefined {
  const fence = ((YAML.parse(valuesText) ?? {}) as Record<string, Manifest>).fence;
  const s3Path = fence?.usersync?.userYamlS3Path;
  if (!fence || fence.enabled === false || typeof s3Path !== 'string') return undefined;
  if (s3Path !== 'none') return `downloading ${s3Path}`;
  if (typeof fence.USER_YAML !== 'string') return 'ConfigMap useryaml (the chart default USER_YAML)';
  const sha256 = createHash('sha256').update(fence.USER_YAML).digest('hex');
  return `ConfigMap useryaml (sha256 ${sha256.slice(0, 12)}, ${Buffer.byteLength(fence.USER_YAML)} bytes)`;
}
