// VirtualService routing (SEMANTICS.md sections E and F): which VirtualService applies to a
// sidecar (VS-1 to VS-3) or to a gateway (GW-1 to GW-3), first match wins (VS-4, VS-5), and what
// the rule taken does (VS-6 to VS-12).
import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { hostMatches, hostsIntersect, hostSpecificity, stringMatch } from './match';
import { Mesh, NET, SimWorkload, selects } from './mesh';
import { DEFAULT_RETRIES, HeaderOps, RouteOutcome, RouteTarget, RoutedRequest } from './route';
import { SimulatedFault, SimulatedMirror, SimulatedRetries } from './types';

const vsName = (vs: any): string => `VirtualService ${nsOf(vs)}/${vs.metadata?.name}`;

/** A gateway name of a VirtualService, resolved with its namespace: `bookinfo-gateway` → `bookinfo/bookinfo-gateway`. */
const gatewayRef = (g: string, ns: string): string => (g === 'mesh' || g.includes('/') ? g : `${ns}/${g}`);

/** The gateways a VirtualService binds to (`mesh` when it names none, VS-1). */
function boundGateways(vs: any): string[] {
  const gateways: string[] = vs.spec?.gateways ?? [];
  return gateways.length ? gateways.map((g) => gatewayRef(g, nsOf(vs))) : ['mesh'];
}

/** VirtualService hosts with short names expanded in the VirtualService's namespace (VS-2). */
const vsHosts = (vs: any): string[] => (vs.spec?.hosts ?? []).map((h: string) => (h === '*' || h.startsWith('*') ? h : fqdn(String(h), nsOf(vs))));

/** Visible to a namespace through `exportTo` (VS-1): empty or `*` is everyone, `.` its own namespace. */
function exportRank(vs: any, namespace: string): number | undefined {
  const to: string[] = vs.spec?.exportTo ?? [];
  if (to.length === 1 && to[0] === '.') return nsOf(vs) === namespace ? 0 : undefined;
  if (to.includes(namespace) || (to.includes('.') && nsOf(vs) === namespace)) return 1;
  if (to.length === 0 || to.includes('*')) return 2;
  return undefined;
}

/**
 * The VirtualService a sidecar in `caller.namespace` uses for a Service (VS-1 to VS-3): bound to
 * `mesh`, exported to the caller, a host matching the Service (the most specific host first);
 * then private to the caller's namespace, exported to it, public; then the oldest, its name, its
 * namespace. The first wins: sidecars do not merge VirtualServices.
 */
export function meshVirtualService(mesh: Mesh, callerNamespace: string, serviceHost: string): { vs: any; others: any[] } | undefined {
  const candidates = mesh.all(NET, 'VirtualService').flatMap((vs, age) => {
    if (!boundGateways(vs).includes('mesh')) return [];
    const rank = exportRank(vs, callerNamespace);
    if (rank === undefined) return [];
    const hosts = vsHosts(vs).filter((h) => hostMatches(h, serviceHost));
    if (!hosts.length) return [];
    return [{ vs, rank, age, specificity: Math.max(...hosts.map(hostSpecificity)) }];
  });
  candidates.sort((a, b) => b.specificity - a.specificity || a.rank - b.rank || a.age - b.age
    || String(a.vs.metadata?.name).localeCompare(String(b.vs.metadata?.name)) || nsOf(a.vs).localeCompare(nsOf(b.vs)));
  return candidates.length ? { vs: candidates[0].vs, others: candidates.slice(1).map((c) => c.vs) } : undefined;
}

/** One Envoy route: a VirtualService rule and one of its match entries (or none: catch-all). */
interface VsRoute {
  readonly vs: any;
  readonly rule: any;
  readonly i: number;
  readonly match?: any;
  readonly j?: number;
}

/**
 * Build-time selectors of a match entry (VS-5): `gateways` names the proxy's gateway, else
 * `sourceLabels` must be on the caller's pods and `sourceNamespace` its namespace
 * (route.go sourceMatchHTTP).
 */
