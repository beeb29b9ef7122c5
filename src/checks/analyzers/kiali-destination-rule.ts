// Kiali's DestinationRule validations (KIA02xx) that istioctl analyze has no message for.
// Kiali v2.30.0: business/checkers/destinationrules/*.go.

import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { exportedTo, keyOf, labelKey, listed, matchLabelsOf, NET, SEC, serviceEntryCovers } from './kiali-common';
import { pushTo } from '../../private/collections';

const tlsModeOf = (dr: any): string | undefined => dr?.spec?.trafficPolicy?.tls?.mode;
const meshWideHost = '*.local';
const namespaceWideHost = (ns: string) => `*.${ns}.svc.cluster.local`;

/** A mesh- or namespace-wide DestinationRule turning mTLS on (Kiali leaves these out of KIA0201). */
function isWildcardMtlsRule(dr: any): boolean {
  const host = dr?.spec?.host;
  return tlsModeOf(dr) === 'ISTIO_MUTUAL' && (host === meshWideHost || host === namespaceWideHost(nsOf(dr)));
}

/**
 * KIA0201: DestinationRules Istio merges (same namespace, host, workload selector and exportTo)
 * that define the same subset, or both a top-level traffic policy: Istio keeps the first and
 * drops the other's. (Kiali also flags rules for overlapping wildcard hosts, which Istio does not
 * merge, and any rule without subsets; those are left out.)
 * @see https://istio.io/latest/docs/ops/best-practices/traffic-management/#split-virtual-services
 */
export const destinationRuleMultiMatch: Analyzer = {
  name: 'kiali.DestinationRuleMultiMatchChecker',
  codes: ['KIA0201'],
  analyze({ index, report }) {
    const groups = new Map<string, any[]>();
    for (const dr of index.list(NET, 'DestinationRule')) {
      if (isWildcardMtlsRule(dr)) continue;
      const key = [nsOf(dr), fqdn(String(dr.spec?.host ?? ''), nsOf(dr)).toLowerCase(), labelKey(dr.spec?.workloadSelector?.matchLabels),
        [...(dr.spec?.exportTo ?? [])].sort().join(',')].join('\u0000');
      pushTo(groups, key, dr);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      const subsetOwner = new Map<string, any>();
      let policyOwner: any;
      for (const dr of list) {
        for (const s of dr.spec?.subsets ?? []) {
          const first = subsetOwner.get(s?.name);
          if (first && first !== dr) {
            for (const a of [first, dr]) {
              report('KIA0201', a, [], { fix: `Define subset ${s?.name} of ${dr.spec?.host} in one DestinationRule (${keyOf(first)} and ${keyOf(dr)} both do; Istio drops the second): merge them.` });
            }
          } else if (!first) subsetOwner.set(s?.name, dr);
        }
        if (dr.spec?.trafficPolicy) {
          if (policyOwner) {
            for (const a of [policyOwner, dr]) {
              report('KIA0201', a, [], { fix: `Set the traffic policy of ${dr.spec?.host} in one DestinationRule (${keyOf(policyOwner)} and ${keyOf(dr)} both do; Istio keeps the first): merge them.` });
            }
          } else policyOwner = dr;
        }
      }
    }
  },
};

/**
 * KIA0204: a DestinationRule without TLS settings for a host a mesh-wide (`*.local`) or
 * namespace-wide (`*.<ns>.svc.cluster.local`) ISTIO_MUTUAL DestinationRule covers: Istio applies
 * the most specific rule alone, so the wildcard rule's mTLS setting is lost for that host.
 */
export const destinationRuleTlsOverride: Analyzer = {
  name: 'kiali.DestinationRuleTrafficPolicyChecker',
  codes: ['KIA0204'],
  analyze({ index, report }) {
    const rules = index.list(NET, 'DestinationRule');
    const wildcards = rules.filter(isWildcardMtlsRule);
    if (!wildcards.length) return;
    for (const dr of rules) {
      if (isWildcardMtlsRule(dr)) continue;
      const policy = dr.spec?.trafficPolicy;
      if (policy?.tls || (policy?.portLevelSettings ?? []).some((p: any) => p?.tls)) continue;
      const host = fqdn(String(dr.spec?.host ?? ''), nsOf(dr)).toLowerCase();
      const covering = wildcards.filter((w) => exportedTo(w, nsOf(dr)) && host !== w.spec.host && host.endsWith(String(w.spec.host).slice(1)));
      if (covering.length) {
        report('KIA0204', dr, [], { fix: `Set trafficPolicy.tls.mode ISTIO_MUTUAL on it (tlsMode: TlsMode.ISTIO_MUTUAL), as ${listed(covering.map(keyOf))} does for its hosts.` });
      }
    }
  },
};

