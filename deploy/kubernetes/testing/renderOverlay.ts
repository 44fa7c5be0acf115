// Renders a kustomize directory with the real `kubectl kustomize` (offline, no cluster) and parses the
// output into plain objects, so tests check exactly what `kubectl apply -k` would send.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** One Kubernetes object as rendered: apiVersion, kind, metadata and the rest, untyped. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface RenderedOverlay {
  /** The YAML text kubectl printed (searched for leaked secret values). */
  text: string;
  objects: KubernetesObject[];
}

/** `kubectl kustomize <directory>`; throws with kubectl's own message when the kustomization is broken. */
export async function renderOverlay(directory: string): Promise<RenderedOverlay> {
  const rendered = await run('kubectl', ['kustomize', directory], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  }).catch((error: NodeJS.ErrnoException & { stderr?: string }) => {
    if (error.code === 'ENOENT') {
      throw new Error('kubectl is not on PATH: install kubectl 1.32 or later (it renders kustomize offline)');
    }
    throw new Error(`kubectl kustomize ${directory} failed: ${error.stderr?.trim() || error.message}`);
  });
  return { text: rendered.stdout, objects: parseKubernetesYaml(rendered.stdout) };
}

/** Every document of a multi-document YAML text; throws on a YAML error or a document that is no object. */
export function parseKubernetesYaml(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`invalid YAML: ${document.errors[0]?.message}`);
      return document.toJS() as unknown;
    })
    .filter((value) => value !== null && value !== undefined)
    .map((value) => {
      const object = value as KubernetesObject;
      if (
        typeof object.apiVersion !== 'string' ||
        typeof object.kind !== 'string' ||
        !object.metadata?.name
      ) {
        throw new Error(
          `a rendered document is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`,
        );
      }
      return object;
    });
}

/** The object of this kind and name, or an error naming what is missing. */
export function findObject(objects: KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}
