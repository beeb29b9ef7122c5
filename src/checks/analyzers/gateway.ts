import { X509Certificate } from 'node:crypto';
import { Analyzer, CLUSTER_OBJECTS } from './analyzer';
import { AnalyzedResource, PodView, Resources } from './resources';
import { arr, firstKey, fullName, intValue, rec, servicesSelecting, setSelector, shortOrFullName, str } from './util';
import { pushTo } from '../../private/collections';

/** The selector line istioctl points gateway messages at (util.GatewaySelector). */
const selectorLine = (selectorText: string): string => `{.spec.selector.${firstKey(selectorText)}}`;

/** The TCP ports the Services selecting a pod expose: target ports, and port → target port. */
function podServicePorts(resources: Resources, pod: PodView): { targets: number[]; mapping: Array<[number, number]> } {
  const memo = resources.memo('pod-service-ports', () => new Map<PodView, { targets: number[]; mapping: Array<[number, number]> }>());
  let ports = memo.get(pod);
  if (!ports) {
    ports = { targets: [], mapping: [] };
    for (const svc of servicesSelecting(resources, pod.namespace, pod.labels, true)) {
      for (const p of arr(rec(svc.spec).ports)) {
        if (p?.protocol !== 'TCP') continue;
        const tp = intValue(p?.targetPort);
        if (tp !== 0) {
          ports.targets.push(tp);
          ports.mapping.push([Number(p?.port ?? 0), tp]);
        } else {
          ports.targets.push(Number(p?.port ?? 0));
        }
      }
    }
    memo.set(pod, ports);
  }
  return ports;
}

/**
 * gateway.IngressGatewayPortAnalyzer (IST0101, IST0162): an Istio Gateway whose selector selects
 * no pod, or whose server port no TCP port of the Services in front of those pods leads to
 * (pkg/config/analysis/analyzers/gateway/gateway.go:59-139). The default ingress gateway
 * (Service and pod `istio-system/istio-ingressgateway`, `istio: ingressgateway`) is assumed.
 */
export const ingressGatewayPort: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  codes: ['IST0101', 'IST0162'],
  analyze({ resources, report }) {
    for (const gw of resources.list('Gateway')) {
      const selector = setSelector(rec(gw.spec).selector);
      const pods = resources.selectPods(selector.labels);
      if (!pods.length) {
        report('IST0101', gw, ['selector', selector.text], { line: selectorLine(selector.text), fix: 'Set the Gateway\'s selector to the labels of a gateway\'s pods (IstioGateway selector; istio: ingressgateway for the default one).' });
        continue;
      }
      const targets = new Set<number>();
      const mapped = new Set<number>();
      for (const pod of pods) {
        const ports = podServicePorts(resources, pod);
        for (const t of ports.targets) targets.add(t);
        for (const [port] of ports.mapping) mapped.add(port);
      }
      for (const server of arr(rec(gw.spec).servers)) {
        if (server?.port === undefined || server?.port === null) continue;
        const n = Number(rec(server.port).number ?? 0);
        if (!targets.has(n) && !mapped.has(n)) report('IST0162', gw, [n, selector.text], { line: selectorLine(selector.text) });
      }
    }
  },
};

/** The key two TLS settings share when they serve the same certificate (certificate.go:85-102), if any. */
function certificateKey(tls: Record<string, any>): string | undefined {
  const credentialName = str(tls.credentialName);
  if (credentialName) return `credential\u0000${credentialName}`;
  const cert = str(tls.serverCertificate);
  const key = str(tls.privateKey);
  return cert && key ? `files\u0000${cert}\u0000${key}` : undefined;
}

/**
 * gateway.CertificateAnalyzer (IST0138): two Istio Gateways for the same gateway pods (the other's
 * selector includes this one's) serving the same certificate, which makes HTTP/2 clients reuse a
 * connection for the other's hosts (pkg/config/analysis/analyzers/gateway/certificate.go:50-156).
 */
