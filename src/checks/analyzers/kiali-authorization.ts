// Kiali's AuthorizationPolicy validations (KIA01xx) that istioctl analyze has no message for.
// Kiali v2.30.0: business/checkers/authorization/*.go.

import { pushTo, SelectorIndex } from '../../private/collections';
import { nsOf } from '../../private/manifests';
import { ManifestIndex } from '../manifest-index';
import { ResolvedMeshConfig } from '../mesh-config';
import { Analyzer } from './analyzer';
import {
  definedNamespaces, existingNamespaces, hasServiceAccount, isAmbientNamespace, listed, matchLabelsOf, NET,
  SEC, serviceAccounts, serviceEntryCovers, serviceHost, serviceOf,
} from './kiali-common';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'];

/**
 * A value of `to.operation.methods` that can match: an HTTP method, or one in Istio's wildcard
 * forms (`*`, `GE*`, `*ET`). HTTP methods are case-sensitive and gRPC requests are all POST (a
 * gRPC method goes in `paths`), as on Kiali's master (namespace_method_checker.go validMethod).
 */
function validMethod(method: string): boolean {
  const m = String(method).trim();
  if (m === '*') return true;
  if (m.endsWith('*') && !m.startsWith('*')) return m.length > 1 && HTTP_METHODS.some((h) => h.startsWith(m.slice(0, -1)));
  if (m.startsWith('*') && !m.endsWith('*')) return HTTP_METHODS.some((h) => h.endsWith(m.slice(1)));
  return HTTP_METHODS.includes(m);
}

/** KIA0102: `to.operation.methods` that no HTTP request can match. */
export const authorizationMethods: Analyzer = {
  name: 'kiali.AuthorizationPolicyMethodChecker',
  codes: ['KIA0102'],
  analyze({ index, report }) {
    for (const ap of index.list(SEC, 'AuthorizationPolicy')) {
      const bad = (ap.spec?.rules ?? []).flatMap((r: any) => (r?.to ?? []).flatMap((t: any) => t?.operation?.methods ?? []))
        .filter((m: any) => !validMethod(m));
      if (bad.length) {
        report('KIA0102', ap, [], { fix: `Replace ${listed(bad.map((m: any) => JSON.stringify(m)))} in methods with HTTP methods in capitals (${HTTP_METHODS.join(', ')}), optionally with a leading or trailing *; a gRPC method goes in paths (/package.Service/Method).` });
      }
    }
  },
};

/** The hosts VirtualServices declare, Service hosts as FQDNs. */
function virtualServiceHosts(index: ManifestIndex, mesh: ResolvedMeshConfig): ReadonlySet<string> {
  return index.memo('kiali-virtualservice-hosts', () => {
    const hosts = new Set<string>();
    const namespaces = existingNamespaces(index, mesh);
    for (const vs of index.list(NET, 'VirtualService')) {
      for (const h of vs.spec?.hosts ?? []) {
        const svc = serviceHost(String(h), nsOf(vs), namespaces);
        hosts.add(svc ? `${svc.name}.${svc.namespace}.svc.cluster.local` : String(h).toLowerCase());
      }
    }
    return hosts;
  });
}

/**
 * KIA0104: `to.operation.hosts` naming a Service of the mesh (`name` or `name.namespace`, as on
 * Kiali's master: other values are Host headers, not registry names) that no Service,
 * ServiceEntry or VirtualService defines. Only for namespaces the manifests create.
 */
export const authorizationHosts: Analyzer = {
  name: 'kiali.AuthorizationPolicyNoHostChecker',
  codes: ['KIA0104'],
  analyze({ index, mesh, report }) {
    const namespaces = existingNamespaces(index, mesh);
    const defined = definedNamespaces(index);
    for (const ap of index.list(SEC, 'AuthorizationPolicy')) {
      const ns = nsOf(ap);
      const missing = (ap.spec?.rules ?? []).flatMap((r: any) => (r?.to ?? []).flatMap((t: any) => t?.operation?.hosts ?? []))
        .map((h: any) => String(h).trim().replace(/:\d+$/, ''))
        .filter((h: string) => {
          const dots = h.split('.').length - 1;
          if (!h || h.includes('*') || dots >= 2) return false;
          const svc = serviceHost(h, ns, dots === 1 ? namespaces : new Set());
          if (!svc || !defined.has(svc.namespace)) return false;
          const full = `${svc.name}.${svc.namespace}.svc.cluster.local`;
          return !serviceOf(index, svc) && !serviceEntryCovers(index, full) && !serviceEntryCovers(index, h) && !virtualServiceHosts(index, mesh).has(full);
        });
      if (missing.length) {
        report('KIA0104', ap, [], { fix: `Name an existing Service in hosts instead of ${listed(missing.map((h: string) => JSON.stringify(h)))}, or create it.` });
      }
    }
  },
};

