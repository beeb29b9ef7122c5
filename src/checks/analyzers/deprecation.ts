import { Analyzer } from './analyzer';
import { arr, rec } from './util';

const REMOVED_RBAC_KINDS = ['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding'];

/**
 * deprecation.DeprecationAnalyzer (IST0002): deprecated fields (a VirtualService's
 * `fault.delay.percent`, a Sidecar's `outboundTrafficPolicy.egressProxy`) and CRDs of removed
 * kinds (`rbac.istio.io`) (pkg/config/analysis/analyzers/deprecation/deprecation.go:73-131).
 */
export const deprecatedFields: Analyzer = {
  name: 'deprecation.DeprecationAnalyzer',
  codes: ['IST0002'],
  analyze({ resources, report }) {
    for (const r of resources.list('VirtualService')) {
      for (const route of arr(rec(r.spec).http)) {
        const percent = rec(rec(rec(route).fault).delay).percent;
        if (typeof percent === 'number' && percent > 0) {
          report('IST0002', r, ['HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage'], { fix: 'Give the delay as percentage: { value: <percent> } (HttpFaultInjection in this library does).' });
        }
      }
    }
    for (const r of resources.list('Sidecar')) {
      const egressProxy = rec(rec(r.spec).outboundTrafficPolicy).egressProxy;
      if (egressProxy !== undefined && egressProxy !== null) {
        report('IST0002', r, ['OutboundTrafficPolicy.EgressProxy ignored'], { fix: 'Remove outboundTrafficPolicy.egressProxy: Istio ignores it; route egress through an egress gateway instead.' });
      }
    }
    for (const r of resources.list('CustomResourceDefinition')) {
      const spec = rec(r.spec);
      const kind = rec(spec.names).kind;
      if (spec.group === 'rbac.istio.io' && REMOVED_RBAC_KINDS.includes(kind)) {
        report('IST0002', r, [`Custom resource type rbac.istio.io ${kind} is removed`], { fix: 'Delete the rbac.istio.io CRD and its resources; use AuthorizationPolicy (this library\'s AuthorizationPolicy construct).' });
      }
    }
  },
};