export const gatewayCertificates: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  codes: ['IST0138'],
  analyze({ resources, report }) {
    // The gateways serving each certificate, in manifest order.
    const byCertificate = new Map<string, AnalyzedResource[]>();
    const keysOf = new Map<AnalyzedResource, string[]>();
    for (const gw of resources.list('Gateway')) {
      const keys: string[] = [];
      for (const server of arr(rec(gw.spec).servers)) {
        if (server?.tls === undefined || server?.tls === null) continue;
        const key = certificateKey(rec(server.tls));
        if (key === undefined) continue;
        keys.push(key);
        const list = byCertificate.get(key) ?? [];
        if (list[list.length - 1] !== gw) list.push(gw);
        byCertificate.set(key, list);
      }
      keysOf.set(gw, keys);
    }
    for (const [cur, keys] of keysOf) {
      const selector = setSelector(rec(cur.spec).selector);
      for (const key of keys) {
        for (const other of byCertificate.get(key)!) {
          if (other === cur || !selector.matches(setSelector(rec(other.spec).selector).labels)) continue;
          report('IST0138', cur, [[cur.fullName, other.fullName]], { line: '{.metadata.name}' });
        }
      }
    }
  },
};

/**
 * Whether a Secret holds a certificate and key that Istio accepts as a gateway credential: `cert`
 * and `key`, or `tls.crt` and `tls.key`, the certificate's first PEM block valid now
 * (pilot/pkg/credentials/kube/secrets.go:279-315, pilot/pkg/xds/sds.go:221-238). `stringData`
 * does not count (the API server merges it into `data`).
 */
export function validGatewaySecret(secret: any, now = Date.now()): boolean {
  const data = rec(secret?.data);
  const decode = (k: string) => (typeof data[k] === 'string' ? Buffer.from(data[k], 'base64') : Buffer.alloc(0));
  let cert: Buffer;
  if (decode('cert').length && decode('key').length) cert = decode('cert');
  else if (decode('tls.crt').length && decode('tls.key').length) cert = decode('tls.crt');
  else return false;
  const block = /-----BEGIN ([^-\r\n]+)-----([\s\S]*?)-----END \1-----/.exec(cert.toString('latin1'));
  if (!block) return false;
  try {
    const x = new X509Certificate(Buffer.from(block[2].replace(/\s+/g, ''), 'base64'));
    return now <= Date.parse(x.validTo) && now >= Date.parse(x.validFrom);
  } catch {
    return false;
  }
}

/**
 * gateway.SecretAnalyzer (IST0101, IST0161): an Istio Gateway whose selector selects no pod, or
 * whose `credentialName` names a Secret missing from the gateway pods' namespace or one that is
 * not a valid certificate and key (pkg/config/analysis/analyzers/gateway/secret.go:53-140).
 */
export const gatewaySecrets: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  codes: ['IST0101', 'IST0161'],
  analyze({ index, resources, report }) {
    for (const gw of resources.list('Gateway')) {
      const selector = setSelector(rec(gw.spec).selector);
      // The namespace of the first pod the selector selects.
      const pod = selector.empty ? resources.pods[0] : resources.selectPods(selector.labels)[0];
      const gwNs = pod?.namespace ?? '';
      if (!gwNs) {
        report('IST0101', gw, ['selector', selector.text], { line: selectorLine(selector.text), fix: 'Set the Gateway\'s selector to the labels of a gateway\'s pods (IstioGateway selector; istio: ingressgateway for the default one).' });
        continue;
      }
      arr(rec(gw.spec).servers).forEach((server, i) => {
        const cn = str(rec(server?.tls).credentialName);
        if (!cn) return;
        const line = `{.spec.servers[${i}].tls.credentialName}`;
        const ref = shortOrFullName(gwNs, cn);
        const secret = resources.get('Secret', ref.namespace, ref.name);
        if (!secret) {
          report('IST0101', gw, ['credentialName', cn], { line, fix: `Create the TLS Secret ${fullName(ref.namespace, ref.name)} in the gateway pods' namespace (${gwNs}), or fix credentialName; when it is made outside the app (kubectl, cert-manager), pass it to the checks as clusterObjects.` });
        } else if (!(secret.object.data === undefined && secret.object.stringData === undefined && index.memo(CLUSTER_OBJECTS, () => new Set<any>()).has(secret.object))
          && !validGatewaySecret(secret.object)) {
          // (A Secret of the cluster given without its data is taken as the valid one the cluster holds.)
          report('IST0161', gw, [gw.name, gwNs], { line });
        }
      });
    }
  },
};

