import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App } from 'cdk8s';
import { fqdn } from '../private/hosts';
import { groupOf, nsOf } from '../private/manifests';
import { pushTo } from '../private/collections';

/** What an edge of the topology means. */
export enum TopologyEdgeKind {
  /** Ingress: a gateway routes requests to a service. */
  INGRESS = 'ingress',
  /** A service's requests go to one of its versions, with a weight when split. */
  VERSION = 'version',
  /** An AuthorizationPolicy allows a caller to call a workload. */
  ALLOW = 'allow',
}

/** One edge of the mesh topology. */
export interface TopologyEdge {
  readonly kind: TopologyEdgeKind;
  /** Node label of the source: `gateway bookinfo/bookinfo-gateway`, `bookinfo/productpage`. */
  readonly from: string;
  /** Node label of the target: `bookinfo/reviews`, `bookinfo/reviews v2`. */
  readonly to: string;
  /** Weight, match or port. */
  readonly label: string;
}

const shortHost = (host: string, ns: string): string => {
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn(host, ns));
  return m ? `${m[2]}/${m[1]}` : host;
};
const matchText = (m: any): string => {
  const uri = m?.uri ?? m?.path;
  if (uri) return uri.value ?? uri.exact ?? uri.prefix ?? uri.regex;
  const headers = m?.headers;
  if (Array.isArray(headers)) return headers.map((h: any) => `${h.name}=${h.value}`).join(',');
  return Object.entries(headers ?? {}).map(([k, v]: [string, any]) => `${k}=${v.exact ?? v.prefix ?? v.regex}`).join(',');
};

/**
 * The edges of the mesh that synthesized objects describe: ingress routes, the traffic split of
 * each service over its versions, and who may call whom. Sorted, so the output is stable.
 */
