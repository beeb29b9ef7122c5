// Mutual TLS (SEMANTICS.md section D): the PeerAuthentication mode in force at the server
// workload and port (MT-1 to MT-3), the client's TLS from its DestinationRule or auto mTLS
// (MT-5), and what comes of the pair (MT-4, MT-6).
import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { hostMatches, hostSpecificity } from './match';
import { Mesh, NET, ROOT_NAMESPACE, SEC, SimWorkload, selects } from './mesh';
import { SimulatedMtls } from './types';

const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'];
const modeOf = (m: any): string | undefined => (MODES.includes(m?.mode) ? m.mode : undefined); // UNSET inherits
const hasSelector = (p: any): boolean => Object.keys(p.spec?.selector?.matchLabels ?? {}).length > 0;
const paName = (p: any): string => `PeerAuthentication ${nsOf(p)}/${p.metadata?.name}`;

/**
 * The PeerAuthentication mode of a workload's port (MT-2, MT-3): the oldest mesh-wide policy (root
 * namespace, no selector), then the namespace's, then the oldest workload policy (selector, not in
 * the root namespace), then its `portLevelMtls` for the pod port; UNSET inherits; PERMISSIVE when
 * nothing says otherwise.
 */
export function peerAuthenticationMode(mesh: Mesh, workload: SimWorkload, port: number): { mode: string; source: string } {
  let mode = 'PERMISSIVE';
  let source = 'default (no PeerAuthentication)';
  const apply = (p: any, m: string | undefined, scope: string) => {
    if (m) {
      mode = m;
      source = `${paName(p)} (${scope})`;
    }
  };
  const mesh_ = mesh.inNamespace(SEC, 'PeerAuthentication', ROOT_NAMESPACE).find((p) => !hasSelector(p));
  if (mesh_) apply(mesh_, modeOf(mesh_.spec?.mtls) ?? 'PERMISSIVE', 'mesh');
  if (workload.namespace !== ROOT_NAMESPACE) {
    const local = mesh.inNamespace(SEC, 'PeerAuthentication', workload.namespace);
    const ns = local.find((p) => !hasSelector(p));
    if (ns) apply(ns, modeOf(ns.spec?.mtls), 'namespace');
    const w = local.find((p) => hasSelector(p) && selects(p.spec.selector.matchLabels, workload.labels));
    if (w) {
      apply(w, modeOf(w.spec?.mtls), 'workload');
      apply(w, modeOf(w.spec?.portLevelMtls?.[String(port)]), `workload, port ${port}`);
    }
  }
  return { mode, source };
}

const exportedTo = (o: any, namespace: string): boolean => {
  const to: string[] = o.spec?.exportTo ?? [];
  return to.length === 0 || to.includes('*') || to.includes(namespace) || (to.includes('.') && nsOf(o) === namespace);
};

/**
 * The DestinationRule a client uses for a host: looked up in the client's namespace, the
 * Service's namespace, then the root namespace (MT-5), visible through `exportTo`, the most
 * specific host first, then the oldest.
 */
export function destinationRuleFor(mesh: Mesh, client: { namespace: string; labels: Readonly<Record<string, string>> }, host: string): any | undefined {
  const serviceNs = /^[^.]+\.([^.]+)\.svc\.cluster\.local$/.exec(host)?.[1];
  for (const ns of [client.namespace, serviceNs, ROOT_NAMESPACE]) {
    if (!ns) continue;
    const found = mesh.inNamespace(NET, 'DestinationRule', ns)
      .filter((dr) => exportedTo(dr, client.namespace) && hostMatches(fqdn(String(dr.spec?.host ?? ''), ns), host)
        && (!dr.spec?.workloadSelector || selects(dr.spec.workloadSelector.matchLabels, client.labels)))
      .map((dr) => ({ dr, s: hostSpecificity(fqdn(String(dr.spec.host), ns)) }));
    if (found.length) return found.reduce((a, b) => (b.s > a.s ? b : a)).dr;
  }
  return undefined;
}

