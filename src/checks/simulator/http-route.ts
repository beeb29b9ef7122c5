// Gateway API HTTPRoute routing (SEMANTICS.md section G): routes attached to a Service (GAMMA,
// for sidecars) or to a Gateway (ingress), the precedence across all their rules (HR-3), matches
// (HR-4), 404 when none matches (HR-5), backends and weights (HR-6), filters (HR-7), timeouts and
// retries (HR-8).
import { nsOf } from '../../private/manifests';
import { fullMatch, hostMatches, hostSpecificity } from './match';
import { GWAPI, Mesh, SimWorkload, selects } from './mesh';
import { DEFAULT_RETRIES, HeaderOps, RouteOutcome, RouteTarget, RoutedRequest } from './route';
import { GatewayRouting } from './virtual-service';
import { SimulatedMirror, SimulatedRetries } from './types';

const hrName = (r: any): string => `HTTPRoute ${nsOf(r)}/${r.metadata?.name}`;

/** One route per match entry (Istio splits each rule so, route_collections.go:92-113). */
interface HrEntry {
  readonly route: any;
  readonly rule: any;
  readonly i: number;
  readonly match: any;
  /** Index of the match entry; undefined for a rule without matches. */
  readonly j?: number;
}

/** A match's path, with the API default `PathPrefix /` (HR-4). */
const pathOf = (m: any): { type: string; value: string } => ({ type: m?.path?.type ?? 'PathPrefix', value: m?.path?.value ?? '/' });
const RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/**
 * Every match entry of the routes, in precedence order (HR-3): routes by age, then
 * `namespace/name`; then stable-sorted by path type (Exact, PathPrefix, RegularExpression), longer
 * path, a method, more headers, more query parameters (conversion.go:460-531).
 */
