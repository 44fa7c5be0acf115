// The gitops area's services for one CSOC process: the GitOps repository (local bare repos or a remote),
// the Argo CD client of each org, and where each commons' public endpoints are probed.
import type { CsocConfig } from '../config/configSchema.ts';
import { createArgoCdClient, type ArgoCdClient } from './deploys/argoCdClient.ts';
import { createGitopsRepository, type GitopsRepository } from './repository/gitopsRepository.ts';

export interface GitopsServices {
  repository: GitopsRepository;
  /** The Argo CD of an org; undefined when none is configured (deploys then stop at "committed"). */
  argoCdFor(org: string): ArgoCdClient | undefined;
  /** True when Argo CD is the CSOC simulator. */
  simulatedArgoCd: boolean;
  /** Base URL of a commons' public endpoints (revproxy). */
  commonsBaseUrl(org: string, commons: string, hostname: string): string;
  /** Deploy followers poll Argo CD this often. */
  pollMs: number;
}

/**
 * What the gitops services read of the AppContext; the simulated Argo CD's address is read at each use.
 * Spelled out rather than picked from AppContext, which holds GitopsServices: no import cycle.
 */
export interface GitopsServicesContext {
  config: CsocConfig;
  publicUrl: string;
  simArgoCdUrl?: string;
  simArgoCdToken?: string;
}

/**
 * The gitops services of one CSOC process, created once by the composition root (createAppContext.ts) as
 * `context.gitops`. Whether Argo CD is the simulator is read at each use, since the embedded simulated
 * Argo CD starts (a background task) after the context exists.
 */
export function createGitopsServices(context: GitopsServicesContext): GitopsServices {
  const { config } = context;
  const repository = createGitopsRepository({
    dataDir: config.dataDir,
    publicUrl: () => context.publicUrl,
    branch: config.gitopsBranch,
    remoteUrl: config.gitopsRemoteUrl,
    remoteToken: config.gitopsRemoteToken,
  });
  const argoBase = () =>
    config.argocdUrl ?? (context.simArgoCdUrl ? `${context.simArgoCdUrl}/argocd/{org}` : undefined);
  const isSimulated = () => !config.argocdUrl && !!context.simArgoCdUrl;
  const clients = new Map<string, ArgoCdClient>();
  return {
    repository,
    get simulatedArgoCd() {
      return isSimulated();
    },
    get pollMs() {
      return isSimulated() ? 200 : 3000;
    },
    argoCdFor(org) {
      const base = argoBase();
      if (!base) return undefined;
      let client = clients.get(org);
      if (!client) {
        client = createArgoCdClient({
          baseUrl: base.replaceAll('{org}', org),
          token: isSimulated() ? context.simArgoCdToken : config.argocdToken,
        });
        clients.set(org, client);
      }
      return client;
    },
    commonsBaseUrl(org, commons, hostname) {
      return isSimulated() ? `${context.simArgoCdUrl}/sim/${org}/${commons}` : `https://${hostname}`;
    },
  };
}
