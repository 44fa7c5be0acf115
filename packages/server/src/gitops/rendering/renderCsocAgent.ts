// csoc-agent inside the commons cluster (ADR 0065, 0070): agent.yaml of the commons' GitOps folder — its
// ServiceAccount, a namespaced Role and RoleBinding (exactly the ADR's verbs and resources; never a
// ClusterRole), the empty Secret `csoc-agent-identity` where the agent keeps its key pair after enrolment, and
// a locked-down Deployment that dials out to CSOC — plus, in secrets.yaml, the ExternalSecret that copies
// the one-time join token from the cloud's secret manager (entry `csoc-agent-join-token` under the commons
// prefix) into the Secret the agent reads it from. The token itself is never rendered. Where Argo CD keeps
// its Applications in the agent's own cluster, a read-only Role in Argo CD's namespace lets `argocd.status`
// answer from there (ADR 0080): it lives in agent-access.yaml, synced by an Application of its own in the
// CSOC-owned AppProject csoc-agent-access, as the org's project may not write into Argo CD's namespace
// (ADR 0083).
import type { FieldErrorDetail } from '../../errors.ts';
import type { CommonsGitOpsInput } from './commonsGitOpsInput.ts';
import {
  ARGOCD_NAMESPACE,
  EXTERNAL_SECRETS_API_VERSION,
  SECRET_STORE_NAME,
  remoteKey,
  type GitOpsRenderContext,
} from './gitopsRenderContext.ts';
import { IN_CLUSTER_SERVER, destinationServerOf } from './renderClusterAddons.ts';

type Manifest = Record<string, unknown>;

/** The GitOps file holding the agent's objects, synced by the commons Application (like search.yaml). */
export const AGENT_FILE_NAME = 'agent.yaml';
/**
 * The GitOps file holding only the agent's read Role and RoleBinding in Argo CD's namespace, synced by the
 * commons' access Application in the CSOC_AGENT_ACCESS_PROJECT (ADR 0083), never by the commons Application.
 */
export const AGENT_ACCESS_FILE_NAME = 'agent-access.yaml';
/**
 * The CSOC-owned AppProject of the access Applications: its only destination is Argo CD's namespace of
 * Argo CD's own cluster and its only kinds are rbac Role and RoleBinding (argoCdRegistration.ts).
 */
export const CSOC_AGENT_ACCESS_PROJECT = 'csoc-agent-access';
/** Name of the Application syncing one commons' agent-access.yaml. */
export const csocAgentAccessApplicationName = (commons: string) => `csoc-agent-access-${commons}`;
/** Name of the ServiceAccount, Role, RoleBinding and Deployment. */
export const CSOC_AGENT_NAME = 'csoc-agent';
/** The Secret the agent keeps its Ed25519 key pair and agent id in; rendered empty, written by the agent. */
export const CSOC_AGENT_IDENTITY_SECRET = 'csoc-agent-identity';
/** Name of the ExternalSecret, of the Secret it writes, and (after the commons prefix) of the remote entry. */
export const CSOC_AGENT_JOIN_TOKEN_SECRET = 'csoc-agent-join-token';
/** The one property of the remote entry (and key of the Secret): the one-time join token. */
export const CSOC_AGENT_JOIN_TOKEN_PROPERTY = 'token';
/** Where the join token file is mounted in the agent's container. */
export const CSOC_AGENT_JOIN_TOKEN_DIR = '/etc/csoc-agent/join';
/** The health check the csoc-agent image ships (deploy/container/Containerfile.agent). */
export const CSOC_AGENT_HEALTHCHECK = '/opt/csoc-agent/csoc-agent-healthcheck.mjs';
/** The non-root user the agent runs as (the distroless "nonroot" uid). */
export const CSOC_AGENT_UID = 65532;

/** Remote key of a commons' join token: `<environment>-<namespace>-csoc-agent-join-token`. */
export function csocAgentJoinTokenRemoteKey(environment: string, namespace: string): string {
  return remoteKey(environment, namespace, CSOC_AGENT_JOIN_TOKEN_SECRET);
}

/**
 * The Role's rules, as ADR 0065 lists them and nothing more: read the workloads, pods, their logs, events
 * and pod metrics; create Jobs (usersync, ETL, migrations, a CronJob run now); patch Deployments (only the
 * restart annotation: the agent's code, not RBAC, narrows this to one field); get/update/patch the one
 * Secret holding its identity. No `list` on secrets, no delete, no exec, no cluster scope.
 */