/** A DestinationRule subset of a host, as the client sees it. */
export function subsetFor(mesh: Mesh, client: { namespace: string; labels: Readonly<Record<string, string>> }, host: string, name: string): { dr?: any; subset?: any } {
  const dr = destinationRuleFor(mesh, client, host);
  if (!dr) return {};
  const own = (dr.spec?.subsets ?? []).find((s: any) => s?.name === name);
  if (own) return { dr, subset: own };
  // DestinationRules of one host in one namespace are merged (subsets appended).
  for (const other of mesh.inNamespace(NET, 'DestinationRule', nsOf(dr))) {
    if (other === dr || fqdn(String(other.spec?.host ?? ''), nsOf(other)) !== fqdn(String(dr.spec?.host), nsOf(dr))) continue;
    const s = (other.spec?.subsets ?? []).find((x: any) => x?.name === name);
    if (s) return { dr: other, subset: s };
  }
  return { dr };
}

/** The DestinationRule TLS mode for a subset and Service port: subset settings over the top level, port-level over both. */
function drTlsMode(dr: any, subsetName: string | undefined, port: number): string | undefined {
  const top = dr?.spec?.trafficPolicy ?? {};
  const sub = subsetName ? (dr?.spec?.subsets ?? []).find((s: any) => s?.name === subsetName)?.trafficPolicy ?? {} : {};
  const tls = sub.tls ?? top.tls;
  const portLevel: any[] = sub.portLevelSettings ?? top.portLevelSettings ?? [];
  return portLevel.find((p) => Number(p?.port?.number) === port)?.tls?.mode ?? tls?.mode;
}

/** The two ends of one connection. */
export interface ConnectionEnds {
  readonly client: { readonly proxy: string; readonly namespace: string; readonly principal: string; readonly labels: Readonly<Record<string, string>> };
  readonly server: SimWorkload;
  /** The Service host (FQDN) called. */
  readonly host: string;
  readonly servicePort: number;
  /** The pod port. */
  readonly targetPort: number;
  readonly subset?: string;
}

/**
 * The PeerAuthentication mode ztunnel applies to an ambient pod's port: the sidecar's precedence,
 * with DISABLE counting as PERMISSIVE: "it is not possible to use the `DISABLE` mode in a policy.
 * Such policies will be ignored." (https://istio.io/latest/docs/ambient/usage/l4-policy/#peer-authentication;
 * istio:pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go:113-133 only asks "is it STRICT").
 */
export function ambientPeerAuthenticationMode(mesh: Mesh, workload: SimWorkload, port: number): { mode: string; source: string } {
  const { mode, source } = peerAuthenticationMode(mesh, workload, port);
  return mode === 'DISABLE' ? { mode: 'PERMISSIVE', source: `${source}; DISABLE is ignored in ambient mode` } : { mode, source };
}

/**
 * The connection from a client proxy (or a client without one) to a server workload (MT-4 to
 * MT-6): the server's PeerAuthentication mode, what the client sends (DestinationRule `tls`, else
 * auto mTLS: mTLS to sidecars unless their mode is DISABLE), and whether the server accepts it.
 * Ambient: every proxy sends HBONE (mutual TLS) to an ambient pod, and ztunnel and waypoints send
 * it to sidecars too, which the ambient profile labels `networking.istio.io/tunnel: http`
 * (istio:manifests/charts/istio-control/istio-discovery/files/injection-template.yaml:35-36); a
 * client without a proxy sends plain text, which STRICT refuses.
 */
