// csoc-agent as every commons' deploy renders it (ADR 0065): the objects of agent.yaml and the join token's
// ExternalSecret are valid Kubernetes (kubernetes-models' schemas) on every cloud; the Role grants exactly
// what the ADR lists — no other verb, resource or Secret, no wildcard, never cluster-wide; the Deployment
// runs one locked-down replica that reads its join token from a file; the Application syncs agent.yaml and
// leaves the agent's identity alone; nothing is rendered without the agent input, and bad input is refused
// naming the field. A commons gets the agent only when its label csoc.gen3.org/agent says enabled.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Secret } from 'kubernetes-models/v1/Secret';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { placeholderOutputs } from '@csoc/plugin-aws';
import { InputError } from '../../errors.ts';
import { GOLDEN_FIXTURES, loadFixture } from './gitopsTestFixtures.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { AGENT_LABEL, toRenderInput, type RenderInputOptions } from './toRenderInput.ts';

type Tree = Record<string, any>;

const documentsOf = (text: string | undefined) =>
  text === undefined ? [] : parseAllDocuments(text).map((doc) => doc.toJS() as Tree);

function render(input: Tree) {
  const files = renderCommonsGitOps(input).files as Record<string, string | undefined>;
  const agent = documentsOf(files['agent.yaml']);
  const byKind = (kind: string) => agent.find((doc) => doc.kind === kind);
  return {
    files,
    agent,
    byKind,
    externalSecret: documentsOf(files['secrets.yaml']).find(
      (doc) => doc.metadata.name === 'csoc-agent-join-token',
    ),
    app: documentsOf(files['app.yaml']).find((doc) => doc.metadata.name === `gen3-${input.commons}`)!,
    access: documentsOf(files['agent-access.yaml']),
    accessApp: documentsOf(files['app.yaml']).find(
      (doc) => doc.metadata.name === `csoc-agent-access-${input.commons}`,
    ),
  };
}

function fieldErrors(input: Tree): Array<{ field: string; message: string }> {
  try {
    renderCommonsGitOps(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).details as Array<{ field: string; message: string }>;
  }
  throw new Error('expected an InputError');
}

/**
 * ADR 0065, "Inside the cluster", written out independently of the renderer: get/list/watch on
 * deployments, statefulsets, jobs, cronjobs, pods, pods/log, events, metrics.k8s.io pods; create on jobs;
 * patch on deployments; get/update/patch on the one Secret csoc-agent-identity.
 */
const READ = ['get', 'list', 'watch'];
const ADR_GRANTS = new Set([
  ...READ.flatMap((verb) => [
    `apps/deployments/${verb}`,
    `apps/statefulsets/${verb}`,
    `batch/jobs/${verb}`,
    `batch/cronjobs/${verb}`,
    `/pods/${verb}`,
    `/pods/log/${verb}`,
    `/events/${verb}`,
    `metrics.k8s.io/pods/${verb}`,
  ]),
  'batch/jobs/create',
  'apps/deployments/patch',
  ...['get', 'update', 'patch'].map((verb) => `/secrets/${verb}@csoc-agent-identity`),
]);

/** Every (group, resource, verb[, name]) a rule grants. */
function grantsOf(rules: Tree[]): string[] {
  return rules.flatMap((rule) =>
    (rule.apiGroups as string[]).flatMap((group) =>
      (rule.resources as string[]).flatMap((resource) =>
        (rule.verbs as string[]).flatMap((verb) =>
          rule.resourceNames
            ? (rule.resourceNames as string[]).map((name) => `${group}/${resource}/${verb}@${name}`)
            : [`${group}/${resource}/${verb}`],
        ),
      ),
    ),
  );
}

