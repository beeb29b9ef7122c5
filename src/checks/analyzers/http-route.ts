import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';

const GW = 'gateway.networking.k8s.io';

/** Whether a ReferenceGrant in `toNamespace` lets HTTPRoutes of `fromNamespace` use Service `name`. */
function granted(grants: readonly any[], fromNamespace: string, toNamespace: string, name: string): boolean {
  return grants.some((g) => nsOf(g) === toNamespace
    && (g.spec?.from ?? []).some((f: any) => f?.group === GW && f?.kind === 'HTTPRoute' && f?.namespace === fromNamespace)
    && (g.spec?.to ?? []).some((t: any) => (t?.group ?? '') === '' && t?.kind === 'Service' && (t?.name === undefined || t.name === name)));
}

/**
 * HTTPRoute references: IST0101 for parent Gateways or Services and backend Services that do not
 * exist, CI0201 for a backend Service that selects no pods, CI0202 for a backend in another
 * namespace that no ReferenceGrant there allows.
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export const httpRouteReferences: Analyzer = {
  name: 'k8sgateway.HTTPRouteReferenceAnalyzer',
  codes: ['IST0101', 'CI0201', 'CI0202'],
  analyze({ index, report }) {
    const gateways = new Set(index.list(GW, 'Gateway').map((g) => `${nsOf(g)}/${g.metadata?.name}`));
    const grants = index.list(GW, 'ReferenceGrant');
    for (const route of index.list(GW, 'HTTPRoute')) {
      const ns = nsOf(route);
      for (const p of route.spec?.parentRefs ?? []) {
        const group = p?.group ?? GW;
        const kind = p?.kind ?? 'Gateway';
        const key = `${p?.namespace ?? ns}/${p?.name}`;
        if (group === GW && kind === 'Gateway' && !gateways.has(key)) {
          report('IST0101', route, ['parent', `Gateway ${key}`], { fix: `Create the Gateway ${key} (IstioGateway with TrafficApi.GATEWAY_API), or attach the route to an existing one.` });
        }
        if (group === '' && kind === 'Service' && !index.services.has(fqdn(String(p?.name), p?.namespace ?? ns))) {
          report('IST0101', route, ['parent', `Service ${key}`], { fix: `Create the Service ${key}, or attach the route to an existing Service.` });
        }
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
          report('IST0101', route, ['backend', `Service ${key}`], { fix: `Create the Service ${key} (for a version: MeshService.addVersionService()), or route to an existing one.` });
          continue;
        }
        if (backendNs !== ns && !granted(grants, ns, backendNs, String(b?.name))) {
          report('CI0202', route, [key, backendNs, ns], { fix: `Add a ReferenceGrant in ${backendNs} from HTTPRoutes of ${ns} to Service ${b?.name}.` });
        }
        const selector = svc.spec?.selector;
        if (selector && Object.keys(selector).length && index.selectWorkloads(backendNs, selector).length === 0) {
          report('CI0201', route, [key], { fix: `Deploy the pods the Service ${key} selects (${JSON.stringify(selector)}; for a version, MeshService.addVersion()), or route elsewhere.` });
        }
      }
    }
  },
};
