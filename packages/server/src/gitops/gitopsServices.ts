// The gitops area's services for one CSOC process: the GitOps repository (local bare repos or a remote),
// the Argo CD client of each org, and where each commons' public endpoints are probed.
import type { AppContext } from '../http/appContext.ts';
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

const servicesByContext = new WeakMap<AppContext, GitopsServices>();

export function gitopsServicesOf(context: AppContext): GitopsServices {
  let services = servicesByContext.get(context);
  if (services) return services;
  const { config } = context;
  const repository = createGitopsRepository({
    dataDir: config.dataDir,
    publicUrl: () => context.publicUrl,
    branch: config.gitopsBranch,
    remoteUrl: config.gitopsRemoteUrl,
    remoteToken: config.gitopsRemoteToken,
  });
  const argoBase =
    config.argocdUrl ?? (context.simArgoCdUrl ? `${context.simArgoCdUrl}/argocd/{org}` : undefined);
  const simulatedArgoCd = !config.argocdUrl && !!context.simArgoCdUrl;
  const clients = new Map<string, ArgoCdClient>();
  services = {
    repository,
    simulatedArgoCd,
    pollMs: simulatedArgoCd ? 200 : 3000,
    argoCdFor(org) {
      if (!argoBase) return undefined;
      let client = clients.get(org);
      if (!client) {
        client = createArgoCdClient({
          baseUrl: argoBase.replaceAll('{org}', org),
          token: simulatedArgoCd ? context.simArgoCdToken : config.argocdToken,
        });
        clients.set(org, client);
      }
      return client;
    },
    commonsBaseUrl(org, commons, hostname) {
      return simulatedArgoCd ? `${context.simArgoCdUrl}/sim/${org}/${commons}` : `https://${hostname}`;
    },
  };
  servicesByContext.set(context, services);
  return services;
}
