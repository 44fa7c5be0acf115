// What the scaffold needs to know per cloud: its official Terraform provider (written into versions.tf as
// a commented TODO, so the generated plugin still plans offline), a sensible default region, and where a
// plugin author reads about the provider's credentials. Versions are the ones CSOC validates its own
// plugins against (the providers' published schemas installed as test data), not a recommendation to
// stay on them.
import type { Cloud } from '@csoc/plugin-sdk/manifest-schema';

export interface ScaffoldCloud {
  /** Human name used in comments and the README. */
  title: string;
  /** The official provider, or undefined for clouds that need none (sim). */
  /** `cdktfPackage`: the npm package whose .jsii holds the provider's published schema. */
  provider?: { localName: string; source: string; version: string; cdktfPackage: string };
  defaultRegion: string;
  regionDescription: string;
  /** A line for the README on how the plugin gets its credentials. */
  credentialsHint: string;
}

export const SCAFFOLD_CLOUDS: Record<Cloud, ScaffoldCloud> = {
  aws: {
    title: 'AWS',
    provider: {
      localName: 'aws',
      source: 'hashicorp/aws',
      version: '5.100.0',
      cdktfPackage: '@cdktf/provider-aws',
    },
    defaultRegion: 'us-east-1',
    regionDescription: 'An AWS region such as us-east-1',
    credentialsHint:
      'map `request.credentials` to AWS_* environment variables in `before` (see plugins/aws/src/applyAwsCredentials.ts in CSOC)',
  },
  azure: {
    title: 'Azure',
    provider: {
      localName: 'azurerm',
      source: 'hashicorp/azurerm',
      version: '4.55.0',
      cdktfPackage: '@cdktf/provider-azurerm',
    },
    defaultRegion: 'eastus',
    regionDescription: 'An Azure location such as eastus',
    credentialsHint:
      'map `request.credentials` to ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID and the secret to ARM_CLIENT_SECRET in `before`',
  },
  gcp: {
    title: 'Google Cloud',
    provider: {
      localName: 'google',
      source: 'hashicorp/google',
      version: '6.50.0',
      cdktfPackage: '@cdktf/provider-google',
    },
    defaultRegion: 'us-central1',
    regionDescription: 'A Google Cloud region such as us-central1',
    credentialsHint:
      'write the service-account key from the secrets file to a 0600 file in the work dir and point GOOGLE_APPLICATION_CREDENTIALS at it in `before`',
  },
  digitalocean: {
    title: 'DigitalOcean',
    provider: {
      localName: 'digitalocean',
      source: 'digitalocean/digitalocean',
      version: '2.71.0',
      cdktfPackage: '@cdktf/provider-digitalocean',
    },
    defaultRegion: 'nyc3',
    regionDescription: 'A DigitalOcean region such as nyc3',
    credentialsHint: 'map the API token from the secrets file to DIGITALOCEAN_TOKEN in `before`',
  },
  kubernetes: {
    title: 'an existing Kubernetes cluster',
    provider: {
      localName: 'kubernetes',
      source: 'hashicorp/kubernetes',
      version: '<the exact version you test with>',
      cdktfPackage: '@cdktf/provider-kubernetes',
    },
    defaultRegion: 'on-premises',
    regionDescription: 'Where the cluster runs, as a label (Kubernetes has no regions)',
    credentialsHint:
      'write the kubeconfig from the secrets file to a 0600 file in the work dir and point KUBE_CONFIG_PATH at it in `before`',
  },
  sim: {
    title: 'the CSOC simulator',
    defaultRegion: 'us-sim-1',
    regionDescription: 'A simulated region such as us-sim-1',
    credentialsHint: 'the simulator takes no credentials',
  },
};