function matchApplies(m: any, vs: any, proxy: { gateway: string; labels: Readonly<Record<string, string>>; namespace: string }): boolean {
  if (m?.gateways?.length) return m.gateways.some((g: string) => gatewayRef(g, nsOf(vs)) === proxy.gateway);
  return selects(m?.sourceLabels, proxy.labels) && (!m?.sourceNamespace || m.sourceNamespace === proxy.namespace);
}

/** The Envoy routes of VirtualServices for one proxy, in order; match entries that do not apply to it are left out. */
function routesFor(vsList: readonly any[], proxy: { gateway: string; labels: Readonly<Record<string, string>>; namespace: string }): VsRoute[] {
  const out: VsRoute[] = [];
  for (const vs of vsList) {
    // Translation of a VirtualService stops after its first catch-all route (route.go:400-443).
    let done = false;
    for (const [i, rule] of ((vs.spec?.http ?? []) as any[]).entries()) {
      if (done) break;
      const matches: any[] = rule?.match ?? [];
      const entries: VsRoute[] = matches.length
        ? matches.flatMap((m, j) => (matchApplies(m, vs, proxy) ? [{ vs, rule, i, match: m, j }] : []))
        : [{ vs, rule, i }];
      for (const r of entries) {
        if (done) break;
        out.push(r);
        done = isCatchAll(r);
      }
    }
  }
  return out;
}

/** An Envoy route that matches every request: no match, or only a `/` prefix or `.*` regex (route.go IsCatchAllRoute). */
function isCatchAll(r: VsRoute): boolean {
  const m = r.match;
  if (!m) return true;
  const uriAll = !m.uri || m.uri.prefix === '/' || m.uri.regex === '.*';
  return uriAll && !m.headers && !m.queryParams && !m.withoutHeaders && !m.method && !m.authority && !m.scheme;
}

/** A header condition of a match (VS-5): no value means presence; `@request.auth.claims.*` reads the JWT. */
function headerMatches(name: string, sm: any, req: RoutedRequest, claims: Readonly<Record<string, unknown>> | undefined): boolean {
  const presence = !sm || (typeof sm === 'object' && Object.keys(sm).length === 0) || sm.regex === '*';
  if (name.startsWith('@request.auth.claims.')) {
    let v: any = claims;
    for (const k of name.slice('@request.auth.claims.'.length).split('.')) v = v?.[k];
    const values = v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
    return presence ? values.length > 0 : values.some((x) => stringMatch(sm, x));
  }
  const value = req.headers[name.toLowerCase()];
  return presence ? value !== undefined : stringMatch(sm, value);
}

/** Runtime conditions of a match entry (VS-5): all AND. */
export function vsMatches(m: any, req: RoutedRequest, claims?: Readonly<Record<string, unknown>>): boolean {
  if (!m) return true;
  if (m.uri && !stringMatch(m.uri, req.path, m.ignoreUriCase === true)) return false;
  if (m.method && !stringMatch(m.method, req.method)) return false;
  if (m.authority && !stringMatch(m.authority, req.authority)) return false;
  if (m.scheme && !stringMatch(m.scheme, 'http')) return false;
  if (m.port !== undefined && Number(m.port) !== req.port) return false;
  for (const [k, sm] of Object.entries<any>(m.headers ?? {})) {
    if (['uri', 'scheme', 'method', 'authority'].includes(k)) continue;
    if (!headerMatches(k, sm, req, claims)) return false;
  }
  for (const [k, sm] of Object.entries<any>(m.withoutHeaders ?? {})) {
    const presence = !sm || Object.keys(sm).length === 0 || sm.regex === '*';
    // A missing header counts as empty (TreatMissingHeaderAsEmpty), except for a presence match.
    const value = req.headers[k.toLowerCase()];
    if (presence ? value !== undefined : stringMatch(sm, value ?? '')) return false;
  }
  for (const [k, sm] of Object.entries<any>(m.queryParams ?? {})) {
    const value = req.query.get(k);
    if (value === undefined) return false;
    const presence = !sm || Object.keys(sm).length === 0 || sm.regex === '*';
    if (!presence && !stringMatch(sm, value)) return false;
  }
  return true;
}