describe('csoc-agent in the commons GitOps files', () => {
  it.each(GOLDEN_FIXTURES)(
    '%s: every object of agent.yaml and its ExternalSecret is valid Kubernetes',
    (fixture) => {
      const input = loadFixture(fixture);
      // Argo CD's namespace gets its read Role from agent-access.yaml (next test), never from agent.yaml.
      const { agent, byKind, externalSecret, app } = render(input);
      expect(agent.map((doc) => `${doc.kind}/${doc.metadata.name}`)).toEqual([
        'ServiceAccount/csoc-agent',
        'Role/csoc-agent',
        'RoleBinding/csoc-agent',
        'Secret/csoc-agent-identity',
        'Deployment/csoc-agent',
      ]);
      // Everything in the commons' namespace, where the Application deploys.
      for (const doc of agent) expect(doc.metadata.namespace).toBe(app.spec.destination.namespace);
      expect(() => new ServiceAccount(byKind('ServiceAccount') as never).validate()).not.toThrow();
      expect(() => new Role(byKind('Role') as never).validate()).not.toThrow();
      expect(() => new RoleBinding(byKind('RoleBinding') as never).validate()).not.toThrow();
      expect(() => new Secret(byKind('Secret') as never).validate()).not.toThrow();
      expect(() => new Deployment(byKind('Deployment') as never).validate()).not.toThrow();
      expect(() => new ExternalSecret(externalSecret as never).validate()).not.toThrow();
      expect(() => new Application(app as never).validate()).not.toThrow();
    },
  );

  it.each(GOLDEN_FIXTURES)('%s: the Role grants exactly the ADR’s list, in the namespace only', (fixture) => {
    const input = loadFixture(fixture);
    const { files, byKind } = render(input);
    const role = byKind('Role')!;
    const granted = grantsOf(role.rules);
    expect(granted.filter((grant) => !ADR_GRANTS.has(grant))).toEqual([]);
    expect(new Set(granted)).toEqual(ADR_GRANTS);
    expect(JSON.stringify(role.rules)).not.toContain('*');
    // Secrets only by name: no list or watch that would show the other Secrets of the namespace.
    for (const rule of role.rules as Tree[])
      if ((rule.resources as string[]).includes('secrets'))
        expect(rule.resourceNames).toEqual(['csoc-agent-identity']);
    const binding = byKind('RoleBinding')!;
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'csoc-agent',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'csoc-agent', namespace: input.commons },
    ]);
    for (const [name, text] of Object.entries(files)) {
      expect(text, name).not.toMatch(/kind: ClusterRole(Binding)?\b/);
      expect(text, name).not.toContain('cluster-admin');
    }
  });

  it.each(GOLDEN_FIXTURES)('%s: one locked-down replica that reads its join token from a file', (fixture) => {
    const input = loadFixture(fixture);
    const { byKind, externalSecret, app } = render(input);
    const deployment = byKind('Deployment')!;
    expect(deployment.spec.replicas).toBe(1);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('csoc-agent');
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers as Tree[];
    expect(container!.image).toBe(input.agent.image);
    expect(container!.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container!.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container!.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container!.ports).toBeUndefined();
    // Restarted when stuck (the image's health check, no shell), never for waiting on CSOC: no readiness.
    expect(container!.livenessProbe.exec.command).toEqual([
      'node',
      '/opt/csoc-agent/csoc-agent-healthcheck.mjs',
    ]);
    expect(container!.readinessProbe).toBeUndefined();
    const env = Object.fromEntries(
      (container!.env as Tree[]).map((item) => [item.name, item.value ?? item.valueFrom]),
    );
    expect(env).toEqual({
      CSOC_URL: input.agent.csocUrl,
      CSOC_AGENT_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      CSOC_AGENT_JOIN_TOKEN_FILE: '/etc/csoc-agent/join/token',
      CSOC_AGENT_IDENTITY_SECRET: 'csoc-agent-identity',
      // Only where Argo CD keeps its Applications in this cluster (the next test).
      ...(app.spec.destination.server === 'https://kubernetes.default.svc'
        ? { CSOC_AGENT_ARGOCD_NAMESPACE: 'argocd' }
        : {}),
    });
    // The file the env names is the key `token` of the Secret the ExternalSecret writes.
    const mount = (container!.volumeMounts as Tree[]).find((item) => item.name === 'join-token')!;
    expect(mount).toEqual({ name: 'join-token', mountPath: '/etc/csoc-agent/join', readOnly: true });
    const volume = (pod.volumes as Tree[]).find((item) => item.name === 'join-token')!;
    expect(volume.secret.secretName).toBe(externalSecret!.spec.target.name);
    expect(externalSecret!.spec.data).toEqual([
      {
        secretKey: 'token',
        remoteRef: {
          key: `${input.outputs.cluster_name}-${input.commons}-csoc-agent-join-token`,
          property: 'token',
        },
      },
    ]);
    expect(externalSecret!.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'gen3-secret-store' });
    // The identity Secret is rendered empty: the agent writes it, Argo CD neither wipes nor prunes it.
    const identity = byKind('Secret')!;
    expect(identity.data).toBeUndefined();
    expect(identity.stringData).toBeUndefined();
  });

  it('lets the agent read Argo CD Applications, read-only, only where Argo CD shares its cluster', () => {
    // A commons on a cluster of its own: Argo CD (beside CSOC) is elsewhere, so nothing in an argocd namespace.
    const remote = render(loadFixture('aws'));
    expect(remote.agent.some((doc) => doc.metadata.namespace === 'argocd')).toBe(false);
    expect(remote.files['agent-access.yaml']).toBeUndefined();
    expect(remote.accessApp).toBeUndefined();
    const remoteEnv = remote.byKind('Deployment')!.spec.template.spec.containers[0].env as Tree[];
    expect(remoteEnv.map((item) => item.name)).not.toContain('CSOC_AGENT_ARGOCD_NAMESPACE');

    // A commons deployed to Argo CD's own cluster (the existing-cluster plugin reports no API endpoint).
    const input = loadFixture('kubernetes');
    const { agent, app, access, accessApp } = render(input);
    expect(app.spec.destination.server).toBe('https://kubernetes.default.svc');
    // The commons' Application holds nothing in Argo CD's namespace: its org project may not write there.
    expect(agent.some((doc) => doc.metadata.namespace === 'argocd')).toBe(false);
    expect(access.map((doc) => `${doc.kind}/${doc.metadata.namespace}/${doc.metadata.name}`)).toEqual([
      // One pair per commons: several may share Argo CD's cluster.
      `Role/argocd/csoc-agent-read-${input.commons}`,
      `RoleBinding/argocd/csoc-agent-read-${input.commons}`,
    ]);
    const [role, binding] = access;
    expect(() => new Role(role as never).validate()).not.toThrow();
    expect(() => new RoleBinding(binding as never).validate()).not.toThrow();
    expect(new Set(grantsOf(role!.rules))).toEqual(
      new Set(READ.map((verb) => `argoproj.io/applications/${verb}`)),
    );
    expect(binding!.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: `csoc-agent-read-${input.commons}`,
    });
    expect(binding!.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'csoc-agent', namespace: input.commons },
    ]);
    // Its own Application, in the CSOC-owned project, reads only agent-access.yaml into Argo CD's namespace.
    expect(() => new Application(accessApp as never).validate()).not.toThrow();
    expect(accessApp!.spec.project).toBe('csoc-agent-access');
    expect(accessApp!.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'argocd',
    });
    expect(accessApp!.spec.source).toEqual({
      repoURL: input.gitopsRepoUrl,
      targetRevision: 'HEAD',
      path: `${input.org}/${input.commons}`,
      directory: { include: 'agent-access.yaml' },
    });
    expect(accessApp!.spec.sources).toBeUndefined();
    expect(accessApp!.spec.syncPolicy.syncOptions).not.toContain('CreateNamespace=true');
    for (const doc of agent) expect(doc.metadata.namespace).toBe(input.commons);
    const deployment = agent.find((doc) => doc.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({
      name: 'CSOC_AGENT_ARGOCD_NAMESPACE',
      value: 'argocd',
    });
  });

  it('syncs agent.yaml with the commons and leaves the identity the agent wrote alone', () => {
    const input = loadFixture('aws');
    const { app } = render(input);
    expect(app.spec.sources).toContainEqual({
      repoURL: input.gitopsRepoUrl,
      targetRevision: 'HEAD',
      path: `${input.org}/${input.commons}`,
      directory: { include: 'agent.yaml' },
    });
    expect(app.spec.ignoreDifferences).toEqual([
      {
        group: '',
        kind: 'Secret',
        name: 'csoc-agent-identity',
        namespace: input.commons,
        jsonPointers: ['/data'],
      },
    ]);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });

  it('renders no agent, no join token, no access and no ignored difference without the agent input', () => {
    for (const fixture of ['gcp', 'kubernetes'] as const) {
      const input = loadFixture(fixture);
      delete input.agent;
      const { files, externalSecret, app, accessApp } = render(input);
      expect(files['agent.yaml']).toBeUndefined();
      expect(files['agent-access.yaml']).toBeUndefined();
      expect(accessApp).toBeUndefined();
      expect(externalSecret).toBeUndefined();
      expect(app.spec.ignoreDifferences).toBeUndefined();
      expect(app.spec.syncPolicy.syncOptions).not.toContain('RespectIgnoreDifferences=true');
      expect(JSON.stringify(files)).not.toContain('csoc-agent');
    }
  });

  it('refuses a CSOC URL with credentials or plain http outside the simulator, and a bad image', () => {
    const cases: Array<[string, string]> = [
      ['http://csoc.example.org', 'http:// only for the simulator'],
      ['https://user:pw@csoc.example.org', 'must not carry credentials'],
      ['not a url', "must be CSOC's public URL"],
    ];
    for (const [csocUrl, message] of cases) {
      const input = loadFixture('aws');
      input.agent.csocUrl = csocUrl;
      const errors = fieldErrors(input);
      expect(errors, csocUrl).toContainEqual({
        field: 'agent.csocUrl',
        message: expect.stringContaining(message),
      });
      expect(JSON.stringify(errors)).not.toContain('pw@');
    }
    const input = loadFixture('aws');
    input.agent.image = 'Not An Image';
    expect(fieldErrors(input)).toContainEqual({
      field: 'agent.image',
      message: expect.stringContaining('container image reference'),
    });
  });

  describe('the label that turns it on', () => {
    /** An AWS commons with the plugin's placeholder outputs, as the deploy would render it. */
    const commonsWith = (labels?: Record<string, string>) => ({
      org: 'acme',
      name: 'brain',
      spec: {
        environment: 'prod',
        plugin: { name: 'aws' },
        account: 'acct',
        inputs: {},
        gen3: {
          release: '2025.09',
          hostname: 'data.example.org',
          dictionaryUrl: 'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json',
          userYamlSource: 's3://brain-user-yaml/user.yaml',
        },
      } as never,
      infraStatus: 'provisioned',
      outputs: placeholderOutputs({ environment: 'c1', region: 'us-east-1', namespace: 'brain' }),
      ...(labels ? { labels } : {}),
    });
    const inputOf = (
      labels?: Record<string, string>,
      url = 'https://csoc.example.org/',
      options?: RenderInputOptions,
    ) =>
      toRenderInput(
        commonsWith(labels),
        'https://git.csoc.example.org/acme/gitops.git',
        url,
        options,
      ) as Tree;
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as InputError).details;
      }
      throw new Error('expected an InputError');
    };

    it('renders no agent without the label, or with it disabled', () => {
      expect(inputOf().agent).toBeUndefined();
      expect(inputOf({ [AGENT_LABEL]: 'disabled' }).agent).toBeUndefined();
      expect(renderCommonsGitOps(inputOf()).files).not.toHaveProperty('agent.yaml');
    });

    it('renders the agent of this CSOC version, or the configured image, when enabled', () => {
      const enabled = { [AGENT_LABEL]: 'enabled' };
      expect(inputOf(enabled, undefined, { csocVersion: '0.1.0' }).agent).toEqual({
        csocUrl: 'https://csoc.example.org',
        image: 'csoc-agent:0.1.0',
      });
      const configured = inputOf(enabled, undefined, { agentImage: 'registry.example.org/csoc-agent:9.9.9' });
      expect(configured.agent.image).toBe('registry.example.org/csoc-agent:9.9.9');
      const { byKind } = render(configured);
      expect(byKind('Deployment')!.spec.template.spec.containers[0].image).toBe(
        'registry.example.org/csoc-agent:9.9.9',
      );
    });

    it('refuses a value it does not know, and a CSOC without https, naming the label', () => {
      expect(refusal(() => inputOf({ [AGENT_LABEL]: 'yes' }))).toEqual([
        { field: `metadata.labels.${AGENT_LABEL}`, message: expect.stringContaining('use enabled') },
      ]);
      expect(refusal(() => inputOf({ [AGENT_LABEL]: 'enabled' }, 'http://csoc.example.org'))).toEqual([
        {
          field: `metadata.labels.${AGENT_LABEL}`,
          message: expect.stringContaining('CSOC_PUBLIC_URL over https'),
        },
      ]);
    });
  });
});
