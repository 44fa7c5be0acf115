// Answers "which traffic do the NetworkPolicies allow for a pod with these labels": the union of the
// rules of every policy selecting it, as Kubernetes combines them. Only matchLabels selectors are
// understood (the manifests use no matchExpressions; a policy that does makes these functions throw).
import type { KubernetesObject } from './renderOverlay.ts';

export interface PolicyPeer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}

export interface PolicyRule {
  policy: string;
  /** Empty: every peer. */
  peers: PolicyPeer[];
  /** Empty: every port. */
  ports: { port?: number | string; protocol?: string }[];
}

function selects(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] },
  labels: Record<string, string>,
): boolean {
  if (selector.matchExpressions?.length)
    throw new Error('matchExpressions are not understood by networkPolicyPaths.ts');
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

/** The NetworkPolicies that select a pod with `labels` for `direction`. */
export function policiesFor(
  objects: KubernetesObject[],
  labels: Record<string, string>,
  direction: 'Ingress' | 'Egress',
): KubernetesObject[] {
  return objects.filter((object) => {
    if (object.kind !== 'NetworkPolicy') return false;
    const spec = object.spec as { podSelector: Record<string, any>; policyTypes?: string[] };
    return selects(spec.podSelector, labels) && (spec.policyTypes ?? ['Ingress']).includes(direction);
  });
}

/** Every allow rule that applies to the pod's traffic in `direction`. No rules at all: everything is denied. */
export function allowedRules(
  objects: KubernetesObject[],
  labels: Record<string, string>,
  direction: 'Ingress' | 'Egress',
): PolicyRule[] {
  return policiesFor(objects, labels, direction).flatMap((policy) => {
    const spec = policy.spec as Record<string, any>;
    const rules = (direction === 'Ingress' ? spec.ingress : spec.egress) ?? [];
    return rules.map((rule: Record<string, any>) => ({
      policy: policy.metadata.name,
      peers: (direction === 'Ingress' ? rule.from : rule.to) ?? [],
      ports: rule.ports ?? [],
    }));
  });
}

/** True when some rule lets traffic go to (or come from) a pod of the same namespace with `peerLabels` on `port`. */
export function allowsPodPeer(
  rules: PolicyRule[],
  peerLabels: Record<string, string>,
  port: number,
): boolean {
  return rules.some(
    (rule) =>
      (rule.ports.length === 0 || rule.ports.some((allowed) => allowed.port === port)) &&
      (rule.peers.length === 0 ||
        rule.peers.some(
          (peer) =>
            !peer.namespaceSelector &&
            !peer.ipBlock &&
            peer.podSelector &&
            selects(peer.podSelector, peerLabels),
        )),
  );
}

/** True when the rule only reaches cluster DNS (port 53). */
export function isDnsRule(rule: PolicyRule): boolean {
  return rule.ports.length > 0 && rule.ports.every((allowed) => allowed.port === 53);
}