export const CSOC_AGENT_ROLE_RULES = [
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
  {
    apiGroups: [''],
    resources: ['secrets'],
    resourceNames: [CSOC_AGENT_IDENTITY_SECRET],
    verbs: ['get', 'update', 'patch'],
  },
] as const;

/**
 * Name of the Role and RoleBinding in Argo CD's namespace that let one commons' agent read Applications
 * there: one pair per commons (its namespace in the name), as several commons may share Argo CD's cluster.
 */
export const csocAgentArgoCdReaderName = (namespace: string) => `csoc-agent-read-${namespace}`;
/** Read-only, Applications only: no AppProject, no Secret (Argo CD keeps cluster and repo credentials there). */
export const CSOC_AGENT_ARGOCD_RULES = [
  { apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get', 'list', 'watch'] },
] as const;

/**
 * The namespace where the agent reads Argo CD Applications, or undefined when Argo CD keeps them in another
 * cluster. Argo CD runs beside CSOC and keeps every Application in its own namespace (ARGOCD_NAMESPACE); the
 * agent can read them only when the commons deploys to that same cluster (no API endpoint of its own). A
 * commons on a cluster of its own (EKS, DOKS…) gets its Argo CD status from CSOC, not from its agent.
 */
export function csocAgentArgoCdNamespace(context: GitOpsRenderContext): string | undefined {
  return destinationServerOf(context) === IN_CLUSTER_SERVER ? ARGOCD_NAMESPACE : undefined;
}

/** Problems with the agent input: CSOC's URL (https; http only for the simulator) and the image reference. */
export function csocAgentProblems(input: CommonsGitOpsInput): FieldErrorDetail[] {
  const agent = input.agent;
  if (!agent) return [];
  const problems: FieldErrorDetail[] = [];
  let url: URL | undefined;
  try {
    url = new URL(agent.csocUrl);
  } catch {
    url = undefined;
  }
  const protocols = input.cloud === 'sim' ? ['https:', 'http:'] : ['https:'];
  if (!url || !protocols.includes(url.protocol) || !url.hostname)
    problems.push({
      field: 'agent.csocUrl',
      message: "must be CSOC's public URL, https://<CSOC_PUBLIC_URL host> (http:// only for the simulator)",
    });
  else if (url.username || url.password || url.search || url.hash)
    problems.push({
      field: 'agent.csocUrl',
      message: 'must not carry credentials, a query or a fragment: the agent enrols with its join token',
    });
  return problems;
}

/** The objects of agent.yaml, undefined when the commons runs no agent. */
export function csocAgentManifests(context: GitOpsRenderContext): Manifest[] | undefined {
  const agent = context.input.agent;
  if (!agent) return undefined;
  const { namespace } = context;
  const labels = { ...context.labels, 'app.kubernetes.io/name': CSOC_AGENT_NAME };
  const metadata = (name: string, extra: Manifest = {}) => ({ name, namespace, labels, ...extra });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(CSOC_AGENT_NAME) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadata(CSOC_AGENT_NAME),
      rules: CSOC_AGENT_ROLE_RULES.map((rule) => structuredClone(rule)),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(CSOC_AGENT_NAME),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CSOC_AGENT_NAME },
      subjects: [{ kind: 'ServiceAccount', name: CSOC_AGENT_NAME, namespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: metadata(CSOC_AGENT_IDENTITY_SECRET, {
        // The agent writes its key pair here after enrolment; the Application ignores /data of this one
        // Secret (csocAgentIgnoreDifferences), so a sync never wipes the identity and forces a new join
        // token. Never pruned either: turning the agent off and on again keeps its enrolment (CSOC revokes
        // an agent by its id, whatever the cluster keeps).
        annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' },
      }),
      type: 'Opaque',
    },
    agentDeployment(context, labels, agent.csocUrl, agent.image),
  ];
}

/**
 * The objects of agent-access.yaml: the Role and RoleBinding in Argo CD's namespace; undefined when the
 * commons runs no agent or Argo CD keeps its Applications in another cluster.
 */
export function csocAgentAccessManifests(context: GitOpsRenderContext): Manifest[] | undefined {
  const argocdNamespace = context.input.agent ? csocAgentArgoCdNamespace(context) : undefined;
  if (!argocdNamespace) return undefined;
  const labels = { ...context.labels, 'app.kubernetes.io/name': CSOC_AGENT_NAME };
  const name = csocAgentArgoCdReaderName(context.namespace);
  const metadata = { name, namespace: argocdNamespace, labels };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: CSOC_AGENT_ARGOCD_RULES.map((rule) => structuredClone(rule)),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: CSOC_AGENT_NAME, namespace: context.namespace }],
    },
  ];
}

