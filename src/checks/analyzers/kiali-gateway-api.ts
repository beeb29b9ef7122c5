// Kiali's Gateway API validations (KIA15xx, KIA1601) that istioctl analyze has no message for.
// (KIA1401 and KIA1402, for routes, are in http-route.ts; KIA1503 is left to the Gateway CRD's
// own CEL rule, which the schema check CI0101 evaluates.)
// Kiali v2.30.0: business/checkers/k8sgateways/*.go, business/checkers/k8sreferencegrants/*.go.

import { Analyzer } from './analyzer';
import { existingNamespaces, GW, keyOf, listed } from './kiali-common';

/** The Gateway classes Istio installs (`istio-east-west` with multi-cluster). */
const ISTIO_CLASSES = ['istio', 'istio-remote', 'istio-waypoint', 'istio-east-west'];

/**
 * KIA1501: Gateways of one class that share an address (Istio's manual deployment: several
 * Gateways bound to one gateway Service by a `Hostname` address) and declare the same listener
 * hostname, port and protocol. (Gateways without addresses each get their own deployment and
 * Service, so their listeners never clash: Kiali's wider check is left out.) KIA1502: Gateways
 * asking for the same IP address.
 */
export const k8sGatewayMultiMatch: Analyzer = {
  name: 'kiali.K8sGatewayMultiMatchChecker',
  codes: ['KIA1501', 'KIA1502'],
  analyze({ index, report }) {
    const byAddress = new Map<string, any[]>();
    for (const g of index.list(GW, 'Gateway')) {
      for (const a of g.spec?.addresses ?? []) {
        if (!a?.value) continue;
        const key = `${a.type ?? 'IPAddress'}\u0000${a.value}`;
        const list = byAddress.get(key) ?? [];
        if (!list.includes(g)) byAddress.set(key, [...list, g]);
      }
    }
    for (const [key, gateways] of byAddress) {
      if (gateways.length < 2) continue;
      const [type, value] = key.split('\u0000');
      if (type === 'IPAddress') {
        for (const g of gateways) {
          report('KIA1502', g, [], { fix: `Give ${listed(gateways.map(keyOf))} different addresses (all ask for ${value}), or one Gateway with all their listeners.` });
        }
      }
      const listeners = new Map<string, any[]>();
      for (const g of gateways) {
        for (const l of g.spec?.listeners ?? []) {
          const lk = `${g.spec?.gatewayClassName}\u0000${l?.hostname ?? '*'}\u0000${l?.port}\u0000${l?.protocol}`;
          const list = listeners.get(lk) ?? [];
          if (!list.includes(g)) listeners.set(lk, [...list, g]);
        }
      }
      for (const [lk, list] of listeners) {
        if (list.length < 2) continue;
        const [, host, port, protocol] = lk.split('\u0000');
        for (const g of list) {
          report('KIA1501', g, [], { fix: `Declare the ${protocol} listener for ${host} on port ${port} in one of ${listed(list.map(keyOf))} (they share address ${value}).` });
        }
      }
    }
  },
};

/**
 * KIA1504: a Gateway whose `gatewayClassName` is neither one Istio installs (istio, istio-remote,
 * istio-waypoint, istio-east-west) nor a GatewayClass of the manifests.
 */
export const k8sGatewayClass: Analyzer = {
  name: 'kiali.K8sGatewayClassChecker',
  codes: ['KIA1504'],
  analyze({ index, report }) {
    const classes = new Set([...ISTIO_CLASSES, ...index.list(GW, 'GatewayClass').map((c) => c.metadata?.name)]);
    for (const g of index.list(GW, 'Gateway')) {
      const cls = g.spec?.gatewayClassName;
      if (cls !== undefined && !classes.has(cls)) {
        report('KIA1504', g, [], { fix: `Use an Istio class (${ISTIO_CLASSES.join(', ')}; IstioGateway gatewayClassName) instead of ${JSON.stringify(cls)}, or define the GatewayClass.` });
      }
    }
  },
};

/** KIA1601: a ReferenceGrant from a namespace that does not exist. */
export const referenceGrantNamespaces: Analyzer = {
  name: 'kiali.K8sReferenceGrantNamespaceChecker',
  codes: ['KIA1601'],
  analyze({ index, mesh, report }) {
    const namespaces = existingNamespaces(index, mesh);
    for (const grant of index.list(GW, 'ReferenceGrant')) {
      const missing = (grant.spec?.from ?? []).map((f: any) => f?.namespace).filter((ns: any) => typeof ns === 'string' && !namespaces.has(ns));
      if (missing.length) {
        report('KIA1601', grant, [], { fix: `Grant namespaces that exist instead of ${listed(missing.map((n: string) => JSON.stringify(n)))}, or create them.` });
      }
    }
  },
};
