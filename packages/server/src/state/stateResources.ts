// What a Terraform state holds, without any attribute value: each resource's address, type, provider,
// instances and the resources it depends on. Attribute values stay sealed on the server (they hold
// passwords and keys); this summary is what the portal's infrastructure list and graph show.

export interface StateResourceSummary {
  /** Resource address without instance key, as `dependencies` in the state name it. */
  address: string;
  module: string | null;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Provider source without the registry host, e.g. `hashicorp/aws`. */
  provider: string;
  /** Instance addresses (`aws_s3_bucket.logs`, `aws_subnet.private[0]`, `x.y["a"]`). */
  instances: string[];
  /** Addresses of other resources in this state that this one depends on. */
  dependsOn: string[];
}

interface StateInstance {
  index_key?: string | number;
  dependencies?: string[];
}

interface StateResource {
  module?: string;
  mode?: string;
  type?: string;
  name?: string;
  provider?: string;
  instances?: StateInstance[];
}

function providerSource(provider: string | undefined): string {
  // provider["registry.terraform.io/hashicorp/aws"] or provider["terraform.io/builtin/terraform"].alias
  const source = provider?.match(/provider\["([^"]+)"\]/)?.[1] ?? provider ?? 'unknown';
  return source.replace(/^registry\.terraform\.io\//, '').replace(/^registry\.opentofu\.org\//, '');
}

/** Summarizes a parsed Terraform state (format version 4); unknown shapes yield no resources. */
export function summarizeStateResources(document: unknown): StateResourceSummary[] {
  const resources = (document as { resources?: unknown })?.resources;
  if (!Array.isArray(resources)) return [];
  const summaries = (resources as StateResource[])
    .filter((resource) => typeof resource?.type === 'string' && typeof resource.name === 'string')
    .map((resource) => {
      const mode = resource.mode === 'data' ? 'data' : 'managed';
      const address = [resource.module, mode === 'data' ? 'data' : undefined, resource.type, resource.name]
        .filter(Boolean)
        .join('.');
      const instances = (resource.instances ?? []).map((instance) =>
        instance.index_key === undefined ? address : `${address}[${JSON.stringify(instance.index_key)}]`,
      );
      const dependsOn = new Set(
        (resource.instances ?? []).flatMap((instance) =>
          Array.isArray(instance.dependencies) ? instance.dependencies : [],
        ),
      );
      return {
        address,
        module: resource.module ?? null,
        mode,
        type: resource.type!,
        name: resource.name!,
        provider: providerSource(resource.provider),
        instances,
        dependsOn: [...dependsOn],
      } satisfies StateResourceSummary;
    });
  // Only edges to resources this state holds: a dependency on a removed resource draws nothing.
  const known = new Set(summaries.map((summary) => summary.address));
  for (const summary of summaries)
    summary.dependsOn = summary.dependsOn
      .filter((address) => known.has(address) && address !== summary.address)
      .sort();
  return summaries.sort((a, b) => a.address.localeCompare(b.address));
}