export function meshTopology(objects: any[]): TopologyEdge[] {
  const edges: TopologyEdge[] = [];
  const services = objects.filter((o) => o?.kind === 'Service' && groupOf(o) === '');
  const workloads = objects.filter((o) => o?.kind === 'Deployment');
  const serviceOf = (name: string, ns: string) => services.find((s) => s.metadata.name === name && nsOf(s) === ns);
  const versionsOf = (svc: any): string[] => workloads
    .filter((d) => nsOf(d) === nsOf(svc) && Object.entries(svc.spec?.selector ?? {}).every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v))
    .map((d) => d.spec.template.metadata.labels.version ?? d.metadata.name);
  const routed = new Set<string>();

  // Istio API: ingress VirtualServices (bound to gateways) and mesh VirtualServices.
  for (const vs of objects.filter((o) => o?.kind === 'VirtualService' && groupOf(o) === 'networking.istio.io')) {
    const ns = nsOf(vs);
    const gateways: string[] = (vs.spec?.gateways ?? []).filter((g: string) => g !== 'mesh');
    for (const rule of vs.spec?.http ?? []) {
      const when = (rule.match ?? []).map(matchText).join(' ');
      for (const r of rule.route ?? []) {
        const target = shortHost(r.destination.host, ns);
        const weight = r.weight !== undefined ? `${r.weight}%` : '';
        if (gateways.length) {
          for (const g of gateways) edges.push({ kind: TopologyEdgeKind.INGRESS, from: `gateway ${g.includes('/') ? g : `${ns}/${g}`}`, to: target, label: when || 'all' });
        } else {
          routed.add(target);
          const to = r.destination.subset ? `${target} ${r.destination.subset}` : target;
          edges.push({ kind: TopologyEdgeKind.VERSION, from: target, to, label: [weight, when].filter((x) => x).join(' ') || '100%' });
        }
      }
    }
  }

  // Gateway API: HTTPRoutes on Gateways (ingress) and on Services (GAMMA, per-version Services).
  for (const route of objects.filter((o) => o?.kind === 'HTTPRoute' && groupOf(o) === 'gateway.networking.k8s.io')) {
    const ns = nsOf(route);
    for (const parent of route.spec?.parentRefs ?? []) {
      const isService = parent.kind === 'Service';
      const from = isService ? `${parent.namespace ?? ns}/${parent.name}` : `gateway ${parent.namespace ?? ns}/${parent.name}`;
      for (const rule of route.spec?.rules ?? []) {
        const when = (rule.matches ?? []).map(matchText).join(' ');
        for (const b of rule.backendRefs ?? []) {
          const weight = b.weight !== undefined ? `${b.weight}%` : '';
          if (!isService) {
            edges.push({ kind: TopologyEdgeKind.INGRESS, from, to: `${b.namespace ?? ns}/${b.name}`, label: when || 'all' });
            continue;
          }
          routed.add(from);
          // A per-version Service selects one version: name the edge after it.
          const svc = serviceOf(b.name, b.namespace ?? ns);
          const version = svc?.spec?.selector?.version;
          edges.push({ kind: TopologyEdgeKind.VERSION, from, to: version ? `${from} ${version}` : `${b.namespace ?? ns}/${b.name}`, label: [weight, when].filter((x) => x).join(' ') || '100%' });
        }
      }
    }
  }

  // Services without routing rules spread over all their versions.
  for (const svc of services) {
    const id = `${nsOf(svc)}/${svc.metadata.name}`;
    const versions = versionsOf(svc);
    if (routed.has(id) || versions.length === 0 || (svc.spec?.selector?.version !== undefined)) continue;
    for (const v of versions) edges.push({ kind: TopologyEdgeKind.VERSION, from: id, to: `${id} ${v}`, label: versions.length > 1 ? 'round robin' : '100%' });
  }
  // Routed services: every deployed version shows, those the routes send nothing to at 0 %.
  for (const svc of services) {
    const id = `${nsOf(svc)}/${svc.metadata.name}`;
    if (!routed.has(id) || svc.spec?.selector?.version !== undefined) continue;
    for (const v of versionsOf(svc)) {
      const to = `${id} ${v}`;
      if (!edges.some((e) => e.kind === TopologyEdgeKind.VERSION && e.from === id && e.to === to)) edges.push({ kind: TopologyEdgeKind.VERSION, from: id, to, label: '0%' });
    }
  }

  // Who may call whom: ALLOW policies by principal, selected workloads named after their Service.
  const callerOf = (principal: string): string => {
    const m = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
    if (!m) return principal;
    const [, ns, sa] = m;
    if (ns === 'istio-system' && sa === 'istio-ingressgateway-service-account') {
      // istioctl's ingress gateway pods: name them after the Gateway that configures them.
      const configured = objects.filter((o) => o?.kind === 'Gateway' && groupOf(o) === 'networking.istio.io' && o.spec?.selector?.istio === 'ingressgateway');
      return configured.length === 1 ? `gateway ${nsOf(configured[0])}/${configured[0].metadata.name}` : 'istio-ingressgateway';
    }
    const gw = objects.find((o) => o?.kind === 'Gateway' && groupOf(o) === 'gateway.networking.k8s.io' && nsOf(o) === ns && `${o.metadata.name}-${o.spec?.gatewayClassName}` === sa);
    if (gw) return `gateway ${ns}/${gw.metadata.name}`;
    const pod = workloads.find((d) => nsOf(d) === ns && d.spec?.template?.spec?.serviceAccountName === sa);
    const svc = pod && services.find((s) => nsOf(s) === ns && s.spec?.selector?.version === undefined
      && Object.entries(s.spec?.selector ?? {}).every(([k, v]) => pod.spec.template.metadata.labels?.[k] === v));
    return svc ? `${ns}/${svc.metadata.name}` : `${ns}/sa/${sa}`;
  };
  for (const ap of objects.filter((o) => o?.kind === 'AuthorizationPolicy' && groupOf(o) === 'security.istio.io')) {
    if ((ap.spec?.action ?? 'ALLOW') !== 'ALLOW') continue;
    const ns = nsOf(ap);
    const selector = ap.spec?.selector?.matchLabels;
    const target = selector?.app ? `${ns}/${selector.app}` : `namespace ${ns}`;
    for (const rule of ap.spec?.rules ?? []) {
      const ports = (rule.to ?? []).flatMap((t: any) => t.operation?.ports ?? []);
      for (const from of rule.from ?? []) {
        for (const p of from.source?.principals ?? []) {
          edges.push({ kind: TopologyEdgeKind.ALLOW, from: callerOf(p), to: target, label: ports.length ? `port ${ports.join(',')}` : 'any port' });
        }
      }
    }
  }

  const key = (e: TopologyEdge) => `${e.kind} ${e.from} ${e.to} ${e.label}`;
  return [...new Map(edges.map((e) => [key(e), e])).values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/** What applies to a namespace of the mesh, for the diagram. */
interface NamespaceMarks {
  /** Mutual TLS mode of its namespace-wide PeerAuthentication (or the mesh-wide one). */
  readonly mtls?: string;
  /** True when an ALLOW policy without rules denies by default. */
  readonly denyByDefault: boolean;
}

/** mTLS mode and deny-by-default per namespace, from PeerAuthentications and AuthorizationPolicies. */
function namespaceMarks(objects: any[], rootNamespace = 'istio-system'): Map<string, NamespaceMarks> {
  const of = (kind: string) => objects.filter((o) => o?.kind === kind && groupOf(o) === 'security.istio.io');
  const wide = (o: any) => !o.spec?.selector && !o.spec?.targetRefs?.length && !o.spec?.targetRef;
  const modeIn = (ns: string) => of('PeerAuthentication').find((pa) => nsOf(pa) === ns && wide(pa))?.spec?.mtls?.mode;
  const marks = new Map<string, NamespaceMarks>();
  for (const ns of objects.filter((o) => o?.kind === 'Namespace' && groupOf(o) === '').map((o) => o.metadata.name)) {
    const denyByDefault = of('AuthorizationPolicy').some((ap) => nsOf(ap) === ns && wide(ap) && (ap.spec?.action ?? 'ALLOW') === 'ALLOW' && !ap.spec?.provider && !(ap.spec?.rules ?? []).length);
    marks.set(ns, { mtls: modeIn(ns) ?? modeIn(rootNamespace), denyByDefault });
  }
  return marks;
}

/**
 * Paths on which the gateway pods require a JWT (a DENY of requests without a request principal),
 * by gateway node label.
 */
function jwtMarks(objects: any[]): Map<string, string[]> {
  const marks = new Map<string, string[]>();
  const gateways = objects.filter((o) => o?.kind === 'Gateway');
  for (const ap of objects.filter((o) => o?.kind === 'AuthorizationPolicy' && groupOf(o) === 'security.istio.io' && o.spec?.action === 'DENY')) {
    for (const rule of ap.spec?.rules ?? []) {
      if (!(rule.from ?? []).some((f: any) => (f.source?.notRequestPrincipals ?? []).includes('*'))) continue;
      const paths: string[] = (rule.to ?? []).flatMap((t: any) => t.operation?.paths ?? ['every path']);
      const targets = gateways.filter((g) => (groupOf(g) === 'gateway.networking.k8s.io'
        ? (ap.spec?.targetRefs ?? []).some((t: any) => t.kind === 'Gateway' && t.name === g.metadata.name && nsOf(ap) === nsOf(g))
        : ap.spec?.selector?.matchLabels && Object.entries(ap.spec.selector.matchLabels).every(([k, v]) => g.spec?.selector?.[k] === v)));
      for (const g of targets) {
        const label = `gateway ${nsOf(g)}/${g.metadata.name}`;
        marks.set(label, [...new Set([...(marks.get(label) ?? []), ...(paths.length ? paths : ['every path'])])]);
      }
    }
  }
  return marks;
}

/**
 * A Markdown page with a Mermaid diagram of the mesh and the same edges as a table, for review in
 * pull requests (written beside the YAML, e.g. `dist/mesh.md`): one subgraph per namespace with
 * its mTLS mode, every deployed version (those at 0 % too), the paths where a gateway requires a
 * JWT, and a legend.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function renderMeshTopology(objects: any[]): string {
  const edges = meshTopology(objects);
  const namespaces = namespaceMarks(objects);
  const jwt = jwtMarks(objects);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const order = new Map(nodes.map((n, i) => [n, i]));
  const id = (n: string) => `n${order.get(n) ?? -1}`;
  const isGateway = (n: string) => n.startsWith('gateway ') || n === 'istio-ingressgateway';
  const namespaceOf = (n: string) => /^(?:gateway |namespace )?([a-z0-9-]+)\//.exec(n)?.[1] ?? /^namespace ([a-z0-9-]+)$/.exec(n)?.[1];
  const label = (n: string) => (jwt.has(n) ? `${n}<br/>JWT required: ${jwt.get(n)!.join(' ')}` : n);
  const shape = (n: string) => (isGateway(n) ? `{{"${label(n)}"}}` : n.includes(' ') && !n.startsWith('namespace ') ? `(["${label(n)}"])` : `["${label(n)}"]`);
  const arrow = (e: TopologyEdge) => (e.kind === TopologyEdgeKind.ALLOW ? `-. "${e.label}" .->` : `-->|"${e.label}"|`);
  const grouped = new Map<string, string[]>();
  for (const n of nodes) {
    const ns = namespaceOf(n) ?? '';
    pushTo(grouped, ns, n);
  }
  const nsTitle = (ns: string) => {
    const m = namespaces.get(ns);
    return [`namespace ${ns}`, m?.mtls && `mTLS ${m.mtls}`, m?.denyByDefault && 'deny by default'].filter((x) => x).join(' · ');
  };
  const diagram = [...grouped.keys()].sort().flatMap((ns, i) => (ns === ''
    ? grouped.get(ns)!.map((n) => `  ${id(n)}${shape(n)}`)
    : [`  subgraph ns${i}["${nsTitle(ns)}"]`, ...grouped.get(ns)!.map((n) => `    ${id(n)}${shape(n)}`), '  end']));
  const lines = [
    '# Mesh topology',
    '',
    '<!-- Generated from the synthesized manifests by cdk8s-istio (renderMeshTopology); do not edit. -->',
    '',
    '```mermaid',
    'flowchart LR',
    '  legend["Legend<br/>solid arrow: where requests go (route matches, weights; 0% = deployed, sent nothing)<br/>dotted arrow: who may call whom (ALLOW policies), on which port<br/>hexagon: ingress gateway · rounded: a version · box: a Service<br/>box around: a namespace, its mTLS mode, deny by default (allow-nothing)"]',
    ...diagram,
    ...edges.map((e) => `  ${id(e.from)} ${arrow(e)} ${id(e.to)}`),
    '```',
    '',
    '| kind | from | to | |',
    '| --- | --- | --- | --- |',
    ...edges.map((e) => `| ${e.kind} | ${e.from} | ${e.to} | ${e.label} |`),
    '',
    '| namespace | mTLS | deny by default |',
    '| --- | --- | --- |',
    ...[...namespaces].map(([ns, m]) => `| ${ns} | ${m.mtls ?? 'not set (PERMISSIVE)'} | ${m.denyByDefault ? 'yes' : 'no'} |`),
    ...(jwt.size ? ['', '| gateway | JWT required on |', '| --- | --- |', ...[...jwt].map(([g, paths]) => `| ${g} | ${paths.join(' ')} |`)] : []),
    '',
  ];
  return lines.join('\n');
}

/**
 * Writes {@link renderMeshTopology} of a synthesized app beside its YAML (`<outdir>/mesh.md`), or
 * to `file`. Call it after `app.synth()`.
 */
export function writeMeshTopology(app: App, file: string = path.join(app.outdir, 'mesh.md')): string {
  const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
  fs.writeFileSync(file, renderMeshTopology(objects));
  return file;
}