/** The PeerAuthentication mode that decides for the given pod labels of namespace `ns` (UNSET inherits). */
function peerAuthenticationMode(index: ManifestIndex, mesh: ResolvedMeshConfig, ns: string, labels?: Readonly<Record<string, string>>): string {
  const byNamespace = index.memo('kiali-pa-by-namespace', () => {
    const map = new Map<string, any[]>();
    for (const pa of index.list(SEC, 'PeerAuthentication')) pushTo(map, nsOf(pa), pa);
    return map;
  });
  const bySelector = index.memo('kiali-pa-by-selector', () => new SelectorIndex(index.list(SEC, 'PeerAuthentication'), nsOf, matchLabelsOf));
  const modeOf = (pa: any) => {
    const mode = pa.spec?.mtls?.mode;
    return mode && mode !== 'UNSET' ? mode : undefined;
  };
  const local = byNamespace.get(ns) ?? [];
  if (labels) {
    for (const pa of bySelector.matching(ns, labels)) {
      if (modeOf(pa)) return modeOf(pa);
    }
  }
  const wide = (list: any[]) => list.find((pa) => !Object.keys(matchLabelsOf(pa)).length && modeOf(pa));
  const nsPa = wide(local) ?? (ns === mesh.rootNamespace ? undefined : wide(byNamespace.get(mesh.rootNamespace) ?? []));
  return nsPa ? modeOf(nsPa) : 'PERMISSIVE';
}

/**
 * The TLS mode clients use toward pods of namespace `ns` with the given labels: the
 * DestinationRule of a Service selecting them, else the namespace-wide one
 * (`*.<ns>.svc.cluster.local`), else the mesh-wide one (`*.local`); `auto` without one when
 * auto mTLS is on, `plaintext` when it is off.
 */
function clientTlsMode(index: ManifestIndex, mesh: ResolvedMeshConfig, ns: string, labels?: Readonly<Record<string, string>>): string {
  const byHost = index.memo('kiali-dr-tls-by-host', () => {
    const map = new Map<string, string>();
    for (const dr of index.list(NET, 'DestinationRule')) {
      const host = String(dr.spec?.host ?? '');
      const mode = dr.spec?.trafficPolicy?.tls?.mode;
      const key = host.includes('*') || host.includes('.') ? host : `${host}.${nsOf(dr)}.svc.cluster.local`;
      if (mode && !map.has(key)) map.set(key, mode);
    }
    return map;
  });
  if (labels) {
    const servicesBySelector = index.memo('kiali-services-by-selector', () => new SelectorIndex(index.list('', 'Service'), nsOf, (svc) => svc.spec?.selector));
    for (const svc of servicesBySelector.matching(ns, labels)) {
      const mode = byHost.get(`${svc.metadata?.name}.${ns}.svc.cluster.local`);
      if (mode) return mode;
    }
  }
  return byHost.get(`*.${ns}.svc.cluster.local`) ?? byHost.get('*.local') ?? (mesh.enableAutoMtls ? 'auto' : 'plaintext');
}

/** The fields of a policy that read the peer's mTLS identity (Kiali's needsMtls). */
function identityFields(spec: any): string[] {
  const fields = new Set<string>();
  for (const r of spec?.rules ?? []) {
    for (const f of r?.from ?? []) {
      for (const k of ['principals', 'notPrincipals', 'namespaces', 'notNamespaces']) {
        if ((f?.source?.[k] ?? []).length) fields.add(k);
      }
    }
    for (const c of r?.when ?? []) {
      if (['source.namespace', 'source.principal', 'connection.sni'].includes(c?.key)) fields.add(`when ${c.key}`);
    }
  }
  return [...fields];
}

/**
 * KIA0105: a policy that matches on the peer's identity (principals, namespaces) for pods that
 * do not receive mutual TLS: a DISABLE PeerAuthentication, or clients told to send plaintext (a
 * DestinationRule with TLS DISABLE, or no TLS mode with auto mTLS off). Ambient pods always talk
 * mTLS through ztunnel (a DISABLE PeerAuthentication is ignored there), so ambient namespaces are
 * left out.
 */
