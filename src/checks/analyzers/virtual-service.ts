import { nsOf } from '../../private/manifests';
import { fqdn } from '../../private/hosts';
import { Analyzer } from './analyzer';

const NET = 'networking.istio.io';

/** Every destination of a VirtualService's routes and mirrors. */
function destinations(spec: any): any[] {
  return [
    ...['http', 'tcp', 'tls'].flatMap((p) => (spec?.[p] ?? []).flatMap((r: any) => (r?.route ?? []).map((d: any) => d?.destination))),
    ...(spec?.http ?? []).flatMap((r: any) => [r?.mirror, ...(r?.mirrors ?? []).map((m: any) => m?.destination)]),
  ].filter((d) => typeof d?.host === 'string');
}

/**
 * IST0101 for VirtualService references: destination hosts with no Service or ServiceEntry,
 * subsets no DestinationRule of the host defines, and Gateways that do not exist.
 */
export const virtualServiceReferences: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  codes: ['IST0101'],
  analyze({ index, report }) {
    const serviceEntryHosts = index.memo('serviceentry-hosts', () => new Set(index.list(NET, 'ServiceEntry').flatMap((se) => se.spec?.hosts ?? [])));
    const rulesByHost = index.memo('destinationrules-by-host', () => {
      const map = new Map<string, any[]>();
      for (const dr of index.list(NET, 'DestinationRule')) {
        const host = fqdn(String(dr.spec?.host ?? ''), nsOf(dr));
        map.set(host, [...(map.get(host) ?? []), dr]);
      }
      return map;
    });
    const gateways = new Set(index.list(NET, 'Gateway').map((g) => `${nsOf(g)}/${g.metadata?.name}`));
    const hostExists = (host: string, ns: string) => host.includes('*') || index.services.has(fqdn(host, ns))
      || serviceEntryHosts.has(host) || serviceEntryHosts.has(fqdn(host, ns));

    for (const vs of index.list(NET, 'VirtualService')) {
      const ns = nsOf(vs);
      for (const d of destinations(vs.spec)) {
        if (!hostExists(d.host, ns)) {
          report('IST0101', vs, ['host', d.host], { fix: `Route to an existing Service or ServiceEntry, or add the Service ${fqdn(d.host, ns)}.` });
          continue;
        }
        if (d.subset === undefined) continue;
        const rules = rulesByHost.get(fqdn(d.host, ns)) ?? [];
        if (!rules.some((dr) => (dr.spec?.subsets ?? []).some((s: any) => s?.name === d.subset))) {
          const have = rules.map((dr) => `DestinationRule ${nsOf(dr)}/${dr.metadata?.name} defines ${(dr.spec?.subsets ?? []).map((s: any) => s?.name).join(', ') || 'no subsets'}`);
          report('IST0101', vs, ['host+subset in destinationrule', `${d.host}+${d.subset}`], {
            fix: have.length
              ? `Add subset ${d.subset} to the DestinationRule of ${d.host} (${have.join('; ')}), or route to one of its subsets.`
              : `Add a DestinationRule for ${d.host} with subset ${d.subset} (MeshDestinationRule), or route without a subset.`,
          });
        }
      }
      const bound: string[] = [...(vs.spec?.gateways ?? []), ...(vs.spec?.http ?? []).flatMap((r: any) => (r?.match ?? []).flatMap((m: any) => m?.gateways ?? []))];
      for (const g of new Set(bound)) {
        if (g !== 'mesh' && !gateways.has(g.includes('/') ? g : `${ns}/${g}`)) {
          report('IST0101', vs, ['gateway', g], { fix: `Create the Gateway ${g.includes('/') ? g : `${ns}/${g}`} (IstioGateway), or bind to an existing one.` });
        }
      }
    }
  },
};

/** IST0109: two VirtualServices on the mesh gateway for one host. */
export const conflictingMeshGatewayHosts: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  codes: ['IST0109'],
  analyze({ index, report }) {
    const byHost = new Map<string, any[]>();
    for (const vs of index.list(NET, 'VirtualService')) {
      const gateways: string[] = vs.spec?.gateways ?? [];
      if (gateways.length && !gateways.includes('mesh')) continue;
      for (const h of vs.spec?.hosts ?? []) {
        const key = fqdn(String(h), nsOf(vs));
        byHost.set(key, [...(byHost.get(key) ?? []), vs]);
      }
    }
    for (const [host, list] of byHost) {
      if (list.length < 2) continue;
      const names = list.map((vs) => `${nsOf(vs)}/${vs.metadata?.name}`).join(',');
      for (const vs of list) report('IST0109', vs, [names, host]);
    }
  },
};