function entriesOf(routes: readonly any[]): HrEntry[] {
  const key = (r: any) => `${r.metadata?.creationTimestamp ?? ''}\u0000${nsOf(r)}/${r.metadata?.name}`;
  const ordered = [...routes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const entries: HrEntry[] = ordered.flatMap((route) => ((route.spec?.rules ?? []) as any[]).flatMap((rule, i): HrEntry[] => {
    const matches: any[] = rule?.matches ?? [];
    return matches.length ? matches.map((match, j) => ({ route, rule, i, match, j })) : [{ route, rule, i, match: {} }];
  }));
  return entries.map((e, k) => ({ e, k })).sort((a, b) => {
    const pa = pathOf(a.e.match);
    const pb = pathOf(b.e.match);
    return (RANK[pb.type] ?? 0) - (RANK[pa.type] ?? 0) || pb.value.length - pa.value.length
      || Number(!!b.e.match?.method) - Number(!!a.e.match?.method)
      || (b.e.match?.headers?.length ?? 0) - (a.e.match?.headers?.length ?? 0)
      || (b.e.match?.queryParams?.length ?? 0) - (a.e.match?.queryParams?.length ?? 0)
      || a.k - b.k;
  }).map((x) => x.e);
}

/** `PathPrefix` is element-wise and ignores a trailing `/` (HR-4): `/abc` matches `/abc`, `/abc/`, `/abc/def`, not `/abcd`. */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/** One match entry (HR-4): path, headers, query parameters and method all AND. */
export function hrMatches(m: any, req: RoutedRequest): boolean {
  const { type, value } = pathOf(m);
  if (type === 'Exact' ? req.path !== value : type === 'RegularExpression' ? !fullMatch(value, req.path) : !pathPrefixMatches(value, req.path)) return false;
  for (const h of m?.headers ?? []) {
    const v = req.headers[String(h?.name ?? '').toLowerCase()];
    if (v === undefined || (h?.type === 'RegularExpression' ? !fullMatch(String(h.value), v) : v !== String(h?.value))) return false;
  }
  for (const q of m?.queryParams ?? []) {
    const v = req.query.get(String(q?.name));
    if (v === undefined || (q?.type === 'RegularExpression' ? !fullMatch(String(q.value), v) : v !== String(q?.value))) return false;
  }
  return !m?.method || m.method === req.method;
}

/** A backendRef across namespaces needs a ReferenceGrant in the backend's namespace (HR-6). */
function referenceGranted(mesh: Mesh, routeNs: string, targetNs: string, name: string): boolean {
  if (routeNs === targetNs) return true;
  return mesh.inNamespace(GWAPI, 'ReferenceGrant', targetNs).some((g) =>
    (g.spec?.from ?? []).some((f: any) => f?.group === GWAPI && f?.kind === 'HTTPRoute' && f?.namespace === routeNs)
    && (g.spec?.to ?? []).some((t: any) => (t?.group ?? '') === '' && t?.kind === 'Service' && (!t?.name || t.name === name)));
}

/** Backends of a rule (HR-6): weight defaults to 1; a missing Service or an ungranted namespace gets 500 for its share. */
function targetsOf(mesh: Mesh, route: any, rule: any): RouteTarget[] {
  const ns = nsOf(route);
  return ((rule.backendRefs ?? []) as any[]).map((b) => {
    const targetNs = b?.namespace ?? ns;
    const host = `${b?.name}.${targetNs}.svc.cluster.local`;
    const weight = typeof b?.weight === 'number' ? b.weight : 1;
    const base = { host, port: typeof b?.port === 'number' ? b.port : undefined, weight };
    if ((b?.kind ?? 'Service') !== 'Service' || (b?.group ?? '') !== '') return { ...base, status: 500, statusReason: `backendRef kind ${b?.group ?? ''}/${b?.kind} is not simulated` };
    if (!referenceGranted(mesh, ns, targetNs, b.name)) return { ...base, status: 500, statusReason: `no ReferenceGrant in ${targetNs} lets ${hrName(route)} use Service ${b.name}` };
    if (!mesh.service(host)) return { ...base, status: 500, statusReason: `Service ${targetNs}/${b?.name} does not exist` };
    return base;
  });
}

/** HR-8: `retry` gives attempts (default 2) on Gateway API's conditions plus its codes; none gives the mesh default. */
function retriesOf(rule: any): SimulatedRetries {
  const r = rule.retry;
  if (!r) return DEFAULT_RETRIES;
  const attempts = typeof r.attempts === 'number' ? r.attempts : 2;
  if (attempts === 0) return { attempts: 0, isDefault: false };
  const retryOn = `connect-failure,refused-stream,unavailable,cancelled${r.codes?.length ? ',retriable-status-codes' : ''}`;
  return { attempts, retryOn, perTryTimeout: rule.timeouts?.backendRequest, isDefault: false };
}

/** What a matched rule does: filters (HR-7), timeouts and retries (HR-8), backends (HR-6). */
function outcomeOf(mesh: Mesh, e: HrEntry, req: RoutedRequest, how: string): RouteOutcome {
  const { route, rule, i, j } = e;
  const where = `${hrName(route)} rules[${i}]${j === undefined ? '' : ` matches[${j}]`}`;
  let headers: HeaderOps | undefined;
  let rewrite: string | undefined;
  const mirror: SimulatedMirror[] = [];
  for (const f of rule.filters ?? []) {
    switch (f?.type) {
      case 'RequestHeaderModifier': {
        const m = f.requestHeaderModifier ?? {};
        const kv = (l: any[] | undefined) => Object.fromEntries((l ?? []).map((h) => [String(h.name), String(h.value)]));
        headers = { set: kv(m.set), add: kv(m.add), remove: m.remove };
        break;
      }
      case 'RequestRedirect': {
        const r = f.requestRedirect ?? {};
        const code = Number(r.statusCode ?? 302);
        const target = `${r.scheme ?? 'http'}://${r.hostname ?? req.host}${r.port ? `:${r.port}` : ''}${r.path?.replaceFullPath ?? req.path}`;
        return { object: hrName(route), rule: i, match: j, targets: [], response: code, redirect: `${code} ${target}`, description: `${how}: ${where} redirects (${code}, HR-7).` };
      }
      case 'URLRewrite': {
        const p = f.urlRewrite?.path;
        if (p?.type === 'ReplaceFullPath') rewrite = p.replaceFullPath;
        else if (p?.type === 'ReplacePrefixMatch') {
          const prefix = pathOf(e.match).value.replace(/\/+$/, '');
          const rest = req.path.slice(prefix.length);
          rewrite = `${String(p.replacePrefixMatch).replace(/\/+$/, '')}${rest}` || '/';
        }
        break;
      }
      case 'RequestMirror': {
        const m = f.requestMirror ?? {};
        const b = m.backendRef ?? {};
        const pct = typeof m.percent === 'number' ? m.percent : m.fraction ? (100 * Number(m.fraction.numerator)) / Number(m.fraction.denominator ?? 100) : 100;
        mirror.push({ host: `${b.name}.${b.namespace ?? nsOf(route)}.svc.cluster.local`, port: b.port, percentage: pct });
        break;
      }
      case 'ResponseHeaderModifier':
      case 'CORS':
        break;
      default:
        return { object: hrName(route), rule: i, match: j, targets: [], response: 500, description: `${how}: ${where} has a filter of type ${f?.type}, which Istio does not support: the rule is invalid (500, HR-7).` };
    }
  }
  const targets = targetsOf(mesh, route, rule);
  const base = {
    object: hrName(route), rule: i, match: j, headers, rewrite, mirror: mirror.length ? mirror : undefined,
    timeout: rule.timeouts?.request, retries: retriesOf(rule),
  };
  if (!targets.length || targets.every((t) => t.weight === 0)) {
    return { ...base, targets: [], response: 500, description: `${how}: ${where} matches and has no backend with a weight: 500 (HR-6).` };
  }
  return { ...base, targets: targets.filter((t) => t.weight > 0), description: `${how}: ${where} matches.` };
}

function firstMatch(mesh: Mesh, routes: readonly any[], req: RoutedRequest, how: string): RouteOutcome {
  for (const e of entriesOf(routes)) {
    if (hrMatches(e.match, req)) return outcomeOf(mesh, e, req, how);
  }
  const objects = routes.map(hrName).join(', ');
  return { object: objects, targets: [], response: 404, description: `${how}: no rule of ${objects} matches ${req.method} ${req.path}: 404 (HR-5).` };
}

/** A parentRef to a Service (GAMMA): `group: ""`, `kind: Service`. */
const isServiceParent = (p: any): boolean => p?.kind === 'Service' && (p?.group ?? '') === '';

/**
 * Routing at a sidecar by HTTPRoutes attached to the Service (GAMMA, HR-1, HR-2): with a `port`
 * only for that Service port; a producer route (in the Service's namespace) for every caller, a
 * consumer route (in the caller's namespace) for its own namespace, and preferred there.
 * Undefined when none is attached (then VirtualServices or the default route apply).
 */
export function routeSidecarByHttpRoute(mesh: Mesh, callerNamespace: string, service: any, servicePort: number, req: RoutedRequest, notes: string[]): RouteOutcome | undefined {
  const svcNs = nsOf(service);
  const name = service.metadata?.name;
  const attached = mesh.all(GWAPI, 'HTTPRoute').filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => isServiceParent(p)
    && p.name === name && (p.namespace ?? nsOf(r)) === svcNs && (p.port === undefined || Number(p.port) === servicePort)));
  if (!attached.length) return undefined;
  const consumer = callerNamespace !== svcNs ? attached.filter((r) => nsOf(r) === callerNamespace) : [];
  const producer = attached.filter((r) => nsOf(r) === svcNs);
  const others = attached.filter((r) => nsOf(r) !== svcNs && nsOf(r) !== callerNamespace);
  if (others.length) notes.push(`${others.map(hrName).join(', ')} attach to Service ${svcNs}/${name} from other namespaces: consumer routes only affect callers in their own namespace (HR-2).`);
  const use = consumer.length ? consumer : producer;
  if (!use.length) return undefined;
  if (consumer.length && producer.length) notes.push(`Consumer route ${consumer.map(hrName).join(', ')} takes precedence over producer route ${producer.map(hrName).join(', ')} for callers in ${callerNamespace} (HR-2).`);
  return firstMatch(mesh, use, req, `${use.map(hrName).join(', ')} attached to Service ${svcNs}/${name}${use.length > 1 ? ' (merged)' : ''}`);
}