const percent = (p: any, fallback: number): number => (typeof p?.value === 'number' ? p.value : typeof p === 'number' ? p : fallback);

/** VS-8: a fault without a percentage injects nothing. */
function faultOf(f: any): SimulatedFault | undefined {
  if (!f) return undefined;
  return {
    delay: f.delay ? { fixedDelay: String(f.delay.fixedDelay ?? f.delay.exponentialDelay ?? ''), percentage: percent(f.delay.percentage, typeof f.delay.percent === 'number' ? f.delay.percent : 0) } : undefined,
    abort: f.abort ? { httpStatus: Number(f.abort.httpStatus ?? 0), percentage: percent(f.abort.percentage, 0) } : undefined,
  };
}

/** VS-10: the mesh default when unset, none with `attempts: 0`, the default `retryOn` when only attempts are set. */
function retriesOf(r: any): SimulatedRetries {
  if (!r) return DEFAULT_RETRIES;
  const attempts = typeof r.attempts === 'number' ? r.attempts : DEFAULT_RETRIES.attempts;
  if (attempts === 0) return { attempts: 0, isDefault: false };
  return { attempts, retryOn: r.retryOn || DEFAULT_RETRIES.retryOn, perTryTimeout: r.perTryTimeout, isDefault: false };
}

/** VS-11: `mirror` + `mirrorPercentage` (absent = 100) and `mirrors[]`. */
function mirrorsOf(rule: any, ns: string): SimulatedMirror[] | undefined {
  const list: SimulatedMirror[] = [];
  const add = (d: any, pct: number) => {
    if (d?.host && pct > 0) list.push({ host: fqdn(String(d.host), ns), subset: d.subset, port: d.port?.number, percentage: pct });
  };
  if (rule.mirror) add(rule.mirror, percent(rule.mirrorPercentage, typeof rule.mirrorPercent === 'number' ? rule.mirrorPercent : 100));
  for (const m of rule.mirrors ?? []) add(m?.destination, percent(m?.percentage, 100));
  return list.length ? list : undefined;
}

/** VS-12: `rewrite.uri` replaces the matched prefix (or the whole path), `uriRegexRewrite` a regex. */
function rewriteOf(rule: any, match: any, path: string): string | undefined {
  const re = rule.rewrite?.uriRegexRewrite;
  if (re?.match) {
    try {
      return path.replace(new RegExp(re.match), String(re.rewrite ?? '').replace(/\\(\d)/g, '$$$1'));
    } catch {
      return undefined;
    }
  }
  const uri = rule.rewrite?.uri;
  if (typeof uri !== 'string') return undefined;
  const prefix = match?.uri?.prefix;
  return typeof prefix === 'string' ? uri + path.slice(prefix.length) : uri;
}

/** The destinations of a rule (VS-7): one destination takes everything; 0 weights are dropped. */
function targetsOf(rule: any, ns: string): RouteTarget[] {
  const route: any[] = rule.route ?? [];
  return route.map((r) => ({
    host: fqdn(String(r?.destination?.host ?? ''), ns),
    subset: r?.destination?.subset,
    port: r?.destination?.port?.number,
    weight: route.length === 1 ? 100 : Number(r?.weight ?? 0),
  })).filter((t) => t.weight > 0);
}