export const authorizationMtls: Analyzer = {
  name: 'kiali.AuthorizationPolicyMtlsEnabledChecker',
  codes: ['KIA0105'],
  analyze({ index, mesh, report }) {
    for (const ap of index.list(SEC, 'AuthorizationPolicy')) {
      const ns = nsOf(ap);
      const fields = identityFields(ap.spec);
      if (!fields.length || isAmbientNamespace(index, ns)) continue;
      const sel = matchLabelsOf(ap);
      const labels = Object.keys(sel).length ? sel : undefined;
      const server = peerAuthenticationMode(index, mesh, ns, labels);
      const client = clientTlsMode(index, mesh, ns, labels);
      if (server !== 'DISABLE' && (client === 'ISTIO_MUTUAL' || client === 'MUTUAL' || client === 'auto')) continue;
      const why = server === 'DISABLE' ? 'a PeerAuthentication disables mTLS for these pods'
        : client === 'plaintext' ? 'no DestinationRule sets ISTIO_MUTUAL and enableAutoMtls is off' : `a DestinationRule sets TLS mode ${client} toward these pods`;
      report('KIA0105', ap, [], { fix: `Enable mTLS for the pods it selects (${why}): a STRICT or PERMISSIVE PeerAuthentication and an ISTIO_MUTUAL DestinationRule (TlsMode.ISTIO_MUTUAL), or drop ${listed(fields)}.` });
    }
  },
};

/** `*` prefix/suffix principal patterns as Istio matches them. */
function principalPattern(principal: string): RegExp {
  return new RegExp(`^${principal.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
}

/**
 * KIA0106: principals (`<trust domain>/ns/<ns>/sa/<account>`, `*` patterns included) naming no
 * service account the manifests define, in a namespace they create (pod templates' accounts,
 * ServiceAccount objects and Gateway API gateways' generated accounts count; `default` always
 * exists). KIA0108: principals whose trust domain is neither the mesh's (`trustDomain`,
 * `trustDomainAliases`) nor `cluster.local`, which Istio reads as the mesh's own.
 */
export const principals: Analyzer = {
  name: 'kiali.AuthorizationPolicyPrincipalsChecker',
  codes: ['KIA0106', 'KIA0108'],
  analyze({ index, mesh, report }) {
    const trustDomains = new Set([mesh.trustDomain, ...mesh.trustDomainAliases, 'cluster.local']);
    const defined = definedNamespaces(index);
    const accountsByNamespace = index.memo('kiali-accounts-by-namespace', () => {
      const map = new Map<string, string[]>();
      for (const key of serviceAccounts(index)) {
        const [ns, sa] = key.split('/');
        const accounts = map.get(ns);
        if (accounts) accounts.push(sa); else map.set(ns, ['default', sa]);
      }
      return map;
    });
    for (const ap of index.list(SEC, 'AuthorizationPolicy')) {
      const missing: string[] = [];
      const foreign: string[] = [];
      for (const rule of ap.spec?.rules ?? []) {
        for (const from of rule?.from ?? []) {
          for (const p of [...(from?.source?.principals ?? []), ...(from?.source?.notPrincipals ?? [])]) {
            const principal = String(p);
            const at = principal.indexOf('/ns/');
            if (!principal.includes('*') && at > 0 && !trustDomains.has(principal.slice(0, at))) {
              foreign.push(principal);
              continue;
            }
            const m = /^([^/]*)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
            if (!m || m[2].includes('*') || !defined.has(m[2])) continue;
            const found = principal.includes('*')
              ? (accountsByNamespace.get(m[2]) ?? ['default']).some((sa) => [...trustDomains].some((td) => principalPattern(principal).test(`${td}/ns/${m[2]}/sa/${sa}`)))
              : hasServiceAccount(index, m[2], m[3]);
            if (!found) missing.push(principal);
          }
        }
      }
      if (missing.length) {
        report('KIA0106', ap, [], { fix: `No service account has the principal ${listed(missing.map((s) => JSON.stringify(s)))}: use the principal of an existing one (MeshService.principal), or create the ServiceAccount.` });
      }
      if (foreign.length) {
        report('KIA0108', ap, [], { fix: `Write ${listed(foreign.map((s) => JSON.stringify(s)))} with the mesh's trust domain (${mesh.trustDomain}), or add that trust domain to meshConfig.trustDomainAliases.` });
      }
    }
  },
};