/** Whether a listener's `allowedRoutes` admits routes of a namespace (default: the Gateway's namespace). */
function allowedFrom(mesh: Mesh, listener: any, gatewayNs: string, routeNs: string): boolean {
  const from = listener?.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Selector') return selects(listener.allowedRoutes.namespaces.selector?.matchLabels, mesh.index.namespaces.get(routeNs)?.metadata?.labels ?? {});
  return routeNs === gatewayNs;
}

/**
 * Routing at a Gateway API gateway (HR-1 to HR-6): the listener of the port (and hostname), the
 * HTTPRoutes attached to it (parentRefs, sectionName, allowedRoutes) whose hostnames match the
 * Host (none means any; the most specific wins), precedence across all their rules; else 404.
 */
export function routeK8sGateway(mesh: Mesh, workload: SimWorkload, req: Omit<RoutedRequest, 'port'>, requestedPort: number | undefined, notes: string[]): GatewayRouting {
  const key = `${workload.namespace}/${workload.gatewayApiName}`;
  const gw = mesh.k8sGateways.get(key);
  const name = `Gateway ${key}`;
  const listeners: any[] = (gw?.spec?.listeners ?? []).filter((l: any) => ['HTTP', 'HTTPS'].includes(l?.protocol));
  const ports = [...new Set(listeners.map((l) => Number(l.port)))];
  let listenerPort = requestedPort ?? ports[0] ?? 80;
  if (requestedPort !== undefined && !ports.includes(requestedPort) && ports.length) {
    listenerPort = (listeners.find((l) => !l.hostname || hostMatches(l.hostname, req.host)) ?? listeners[0]).port;
    notes.push(`Port ${requestedPort} is no listener port of ${name}; the gateway selects routes by the Host header, so the simulation uses listener port ${listenerPort}.`);
  }
  const fail = (description: string): GatewayRouting => ({ listenerPort, gateways: [name], outcome: { targets: [], response: 404, description } });
  const chosen = listeners.filter((l) => Number(l.port) === listenerPort && (!l.hostname || hostMatches(l.hostname, req.host)));
  if (!chosen.length) return fail(`No HTTP listener of ${name} on port ${listenerPort} accepts host ${req.host}: 404.`);
  const attached = mesh.all(GWAPI, 'HTTPRoute').filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => (p?.kind ?? 'Gateway') === 'Gateway'
    && (p?.group ?? GWAPI) === GWAPI && p?.name === workload.gatewayApiName && (p?.namespace ?? nsOf(r)) === workload.namespace
    && (p?.port === undefined || Number(p.port) === listenerPort)
    && chosen.some((l) => (!p?.sectionName || p.sectionName === l.name) && allowedFrom(mesh, l, workload.namespace, nsOf(r)))));
  const withHost = attached.flatMap((r) => {
    const hostnames: string[] = r.spec?.hostnames ?? [];
    const hits = hostnames.length ? hostnames.filter((h) => hostMatches(h, req.host)) : ['*'];
    return hits.length ? [{ r, specificity: Math.max(...hits.map((h) => (h === '*' ? 0 : hostSpecificity(h)))) }] : [];
  });
  if (!withHost.length) return fail(`No HTTPRoute attached to ${name} (port ${listenerPort}) has a hostname matching ${req.host}: 404 (HR-1, HR-5).`);
  const best = Math.max(...withHost.map((x) => x.specificity));
  const routes = withHost.filter((x) => x.specificity === best).map((x) => x.r);
  const outcome = firstMatch(mesh, routes, { ...req, port: listenerPort }, `${workload.name} routes by ${routes.map(hrName).join(', ')} (attached to ${name})`);
  return { listenerPort, gateways: [name], outcome };
}

