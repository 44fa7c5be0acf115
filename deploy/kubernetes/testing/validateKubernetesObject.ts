// Validates a rendered object against the OpenAPI schema of its kind, offline: Kubernetes' own kinds
// through kubernetes-models 4.5.1 (the Kubernetes 1.33.0 schemas; no 1.32 build is published: ADR 0053),
// the custom resources CSOC uses through the @kubernetes-models CRD packages. A kind with no schema
// here fails validation unless kindsWithoutSchema names it with the reason.
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubernetesObject } from './renderOverlay.ts';

interface ValidatingModel {
  new (data: never): { validate(): void };
}

const models: Record<string, ValidatingModel> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'external-secrets.io/v1/ExternalSecret': ExternalSecret,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'argoproj.io/v1alpha1/Application': Application,
};

/** Kinds rendered without a schema check, and why (ADR 0053). */
export const kindsWithoutSchema: Record<string, string> = {
  'postgresql.cnpg.io/v1/Cluster':
    'no package of the npm registry ships the CloudNativePG CRD schema; checked field by field in the test instead',
};

/** The kinds validateKubernetesObject has a schema for (so a test can prove it refuses unknown ones). */
export const kindsWithSchema: readonly string[] = Object.keys(models);

/**
 * The schema problems of one object (empty when valid), each naming the object and the field.
 * @example validateKubernetesObject(deployment) // [] or ['Deployment csoc-api: data/spec/replicas must be integer']
 */
export function validateKubernetesObject(object: KubernetesObject): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const label = `${object.kind} ${object.metadata.name}`;
  const Model = models[key];
  if (!Model) {
    return key in kindsWithoutSchema
      ? []
      : [
          `${label}: no schema for ${key}; add its model to validateKubernetesObject.ts or a reason to kindsWithoutSchema`,
        ];
  }
  try {
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error) {
    return [`${label}: ${(error as Error).message}`];
  }
}
