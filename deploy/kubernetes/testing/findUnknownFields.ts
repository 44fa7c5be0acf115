// Finds fields Kubernetes does not know in an object of a built-in kind: the OpenAPI schemas do not
// forbid unknown fields (so the schema check passes a typo such as `readOnlyRootFileSystem`), while
// `kubectl apply --server-side` refuses them. The known fields come from the models of
// @kubernetes/client-node (the client CSOC's kubernetes runner uses), walked type by type.
import * as kubernetesClient from '@kubernetes/client-node';
import type { KubernetesObject } from './renderOverlay.ts';

interface Attribute {
  baseName: string;
  type: string;
}

type ModelClass = { getAttributeTypeMap(): Attribute[] };

/** The client-node model of each built-in kind the manifests use. */
const rootModels: Record<string, string> = {
  'v1/Namespace': 'V1Namespace',
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/Service': 'V1Service',
  'v1/ServiceAccount': 'V1ServiceAccount',
  'v1/PersistentVolumeClaim': 'V1PersistentVolumeClaim',
  'apps/v1/Deployment': 'V1Deployment',
  'autoscaling/v2/HorizontalPodAutoscaler': 'V2HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'V1PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
  'networking.k8s.io/v1/Ingress': 'V1Ingress',
  'rbac.authorization.k8s.io/v1/Role': 'V1Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'V1RoleBinding',
};

function modelOf(typeName: string): ModelClass | undefined {
  const candidate = (kubernetesClient as Record<string, unknown>)[typeName] as
    Partial<ModelClass> | undefined;
  return typeof candidate?.getAttributeTypeMap === 'function' ? (candidate as ModelClass) : undefined;
}

function walk(value: unknown, typeName: string, at: string, found: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, array[1]!, `${at}[${index}]`, found));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    for (const [key, item] of Object.entries(value as object)) walk(item, map[1]!, `${at}.${key}`, found);
    return;
  }
  const model = modelOf(typeName);
  // string, number, boolean, Date, IntOrString, any: nothing below to check.
  if (!model || typeof value !== 'object' || Array.isArray(value)) return;
  const attributes = new Map(
    model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute.type]),
  );
  for (const [key, item] of Object.entries(value)) {
    const type = attributes.get(key);
    if (type === undefined) found.push(`${at}.${key}`);
    else walk(item, type, `${at}.${key}`, found);
  }
}

/**
 * The paths of fields the kind does not have (empty when none), or undefined for a kind without a
 * client-node model (custom resources: the API server prunes their unknown fields instead).
 * @example findUnknownFields(deployment) // ['Deployment csoc-api: .spec.template.spec.containers[0].readOnlyRootFileSystem']
 */
export function findUnknownFields(object: KubernetesObject): string[] | undefined {
  const typeName = rootModels[`${object.apiVersion}/${object.kind}`];
  if (!typeName) return undefined;
  const found: string[] = [];
  walk(object, typeName, '', found);
  return found.map((field) => `${object.kind} ${object.metadata.name}: ${field}`);
}