/**
 * Routing at a waypoint for a request to a Service enrolled in it: the HTTPRoutes attached to the
 * Service from the Service's namespace or the waypoint's, merged ("We only allow routes in the
 * same namespace as the service or in the waypoint's own namespace",
 * istio:pilot/pkg/networking/core/listener_waypoint.go:1094-1111). Undefined when none is attached:
 * then "a Service will simply route to itself, load balancing across its endpoints"
 * (https://istio.io/latest/docs/ambient/architecture/traffic-routing/).
 */
export function routeWaypointByHttpRoute(mesh: Mesh, waypointNamespace: string, service: any, servicePort: number, req: RoutedRequest, notes: string[]): RouteOutcome | undefined {
  const svcNs = nsOf(service);
  const name = service.metadata?.name;
  const attached = mesh.all(GWAPI, 'HTTPRoute').filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => isServiceParent(p)
    && p.name === name && (p.namespace ?? nsOf(r)) === svcNs && (p.port === undefined || Number(p.port) === servicePort)));
  const use = attached.filter((r) => nsOf(r) === svcNs || nsOf(r) === waypointNamespace);
  const others = attached.filter((r) => !use.includes(r));
  if (others.length) notes.push(`${others.map(hrName).join(', ')} attach to Service ${svcNs}/${name} from other namespaces: the waypoint takes routes from the Service's namespace and its own only.`);
  if (!use.length) return undefined;
  return firstMatch(mesh, use, req, `${use.map(hrName).join(', ')} attached to Service ${svcNs}/${name}${use.length > 1 ? ' (merged)' : ''}, applied by its waypoint`);
}
