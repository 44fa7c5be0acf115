// A small client for the Argo CD REST API (the subset the CSOC uses): read an application, refresh it,
// create or update it, register repository credentials, sync, and read its resource tree. It talks to a
// real Argo CD (Bearer token) or to the simulator, which serves the same paths.

export interface ArgoApplicationStatus {
  sync: { status: string; revision?: string; revisions?: string[] };
  health: { status: string; message?: string };
  operationState?: { phase: string; message?: string; syncResult?: { revision?: string } };
  summary?: { images?: string[] };
  /** Why Argo CD cannot compare or sync (ComparisonError, InvalidSpecError, ...) and its warnings. */
  conditions?: Array<{ type: string; message: string; lastTransitionTime?: string }>;
}

export interface ArgoApplication {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: ArgoApplicationStatus;
}

export class ArgoCdError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ArgoCdError';
  }
}

export interface ArgoCdClientOptions {
  /** Base URL without trailing slash, e.g. https://argocd.example.org */
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
}

export interface ArgoCdClient {
  readonly baseUrl: string;
  getApplication(
    name: string,
    options?: { refresh?: 'normal' | 'hard' },
  ): Promise<ArgoApplication | undefined>;
  /** Every application matching a label selector (e.g. `csoc.gen3.org/org=acme`), with its status. */
  listApplications(selector: string): Promise<ArgoApplication[]>;
  upsertApplication(application: ArgoApplication): Promise<ArgoApplication>;
  syncApplication(name: string, revision?: string): Promise<ArgoApplication>;
  resourceTree(name: string): Promise<{ nodes: Array<Record<string, unknown>> }>;
  hasRepository(url: string): Promise<boolean>;
  upsertRepository(repository: { repo: string; username: string; password: string }): Promise<void>;
  /** Deletes the application; with cascade Argo CD first prunes every resource it deployed. */
  deleteApplication(name: string, options?: { cascade?: boolean }): Promise<void>;
}

export function createArgoCdClient(options: ArgoCdClientOptions): ArgoCdClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    allow404 = false,
  ): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new ArgoCdError(`Argo CD at ${baseUrl} is unreachable: ${(error as Error).message}`, 0);
    }
    if (allow404 && response.status === 404) return undefined;
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new ArgoCdError(
        `Argo CD answered ${response.status} to ${method} ${path}: ${message}`,
        response.status,
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
  const app = (name: string) => `/api/v1/applications/${encodeURIComponent(name)}`;
  return {
    baseUrl,
    getApplication: (name, opts = {}) =>
      call<ArgoApplication>(
        'GET',
        `${app(name)}${opts.refresh ? `?refresh=${opts.refresh}` : ''}`,
        undefined,
        true,
      ),
    listApplications: async (selector) => {
      // `fields` keeps the answer small on a big Argo CD: names, labels, sync and health only.
      const fields = [
        'items.metadata.name',
        'items.metadata.labels',
        'items.status.sync',
        'items.status.health',
      ].join(',');
      const list = await call<{ items?: ArgoApplication[] | null }>(
        'GET',
        `/api/v1/applications?selector=${encodeURIComponent(selector)}&fields=${encodeURIComponent(fields)}`,
      );
      return list?.items ?? [];
    },
    upsertApplication: async (application) =>
      (await call<ArgoApplication>('POST', '/api/v1/applications?upsert=true&validate=false', application))!,
    syncApplication: async (name, revision) =>
      (await call<ArgoApplication>('POST', `${app(name)}/sync`, {
        prune: true,
        ...(revision ? { revision } : {}),
      }))!,
    resourceTree: async (name) =>
      (await call<{ nodes: Array<Record<string, unknown>> }>('GET', `${app(name)}/resource-tree`)) ?? {
        nodes: [],
      },
    hasRepository: async (url) =>
      (await call('GET', `/api/v1/repositories/${encodeURIComponent(url)}`, undefined, true)) !== undefined,
    upsertRepository: async (repository) => {
      await call('POST', '/api/v1/repositories?upsert=true', { type: 'git', ...repository });
    },
    deleteApplication: async (name, opts = {}) => {
      await call('DELETE', `${app(name)}?cascade=${opts.cascade !== false}`, undefined, true);
    },
  };
}
