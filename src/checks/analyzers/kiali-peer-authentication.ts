// Kiali's PeerAuthentication validations (KIA0002-0004 for the kinds istioctl leaves out, KIA04xx,
// KIA05xx). Kiali v2.30.0: business/checkers/peer_authentication_checker.go,
// business/checkers/common/*.go, business/checkers/peerauthentications/*.go.

import { nsOf } from '../../private/manifests';
import { IndexedWorkload } from '../manifest-index';
import { Analyzer } from './analyzer';
import { definedNamespaces, exportedTo, keyOf, listed, matchLabelsOf, NET, SEC, targetRefsOf } from './kiali-common';
import { pushTo } from '../../private/collections';

const hasSelector = (o: any) => Object.keys(matchLabelsOf(o)).length > 0;
const modeOf = (pa: any): string | undefined => pa?.spec?.mtls?.mode;
const tlsModeOf = (dr: any): string | undefined => dr?.spec?.trafficPolicy?.tls?.mode;
const mutual = (mode: string | undefined) => mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL';

/**
 * KIA0002: two selector-less PeerAuthentications in one namespace (Istio applies one of them).
 * KIA0003: PeerAuthentications of one namespace whose selectors pick the same pods. (istioctl
 * reports both for Sidecars: IST0111, IST0110; RequestAuthentications are merged, no mistake.)
 */
export const peerAuthenticationSelectors: Analyzer = {
  name: 'kiali.PeerAuthenticationMultiMatchChecker',
  codes: ['KIA0002', 'KIA0003'],
  analyze({ index, report }) {
    const selectorless = new Map<string, any[]>();
    const byWorkload = new Map<IndexedWorkload, any[]>();
    for (const pa of index.list(SEC, 'PeerAuthentication')) {
      if (!hasSelector(pa)) {
        pushTo(selectorless, nsOf(pa), pa);
        continue;
      }
      for (const w of index.selectWorkloads(nsOf(pa), matchLabelsOf(pa))) pushTo(byWorkload, w, pa);
    }
    for (const list of selectorless.values()) {
      if (list.length < 2) continue;
      for (const pa of list) {
        report('KIA0002', pa, [], { fix: `Keep one namespace-wide PeerAuthentication in ${nsOf(pa)} (${listed(list.map(keyOf))} have no selector): merge them, or give the others a selector.` });
      }
    }
    for (const [w, list] of byWorkload) {
      if (list.length < 2) continue;
      for (const pa of list) {
        report('KIA0003', pa, [], { fix: `Make one PeerAuthentication select the pods of ${w.kind} ${w.namespace}/${w.name} (${listed(list.map(keyOf))} all do): merge them, or narrow their selectors.` });
      }
    }
  },
};

/**
 * KIA0004 for PeerAuthentications and RequestAuthentications (istioctl covers AuthorizationPolicies
 * with IST0127 and Sidecars with IST0101): a selector no pod of the object's namespace matches.
 * Only for namespaces the manifests create.
 */
export const authenticationSelectors: Analyzer = {
  name: 'kiali.WorkloadSelectorChecker',
  codes: ['KIA0004'],
  analyze({ index, report }) {
    const defined = definedNamespaces(index);
    for (const obj of [...index.list(SEC, 'PeerAuthentication'), ...index.list(SEC, 'RequestAuthentication')]) {
      const sel = matchLabelsOf(obj);
      if (!hasSelector(obj) || targetRefsOf(obj.spec).length || !defined.has(nsOf(obj))) continue;
      if (index.selectWorkloads(nsOf(obj), sel).length === 0) {
        report('KIA0004', obj, [], { fix: `Select pods that exist in ${nsOf(obj)} (no pod template has the labels ${JSON.stringify(sel)}), or deploy them.` });
      }
    }
  },
};

/**
 * KIA0401, KIA0501: a STRICT namespace- or mesh-wide PeerAuthentication with auto mTLS off and no
 * ISTIO_MUTUAL DestinationRule for its scope (clients would send plaintext). KIA0505, KIA0506: a
 * DISABLE one while a DestinationRule for its scope still sends mTLS (ISTIO_MUTUAL or MUTUAL) and
 * none turns it off.
 */
export const peerAuthenticationMtls: Analyzer = {
  name: 'kiali.PeerAuthenticationMtlsChecker',
  codes: ['KIA0401', 'KIA0501', 'KIA0505', 'KIA0506'],
  analyze({ index, mesh, report }) {
    const rules = index.list(NET, 'DestinationRule');
    for (const pa of index.list(SEC, 'PeerAuthentication')) {
      if (hasSelector(pa)) continue;
      const ns = nsOf(pa);
      const root = ns === mesh.rootNamespace;
      const visible = rules.filter((dr) => exportedTo(dr, ns));
      const meshWide = visible.filter((dr) => dr.spec?.host === '*.local');
      const nsWide = visible.filter((dr) => dr.spec?.host === `*.${ns}.svc.cluster.local`);
      const mode = modeOf(pa);
      if (mode === 'STRICT' && !mesh.enableAutoMtls) {
        const scope = root ? meshWide : [...nsWide, ...meshWide];
        if (!scope.some((dr) => tlsModeOf(dr) === 'ISTIO_MUTUAL')) {
          report(root ? 'KIA0401' : 'KIA0501', pa, [], {
            fix: `Add a DestinationRule for host ${root ? '*.local' : `*.${ns}.svc.cluster.local`} with TLS mode ISTIO_MUTUAL (auto mTLS is off, so clients send plaintext to these STRICT pods).`,
          });
        }
      }
      if (mode === 'DISABLE') {
        if (root) {
          if (meshWide.some((dr) => mutual(tlsModeOf(dr)))) {
            report('KIA0506', pa, [], { fix: 'Set TLS mode DISABLE on the *.local DestinationRule (it still sends mTLS to pods that no longer accept it), or remove it.' });
          }
        } else if (nsWide.some((dr) => mutual(tlsModeOf(dr))) || (!nsWide.some((dr) => tlsModeOf(dr) === 'DISABLE') && meshWide.some((dr) => mutual(tlsModeOf(dr))))) {
          report('KIA0505', pa, [], { fix: `Add a DestinationRule for host *.${ns}.svc.cluster.local with TLS mode DISABLE (a DestinationRule still sends mTLS to pods that no longer accept it).` });
        }
      }
    }
  },
};