export function connect(mesh: Mesh, ends: ConnectionEnds): SimulatedMtls & { transport: string; reason?: string } {
  const { client, server } = ends;
  const hboneClient = client.proxy === 'ztunnel' || client.proxy === 'waypoint';
  if (server.proxy === 'ztunnel' || (hboneClient && server.proxy !== 'none')) return connectHbone(mesh, ends);
  const serverProxy = server.proxy !== 'none';
  const { mode, source } = serverProxy ? peerAuthenticationMode(mesh, server, ends.targetPort) : { mode: 'NONE', source: `${server.id} has no sidecar: nothing checks mTLS there` };
  let transport = 'plaintext';
  let clientTls = 'no client proxy';
  if (hboneClient) {
    clientTls = `${client.proxy}: plain text to a pod without a proxy`;
  } else if (client.proxy !== 'none') {
    const dr = destinationRuleFor(mesh, client, ends.host);
    const drMode = dr ? drTlsMode(dr, ends.subset, ends.servicePort) : undefined;
    if (drMode) {
      clientTls = `DestinationRule ${nsOf(dr)}/${dr.metadata?.name} (tls ${drMode})`;
      transport = drMode === 'ISTIO_MUTUAL' ? 'mTLS' : drMode === 'DISABLE' ? 'plaintext' : 'TLS';
    } else {
      clientTls = 'auto mTLS';
      transport = serverProxy && mode !== 'DISABLE' ? 'mTLS' : 'plaintext';
    }
  }
  const base = { mode, source, port: ends.targetPort, workload: server.id, callerMtls: transport === 'mTLS', clientTls, transport };
  const fail = (outcome: string, reason: string) => ({ ...base, outcome, reason });
  if (!serverProxy) {
    return transport === 'plaintext' ? { ...base, outcome: 'ok' }
      : fail('503', `${clientTls} makes the client send TLS to ${server.id}, which has no sidecar to terminate it: 503.`);
  }
  if (transport === 'TLS') return fail('503', `${clientTls} originates TLS that is not Istio mTLS, which ${server.id}'s sidecar (${mode}) does not accept: 503.`);
  if (mode === 'STRICT' && transport === 'plaintext') {
    return client.proxy === 'none'
      ? fail('connection reset', `${source} requires mTLS (STRICT) at ${server.id} port ${ends.targetPort}, and ${callerName(client.principal)} has no sidecar to speak it: the connection is reset.`)
      : fail('503', `${clientTls} sends plain text to ${server.id}, where ${source} requires mTLS (STRICT): 503.`);
  }
  if (mode === 'DISABLE' && transport === 'mTLS') return fail('503', `${clientTls} sends mTLS to ${server.id}, where ${source} disables it: 503.`);
  return { ...base, outcome: 'ok', principal: transport === 'mTLS' ? client.principal : undefined };
}

const callerName = (principal: string): string => principal.replace(/^.*\/ns\/([^/]+)\/sa\/(.*)$/, '$1/$2');

/** A connection to an ambient pod, or from ztunnel or a waypoint to a sidecar: HBONE unless the client has no proxy. */
function connectHbone(mesh: Mesh, ends: ConnectionEnds): SimulatedMtls & { transport: string; reason?: string } {
  const { client, server } = ends;
  const { mode, source } = server.proxy === 'ztunnel' ? ambientPeerAuthenticationMode(mesh, server, ends.targetPort) : peerAuthenticationMode(mesh, server, ends.targetPort);
  const hbone = client.proxy !== 'none';
  const base = {
    mode, source, port: ends.targetPort, workload: server.id, callerMtls: hbone, transport: hbone ? 'mTLS' : 'plaintext',
    clientTls: hbone ? `HBONE from the ${client.proxy === 'ztunnel' ? "caller's ztunnel" : client.proxy}` : 'no client proxy',
  };
  if (!hbone && mode === 'STRICT') {
    // istio:pilot/pkg/serviceregistry/kube/controller/ambient/policies.go:262-292: STRICT reaches ztunnel as a DENY policy
    // for connections without a peer identity.
    const how = server.proxy === 'ztunnel' ? 'ztunnel enforces it with the DENY policy istio-system/istio_converted_static_strict (no peer identity)' : 'its sidecar refuses plain text';
    return { ...base, outcome: 'connection reset', reason: `${source} requires mTLS (STRICT) at ${server.id} port ${ends.targetPort}, and ${callerName(client.principal)} has no proxy to speak it: ${how}, so the connection is reset.` };
  }
  return { ...base, outcome: 'ok', principal: hbone ? client.principal : undefined };
}