function agentDeployment(
  context: GitOpsRenderContext,
  labels: Record<string, string>,
  csocUrl: string,
  image: string,
): Manifest {
  const argocdNamespace = csocAgentArgoCdNamespace(context);
  const selector = {
    'app.kubernetes.io/name': CSOC_AGENT_NAME,
    'csoc.gen3.org/commons': context.input.commons,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: CSOC_AGENT_NAME, namespace: context.namespace, labels },
    spec: {
      replicas: 1,
      // One connection per agent (a second replaces the first): never two pods at once during a rollout.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...labels, ...selector } },
        spec: {
          serviceAccountName: CSOC_AGENT_NAME,
          // The agent reaches the Kubernetes API with this ServiceAccount's projected token and CA.
          automountServiceAccountToken: true,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: CSOC_AGENT_UID,
            runAsGroup: CSOC_AGENT_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: CSOC_AGENT_NAME,
              image,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'CSOC_URL', value: csocUrl.replace(/\/+$/, '') },
                {
                  name: 'CSOC_AGENT_NAMESPACE',
                  valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
                },
                {
                  name: 'CSOC_AGENT_JOIN_TOKEN_FILE',
                  value: `${CSOC_AGENT_JOIN_TOKEN_DIR}/${CSOC_AGENT_JOIN_TOKEN_PROPERTY}`,
                },
                { name: 'CSOC_AGENT_IDENTITY_SECRET', value: CSOC_AGENT_IDENTITY_SECRET },
                ...(argocdNamespace ? [{ name: 'CSOC_AGENT_ARGOCD_NAMESPACE', value: argocdNamespace }] : []),
              ],
              // It dials out only: no port, nothing to probe from outside. Liveness is the image's health check
              // without --connected (its status file is fresh): a stuck agent is restarted, one that merely
              // waits for CSOC (or for its join token) is not; nor is it ever unready for that (ADR 0080).
              livenessProbe: {
                exec: { command: ['node', CSOC_AGENT_HEALTHCHECK] },
                initialDelaySeconds: 30,
                periodSeconds: 30,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                privileged: false,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'join-token', mountPath: CSOC_AGENT_JOIN_TOKEN_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            {
              name: 'join-token',
              // Optional: once enrolled the agent needs only its identity Secret, so a pod restarted after
              // the used token left the secret manager still starts.
              secret: { secretName: CSOC_AGENT_JOIN_TOKEN_SECRET, optional: true, defaultMode: 0o400 },
            },
            // The root filesystem is read-only; Node.js may still write temporary files.
            { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
          ],
        },
      },
    },
  };
}

/** The ExternalSecret that copies the join token from the secret manager into the agent's Secret. */
export function csocAgentJoinTokenExternalSecret(context: GitOpsRenderContext): Manifest | undefined {
  if (!context.input.agent) return undefined;
  return {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'ExternalSecret',
    metadata: {
      name: CSOC_AGENT_JOIN_TOKEN_SECRET,
      namespace: context.namespace,
      labels: { ...context.labels, 'csoc.gen3.org/service': CSOC_AGENT_NAME },
      annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
    },
    spec: {
      // A new join token (re-enrolment after a revocation) reaches the agent within a minute or so.
      refreshInterval: '1m',
      secretStoreRef: { kind: 'SecretStore', name: SECRET_STORE_NAME },
      target: { name: CSOC_AGENT_JOIN_TOKEN_SECRET, creationPolicy: 'Owner' },
      data: [
        {
          secretKey: CSOC_AGENT_JOIN_TOKEN_PROPERTY,
          remoteRef: {
            key: csocAgentJoinTokenRemoteKey(context.environment, context.namespace),
            property: CSOC_AGENT_JOIN_TOKEN_PROPERTY,
          },
        },
      ],
    },
  };
}

/** What the commons Application must ignore so the agent's own writes are not undone by self-heal. */
export function csocAgentIgnoreDifferences(context: GitOpsRenderContext): Manifest[] {
  if (!context.input.agent) return [];
  return [
    {
      group: '',
      kind: 'Secret',
      name: CSOC_AGENT_IDENTITY_SECRET,
      namespace: context.namespace,
      jsonPointers: ['/data'],
    },
  ];
}