/** What a matched VirtualService rule does. */
function outcomeOf(r: VsRoute, req: RoutedRequest, how: string): RouteOutcome {
  const { vs, rule, i, j } = r;
  const ns = nsOf(vs);
  const base = {
    object: vsName(vs),
    rule: i,
    match: j,
    fault: faultOf(rule.fault),
    timeout: rule.timeout,
    retries: retriesOf(rule.retries),
    mirror: mirrorsOf(rule, ns),
    rewrite: rewriteOf(rule, r.match, req.path),
    headers: rule.headers?.request as HeaderOps | undefined,
  };
  const where = `${vsName(vs)} http[${i}]${j === undefined ? '' : ` match[${j}]`}`;
  if (rule.redirect) {
    const code = Number(rule.redirect.redirectCode ?? 301);
    const target = `${rule.redirect.scheme ?? 'http'}://${rule.redirect.authority ?? req.authority}${rule.redirect.uri ?? req.path}`;
    return { ...base, targets: [], response: code, redirect: `${code} ${target}`, description: `${how}: ${where} redirects (${code}).` };
  }
  if (rule.directResponse) {
    const status = Number(rule.directResponse.status);
    return { ...base, targets: [], response: status, description: `${how}: ${where} answers directly (${status}).` };
  }
  if (rule.delegate) {
    return { ...base, targets: [], response: 404, description: `${how}: ${where} delegates to VirtualService ${rule.delegate.namespace ?? ns}/${rule.delegate.name}, which the simulator does not follow.` };
  }
  return { ...base, targets: targetsOf(rule, ns), description: `${how}: ${where} matches.` };
}

/** First match wins over a list of Envoy routes (VS-4); 404 when none matches (VS-6). */
function firstMatch(routes: VsRoute[], req: RoutedRequest, claims: Readonly<Record<string, unknown>> | undefined, how: string, objects: string): RouteOutcome {
  for (const r of routes) {
    if (vsMatches(r.match, req, claims)) return outcomeOf(r, req, how);
  }
  return { object: objects, targets: [], response: 404, description: `${how}: no rule of ${objects} matches ${req.method} ${req.path}: 404.` };
}

/**
 * Routing at a sidecar by VirtualService (VS-1 to VS-6); undefined when no VirtualService applies
 * (then the default route does), `notes` says why one was passed over.
 */
export function routeSidecarByVirtualService(mesh: Mesh, caller: { namespace: string; labels: Readonly<Record<string, string>> }, serviceHost: string,
  req: RoutedRequest, notes: string[]): RouteOutcome | undefined {
  const picked = meshVirtualService(mesh, caller.namespace, serviceHost);
  if (!picked) return undefined;
  for (const other of picked.others) notes.push(`${vsName(other)} also names ${serviceHost}, but sidecars take one VirtualService per host: ${vsName(picked.vs)} (VS-3).`);
  const routes = routesFor([picked.vs], { gateway: 'mesh', labels: caller.labels, namespace: caller.namespace });
  if (!routes.length) {
    notes.push(`${vsName(picked.vs)} has no route for this caller (its matches select other sources or gateways), so the default route applies (VS-5).`);
    return undefined;
  }
  // JWT claims are matched only at gateways (sidecars do not validate outbound tokens).
  return firstMatch(routes, req, undefined, `the caller's sidecar uses ${vsName(picked.vs)} for ${serviceHost}`, vsName(picked.vs));
}

/** An Istio Gateway server host: `ns/host` names the namespaces whose VirtualServices may bind (`*` any, `.` the Gateway's). */
function serverHost(h: string, gatewayNs: string): { ns: string; host: string } {
  const [ns, host] = h.includes('/') ? h.split('/', 2) : ['*', h];
  return { ns: ns === '.' ? gatewayNs : ns, host };
}

/** What gateway routing found: the listener port and the route. */
export interface GatewayRouting {
  /** The pod port the request arrives on. */
  readonly listenerPort: number;
  readonly outcome: RouteOutcome;
  /** The objects configuring the gateway. */
  readonly gateways: readonly string[];
}

/**
 * Routing at an Istio gateway (GW-1 to GW-4): the Gateways whose selector picks its pods, the
 * server of the port (the pod port; istioctl's ingress Service maps 80 → 8080) and Host, the
 * VirtualServices bound to them whose hosts match (exact or wildcard, `*` any), merged in age
 * order with catch-all routes last; first match wins, else 404.
 */
