import { Analyzer } from './analyzer';
import { ResourceType } from './resources';
import { arr, rec, str } from './util';

const ROUTE_NEGATIVE = { Accepted: 'False', Programmed: 'False', ResolvedRefs: 'False' };

// The condition types reported per kind, and the status that is negative (conditions.go:91-128).
const NEGATIVE: ReadonlyArray<[ResourceType, Readonly<Record<string, string>>]> = [
  ['Service', { 'istio.io/WaypointBound': 'False' }],
  ['ServiceEntry', { 'istio.io/WaypointBound': 'False' }],
  ['AuthorizationPolicy', { ZtunnelAccepted: 'False', WaypointAccepted: 'False' }],
  ['KubernetesGateway', ROUTE_NEGATIVE],
  ['HTTPRoute', ROUTE_NEGATIVE],
  ['GRPCRoute', ROUTE_NEGATIVE],
];

/**
 * conditions.ConditionAnalyzer (IST0171): status conditions with a negative status on Services,
 * ServiceEntries, AuthorizationPolicies, Gateway API Gateways and routes (the `status` of the
 * manifests, as a cluster reports it) (pkg/config/analysis/analyzers/conditions/conditions.go:53-89).
 */
export const conditions: Analyzer = {
  name: 'conditions.ConditionAnalyzer',
  codes: ['IST0171'],
  analyze({ resources, report }) {
    for (const [type, negative] of NEGATIVE) {
      for (const r of resources.list(type)) {
        const status = rec(r.status);
        const list = type === 'HTTPRoute' || type === 'GRPCRoute' ? arr(status.parents).flatMap((p) => arr(p?.conditions)) : arr(status.conditions);
        for (const c of list) {
          const t = str(c?.type);
          const args = [t, str(c?.reason), str(c?.message)];
          // Go compares with the table's entry, "" for a type it does not list (so does a condition without status).
          if ((Object.prototype.hasOwnProperty.call(negative, t) ? negative[t] : '') === str(c?.status)) report('IST0171', r, args);
          if (type === 'AuthorizationPolicy' && t === 'WaypointAccepted' && str(c?.reason) === 'PartiallyInvalid') report('IST0171', r, args);
        }
      }
    }
  },
};
