import { Analyzer } from './analyzer';
import { ResourceType } from './resources';
import { mapContains, rec } from './util';
import { pushTo } from '../../private/collections';

const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';
const POLICIES: readonly ResourceType[] = ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'];

/**
 * k8sgateway.SelectorAnalyzer (IST0166): policies (AuthorizationPolicy, RequestAuthentication,
 * Telemetry, WasmPlugin) that select a Gateway API gateway's pods with `selector`, which has no
 * effect there: `targetRef` is needed
 * (pkg/config/analysis/analyzers/k8sgateway/workloadselector.go:59-98).
 */
export const gatewayApiSelectors: Analyzer = {
  name: 'k8sgateway.SelectorAnalyzer',
  codes: ['IST0166'],
  analyze({ resources, report }) {
    const gatewayPods = new Map<string, Array<Readonly<Record<string, string>>>>();
    for (const p of resources.pods) {
      if (Object.prototype.hasOwnProperty.call(p.labels, GATEWAY_NAME)) pushTo(gatewayPods, p.namespace, p.labels);
    }
    if (!gatewayPods.size) return;
    for (const type of POLICIES) {
      for (const r of resources.list(type)) {
        const spec = rec(r.spec);
        if ((spec.targetRef !== undefined && spec.targetRef !== null) || spec.selector === undefined || spec.selector === null) continue;
        for (const labels of gatewayPods.get(r.namespace) ?? []) {
          if (mapContains(labels, rec(spec.selector).matchLabels)) {
            report('IST0166', r, [labels[GATEWAY_NAME]], { fix: `Attach the policy to the Gateway with targetRefs (kind: Gateway, name: ${labels[GATEWAY_NAME]}) instead of selector.` });
          }
        }
      }
    }
  },
};