/** A server's port as the conflict analyzer keys it (`0` without one). */
const portText = (server: any): string => String(Number(rec(server?.port).number ?? 0));

/**
 * gateway.ConflictingGatewayAnalyzer (IST0101, IST0145): Istio Gateways for the same gateway pods
 * (equal selectors, or one containing the other with a pod both select) that claim the same host
 * and bind on one port (pkg/config/analysis/analyzers/gateway/conflictinggateway.go:54-179).
 * Gateways are compared in manifest order, with istioctl's bookkeeping: a server that conflicts
 * with nothing adds its hosts to the others' it was compared with.
 */
export const conflictingGateways: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  codes: ['IST0101', 'IST0145'],
  analyze({ resources, report }) {
    const gateways = resources.list('Gateway');
    // selector~port → gateway → host → bind, keys in first-seen order.
    const byKey = new Map<string, Map<string, Map<string, string>>>();
    // selector text → its keys.
    const keysOfSelector = new Map<string, string[]>();
    for (const g of gateways) {
      const sel = setSelector(rec(g.spec).selector).text;
      for (const server of arr(rec(g.spec).servers)) {
        const key = `${sel}~${portText(server)}`;
        let entries = byKey.get(key);
        if (!entries) {
          byKey.set(key, entries = new Map());
          const [xs] = splitKey(key);
          pushTo(keysOfSelector, xs, key);
        }
        const hostsBind = new Map<string, string>();
        for (const h of arr(server?.hosts)) hostsBind.set(str(h), str(server?.bind));
        entries.set(g.fullName, hostsBind);
      }
    }
    const order = new Map([...byKey.keys()].map((k, i) => [k, i]));
    // The selectors of the keys, by pod they select (as istioctl parses a selector back from its text).
    const selectorsOfPod = new Map<PodView, string[]>();
    for (const xs of keysOfSelector.keys()) {
      for (const pod of resources.selectPods(parseSelector(xs))) pushTo(selectorsOfPod, pod, xs);
    }
    for (const cur of gateways) {
      const selector = setSelector(rec(cur.spec).selector);
      const sc = selector.text;
      const matched = new Set<string>();
      if (keysOfSelector.has(sc)) matched.add(sc);
      for (const pod of resources.selectPods(selector.labels)) {
        for (const xs of selectorsOfPod.get(pod) ?? []) if (xs.includes(sc) || sc.includes(xs)) matched.add(xs);
      }
      if (sc !== '' && matched.size === 0) {
        report('IST0101', cur, ['selector', sc], { line: selectorLine(sc), fix: 'Set the Gateway\'s selector to the labels of a gateway\'s pods (IstioGateway selector; istio: ingressgateway for the default one).' });
        continue;
      }
      const hits = [...matched].flatMap((xs) => keysOfSelector.get(xs)!).sort((a, b) => order.get(a)! - order.get(b)!);
      for (const server of arr(rec(cur.spec).servers)) {
        const port = portText(server);
        const hosts = arr(server?.hosts).map(str);
        const bind = str(server?.bind);
        const names: string[] = [];
        for (const key of hits) {
          if (splitKey(key)[1] !== port) continue;
          for (const [name, known] of byKey.get(key)!) {
            if (name === cur.fullName) continue;
            // model.CheckDuplicates: the hosts known with the same bind; none → all become known.
            const duplicates = hosts.filter((h) => known.has(h) && known.get(h) === bind);
            if (duplicates.length) names.push(name);
            else for (const h of hosts) known.set(h, bind);
          }
        }
        if (names.length) report('IST0145', cur, [names.sort().join(','), sc, port, hosts.join(',')]);
      }
    }
  },
};

/** `parseFromGatewayMapKey`: selector and port of a key, both empty unless it has exactly one `~`. */
function splitKey(key: string): [string, string] {
  const parts = key.split('~');
  return parts.length === 2 ? [parts[0], parts[1]] : ['', ''];
}

/** `parseSelectorFromString`: `k=v` pairs of a selector's text. */
function parseSelector(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) labels[kv[0]] = kv[1];
  }
  return labels;
}