/**
 * KIA0205, KIA0206: an ISTIO_MUTUAL mesh- or namespace-wide DestinationRule with auto mTLS off
 * and no PeerAuthentication turning mTLS on (STRICT or PERMISSIVE) for its scope. KIA0207,
 * KIA0208: a DISABLE one while a STRICT PeerAuthentication still requires mTLS.
 */
export const destinationRuleMtls: Analyzer = {
  name: 'kiali.DestinationRuleMtlsChecker',
  codes: ['KIA0205', 'KIA0206', 'KIA0207', 'KIA0208'],
  analyze({ index, mesh, report }) {
    const wideModes = index.memo('kiali-wide-pa-modes', () => {
      const map = new Map<string, string[]>();
      for (const pa of index.list(SEC, 'PeerAuthentication')) {
        const mode = pa.spec?.mtls?.mode;
        if (Object.keys(matchLabelsOf(pa)).length || !mode) continue;
        pushTo(map, nsOf(pa), mode);
      }
      return map;
    });
    const enabling = (ns: string) => (wideModes.get(ns) ?? []).some((m) => m === 'STRICT' || m === 'PERMISSIVE');
    const rootStrict = (wideModes.get(mesh.rootNamespace) ?? []).includes('STRICT');
    for (const dr of index.list(NET, 'DestinationRule')) {
      const ns = nsOf(dr);
      const host = dr.spec?.host;
      const mode = tlsModeOf(dr);
      const scope = host === meshWideHost ? 'mesh' : host === namespaceWideHost(ns) ? 'namespace' : undefined;
      if (!scope) continue;
      if (mode === 'ISTIO_MUTUAL' && !mesh.enableAutoMtls) {
        if (scope === 'mesh' && !enabling(mesh.rootNamespace)) {
          report('KIA0205', dr, [], { fix: `Add a PeerAuthentication without selector in ${mesh.rootNamespace} with mode STRICT or PERMISSIVE (PeerAuthentication, MtlsMode).` });
        }
        if (scope === 'namespace' && !enabling(ns) && !enabling(mesh.rootNamespace)) {
          report('KIA0206', dr, [], { fix: `Add a PeerAuthentication without selector in ${ns} with mode STRICT or PERMISSIVE (PeerAuthentication, MtlsMode).` });
        }
      }
      if (mode === 'DISABLE') {
        if (scope === 'namespace') {
          const local = wideModes.get(ns)?.[0];
          if (local === 'STRICT') {
            report('KIA0207', dr, [], { fix: `Set the namespace-wide PeerAuthentication of ${ns} to PERMISSIVE (or DISABLE): this DestinationRule makes clients send plaintext.` });
          } else if (!local && rootStrict) {
            report('KIA0208', dr, [], { fix: `Add a PERMISSIVE namespace-wide PeerAuthentication in ${ns}: the STRICT one of ${mesh.rootNamespace} refuses the plaintext this DestinationRule sends.` });
          }
        } else if (rootStrict) {
          report('KIA0208', dr, [], { fix: `Set the mesh-wide PeerAuthentication of ${mesh.rootNamespace} to PERMISSIVE: it refuses the plaintext this DestinationRule sends.` });
        }
      }
    }
  },
};

/**
 * KIA0209: subsets without labels, of a DestinationRule whose host exists (a subset without
 * labels is every pod of the host; IST0173 does not report it).
 */
export const destinationRuleSubsetWithoutLabels: Analyzer = {
  name: 'kiali.DestinationRuleNoLabelsChecker',
  codes: ['KIA0209'],
  analyze({ index, report }) {
    for (const dr of index.list(NET, 'DestinationRule')) {
      const host = String(dr.spec?.host ?? '');
      const full = fqdn(host, nsOf(dr));
      if (!host.includes('*') && !index.services.has(full) && !serviceEntryCovers(index, full)) continue;
      const bare = (dr.spec?.subsets ?? []).filter((s: any) => !Object.keys(s?.labels ?? {}).length).map((s: any) => String(s?.name));
      if (bare.length) {
        report('KIA0209', dr, [], { fix: `Give subset ${listed(bare)} the labels of its pods (e.g. version: v1; MeshDestinationRule subsets do), or remove it.` });
      }
    }
  },
};
