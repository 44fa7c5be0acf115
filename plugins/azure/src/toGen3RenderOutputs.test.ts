// The azure plugin's outputs -> the renderer's AzureOutputs: fields renamed and nested as the renderer reads
// them, nulls and missing outputs left out so the renderer names what is missing.
import { describe, expect, it } from 'vitest';
import { placeholderOutputs } from './placeholderOutputs.ts';
import { toGen3RenderOutputs } from './toGen3RenderOutputs.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

describe('toGen3RenderOutputs', () => {
  const outputs = placeholderOutputs({ environment: 'gen3-dev', location: 'eastus', namespace: 'heart' });

  it('maps the outputs onto the fields the renderer reads, and nothing else', () => {
    const mapped = toGen3RenderOutputs(outputs);
    expect(mapped).toEqual({
      cluster_name: 'gen3-dev',
      cluster_endpoint: outputs.cluster_endpoint,
      location: 'eastus',
      tenant_id: outputs.tenant_id,
      key_vault_url: outputs.key_vault_url,
      postgres_host: outputs.postgres_host,
      es_endpoint: 'http://gen3-elasticsearch-master.heart.svc.cluster.local:9200',
      // user.yaml's container is not an S3 bucket: the commons names its user.yaml source itself.
      buckets: { data: 'data', logs: 'logs', manifest: 'manifests' },
      workload_identity_client_ids: outputs.workload_identity_client_ids,
      ingress_class_name: 'webapprouting.kubernetes.azure.com',
      cluster_issuer: 'letsencrypt-prod',
    });
  });

  it('leaves out what is missing instead of guessing it', () => {
    const { key_vault_url: _vault, blob_containers: _containers, ...rest } = outputs;
    const mapped = toGen3RenderOutputs({ ...rest, cluster_issuer: null });
    expect(mapped).not.toHaveProperty('key_vault_url');
    expect(mapped).not.toHaveProperty('buckets');
    expect(mapped).not.toHaveProperty('cluster_issuer');
  });
});

describe('toTerraformVariables', () => {
  it('snake-cases the inputs and pins the namespace to the commons name', () => {
    expect(
      toTerraformVariables(
        { environment: 'gen3-dev', apiServerAuthorizedIpRanges: ['203.0.113.7/32'], namespace: 'gen3' },
        { commons: { org: 'contoso', name: 'heart' } },
      ),
    ).toEqual({
      environment: 'gen3-dev',
      api_server_authorized_ip_ranges: ['203.0.113.7/32'],
      namespace: 'heart',
    });
  });
});