export function routeIstioGateway(mesh: Mesh, workload: SimWorkload, req: Omit<RoutedRequest, 'port'>, requestedPort: number | undefined,
  claims: Readonly<Record<string, unknown>> | undefined, notes: string[]): GatewayRouting {
  const gateways = mesh.istioGatewaysOf(workload);
  const names = gateways.map((g) => `Gateway ${nsOf(g)}/${g.metadata?.name}`);
  const servers = gateways.flatMap((g) => ((g.spec?.servers ?? []) as any[]).map((s) => ({ g, s, port: Number(s?.port?.number) })));
  const ports = [...new Set(servers.map((s) => s.port))];
  let listenerPort = requestedPort ?? 80;
  if (requestedPort !== undefined && !ports.includes(requestedPort)) {
    const mapped = workload.servicePorts?.get(requestedPort);
    if (mapped !== undefined && ports.includes(mapped)) {
      notes.push(`Port ${requestedPort} of the ${workload.name} Service forwards to pod port ${mapped} (GW-1).`);
      listenerPort = mapped;
    } else if (ports.length) {
      const withHost = servers.find((s) => (s.s.hosts ?? []).some((h: string) => hostMatches(serverHost(h, nsOf(s.g)).host, req.host)));
      listenerPort = (withHost ?? servers[0]).port;
      notes.push(`Port ${requestedPort} is no server port of ${names.join(', ')}; the gateway selects the virtual host by the Host header, whatever its port, so the simulation uses server port ${listenerPort}.`);
    }
  } else if (requestedPort === undefined && ports.length) {
    listenerPort = workload.servicePorts?.get(80) !== undefined && ports.includes(workload.servicePorts.get(80)!) ? workload.servicePorts.get(80)! : ports[0];
  }
  const fail = (description: string): GatewayRouting => ({ listenerPort, gateways: names, outcome: { targets: [], response: 404, description } });
  if (!gateways.length) return fail(`No Gateway selects the pods of ${workload.id} (labels ${JSON.stringify(workload.labels)}): the gateway has no listener for the request (404).`);
  const onPort = servers.filter((s) => s.port === listenerPort);
  const hostServers = onPort.filter((s) => (s.s.hosts ?? []).some((h: string) => hostMatches(serverHost(h, nsOf(s.g)).host, req.host)));
  if (!hostServers.length) return fail(`No server of ${names.join(', ')} on port ${listenerPort} accepts host ${req.host}: 404 (GW-2).`);

  const bound = new Set(hostServers.map((s) => `${nsOf(s.g)}/${s.g.metadata?.name}`));
  const candidates = mesh.all(NET, 'VirtualService').flatMap((vs) => {
    const via = boundGateways(vs).find((g) => bound.has(g));
    if (!via) return [];
    const hosts = vsHosts(vs).filter((h) => hostMatches(h, req.host) && hostServers.some((s) => (s.s.hosts ?? []).some((sh: string) => {
      const { ns, host } = serverHost(sh, nsOf(s.g));
      return (ns === '*' || ns === nsOf(vs)) && hostsIntersect(host, h);
    })));
    return hosts.length ? [{ vs, via, specificity: Math.max(...hosts.map(hostSpecificity)) }] : [];
  });
  if (!candidates.length) return fail(`No VirtualService bound to ${names.join(', ')} has a host matching ${req.host}: 404 (GW-2).`);
  // The most specific matching host makes the virtual host; VirtualServices sharing it are merged (GW-3).
  const best = Math.max(...candidates.map((c) => c.specificity));
  const merged = candidates.filter((c) => c.specificity === best);
  if (merged.length > 1) notes.push(`${merged.map((c) => vsName(c.vs)).join(', ')} share the virtual host at the gateway: their routes are merged in age order, catch-all routes last (GW-3).`);
  const routes = merged.flatMap((c) => routesFor([c.vs], { gateway: c.via, labels: workload.labels, namespace: workload.namespace }));
  const ordered = [...routes.filter((r) => !isCatchAll(r)), ...routes.filter(isCatchAll)];
  const objects = merged.map((c) => vsName(c.vs)).join(', ');
  const outcome = firstMatch(ordered, { ...req, port: listenerPort }, claims, `${workload.name} routes by ${objects} (bound to ${names.join(', ')})`, objects);
  return { listenerPort, gateways: names, outcome };
}

