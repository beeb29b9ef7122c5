import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { gatewayAllows, k8sGateways, listed } from './kiali-common';

const GW = 'gateway.networking.k8s.io';

/** Whether a ReferenceGrant in `toNamespace` lets `kind` routes of `fromNamespace` use Service `name`. */
function granted(grants: readonly any[], kind: string, fromNamespace: string, toNamespace: string, name: string): boolean {
  return grants.some((g) => nsOf(g) === toNamespace
    && (g.spec?.from ?? []).some((f: any) => f?.group === GW && f?.kind === kind && f?.namespace === fromNamespace)
    && (g.spec?.to ?? []).some((t: any) => (t?.group ?? '') === '' && t?.kind === 'Service' && (t?.name === undefined || t.name === name)));
}

/**
 * HTTPRoute and GRPCRoute references (istioctl only reports them from the live route status,
 * IST0171): Kiali's KIA1401 for a parent Gateway that does not exist or whose listeners do not
 * admit routes of the route's namespace (`allowedRoutes`), KIA1402 for a parent or backend
 * Service that does not exist; this library's CI0201 for a backend Service that selects no pods,
 * CI0202 for a backend in another namespace that no ReferenceGrant there allows (HTTPRoutes).
 * Kiali v2.30.0: business/checkers/k8shttproutes/*.go, business/checkers/k8sgrpcroutes/*.go.
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export const httpRouteReferences: Analyzer = {
  name: 'k8sgateway.HTTPRouteReferenceAnalyzer',
  codes: ['KIA1401', 'KIA1402', 'CI0201', 'CI0202'],
  analyze({ index, report }) {
    const gateways = k8sGateways(index);
    const grants = index.list(GW, 'ReferenceGrant');
    for (const route of [...index.list(GW, 'HTTPRoute'), ...index.list(GW, 'GRPCRoute')]) {
      const ns = nsOf(route);
      // Kiali's messages name no reference: one finding per code, the references in its fix.
      const missingGateways: string[] = [];
      const closedGateways: any[] = [];
      const missingServices: string[] = [];
      for (const p of route.spec?.parentRefs ?? []) {
        const group = p?.group ?? GW;
        const kind = p?.kind ?? 'Gateway';
        const key = `${p?.namespace ?? ns}/${p?.name}`;
        if (group === GW && kind === 'Gateway') {
          const gateway = gateways.get(key);
          if (!gateway) missingGateways.push(key);
          else if (!gatewayAllows(index, gateway, ns)) closedGateways.push(gateway);
        }
        if (group === '' && kind === 'Service' && !index.services.has(fqdn(String(p?.name), p?.namespace ?? ns))) missingServices.push(key);
      }
      if (missingGateways.length || closedGateways.length) {
        const fixes = [
          ...(missingGateways.length ? [`Create the Gateway ${listed(missingGateways)} (IstioGateway with TrafficApi.GATEWAY_API), or attach the route to an existing one.`] : []),
          ...(closedGateways.length ? [`Let routes of namespace ${ns} attach to Gateway ${listed(closedGateways.map((g) => `${nsOf(g)}/${g.metadata?.name}`))} (listener allowedRoutes.namespaces.from All, or a Selector matching ${ns}), or move the route to the Gateway's namespace.`] : []),
        ];
        report('KIA1401', route, [], { fix: fixes.join(' ') });
      }
      const backends = (route.spec?.rules ?? []).flatMap((r: any) => [
        ...(r?.backendRefs ?? []),
        ...(r?.filters ?? []).map((f: any) => f?.requestMirror?.backendRef).filter((b: any) => b),
      ]);
      for (const b of backends) {
        if ((b?.group ?? '') !== '' || (b?.kind ?? 'Service') !== 'Service') continue;
        const backendNs = b?.namespace ?? ns;
        const key = `${backendNs}/${b?.name}`;
        const svc = index.services.get(fqdn(String(b?.name), backendNs));
        if (!svc) {
          missingServices.push(key);
          continue;
        }
        if (route.kind === 'HTTPRoute' && backendNs !== ns && !granted(grants, route.kind, ns, backendNs, String(b?.name))) {
          report('CI0202', route, [key, backendNs, ns], { fix: `Add a ReferenceGrant in ${backendNs} from HTTPRoutes of ${ns} to Service ${b?.name}.` });
        }
        const selector = svc.spec?.selector;
        if (selector && Object.keys(selector).length && index.selectWorkloads(backendNs, selector).length === 0) {
          report('CI0201', route, [key], { fix: `Deploy the pods the Service ${key} selects (${JSON.stringify(selector)}; for a version, MeshService.addVersion()), or route elsewhere.` });
        }
      }
      if (missingServices.length) {
        report('KIA1402', route, [], { fix: `Create the Service ${listed(missingServices)} (for a version: MeshService.addVersionService()), or refer to an existing one.` });
      }
    }
  },
};
