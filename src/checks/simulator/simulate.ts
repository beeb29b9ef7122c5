// simulate(): one request through a sidecar mesh, offline, from the manifests alone. The steps
// follow SEMANTICS.md section 0: the caller (and, for a gateway, the gateway's own policies),
// the route, then for each destination workload the connection (mTLS), RequestAuthentication and
// AuthorizationPolicy at each enforcement point.
import { ManifestIndex } from '../manifest-index';
import { nsOf } from '../../private/manifests';
import { authenticate, authorize, RequestAttributes } from './authorization';
import { enforcementPoints, PortProtocol, portProtocol, waypointPoint } from './enforcement';
import { routeK8sGateway, routeSidecarByHttpRoute, routeWaypointByHttpRoute } from './http-route';
import { hostOnly, normalizePath, parseQuery } from './match';
import { GWAPI, Mesh, NET, resolveHost, SimWaypoint, SimWorkload, TRUST_DOMAIN } from './mesh';
import { connect, subsetFor } from './mtls';
import { readManifests } from './read-manifests';
import { parseRequestTarget } from './request';
import { applyHeaderOps, DEFAULT_RETRIES, RouteOutcome, RoutedRequest } from './route';
import {
  SimulatedCaller, SimulatedDestination, SimulatedEnforcement, SimulatedJwt, SimulatedMtls, SimulatedRoute, SimulationRequest, SimulationResult,
} from './types';
import { GatewayRouting, meshVirtualService, routeIstioGateway, routeSidecarByVirtualService } from './virtual-service';
import { ztunnelAuthorize } from './ztunnel';

/** Rounds a share to 0.01 %. */
const round = (n: number): number => Math.round(n * 100) / 100;

/** A destination being resolved: its public shape plus what the hops need. */
interface Destination {
  host: string;
  subset?: string;
  version?: string;
  port?: number;
  weight: number;
  workloads: SimWorkload[];
  portSpec?: any;
  response?: number | string;
  reason?: string;
}

/** The result of the requests to one destination workload. */
interface Hop {
  readonly workload: SimWorkload;
  readonly mtls: SimulatedMtls;
  readonly checks: SimulatedEnforcement[];
  readonly allowed: boolean;
  readonly response?: number | string;
  readonly reason: string;
}

/** What a waypoint does with a request: its checks, then a refusal or its route and the waypoint as the next client. */
interface WaypointLeg {
  readonly checks: SimulatedEnforcement[];
  readonly denied?: { readonly response: number; readonly reason: string; readonly check?: SimulatedEnforcement };
  readonly outcome?: RouteOutcome;
  readonly next: Client;
  readonly jwt?: SimulatedJwt;
}

/** One way the requests to a destination take: the client that sends them (the waypoint's, behind one), and what happened before. */
interface Leg {
  readonly d: Destination;
  readonly client: Client;
  readonly outcome: RouteOutcome;
  readonly jwt?: SimulatedJwt;
  readonly checks: SimulatedEnforcement[];
}

/** The caller's side of a connection: the caller's proxy, or the waypoint passing the request on. */
interface Client {
  readonly proxy: string;
  readonly namespace: string;
  readonly principal: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The Service port's pod port: `targetPort` (a number, or a container port's name), else `port`. */
function targetPortOf(portSpec: any, workload: SimWorkload, notes: string[]): number {
  const tp = portSpec?.targetPort ?? portSpec?.port;
  if (typeof tp === 'number' || /^\d+$/.test(String(tp))) return Number(tp);
  const named = workload.containerPorts.find((p) => p.name === tp);
  if (named) return Number(named.containerPort);
  notes.push(`${workload.id} has no container port named ${tp}: the simulation uses port ${portSpec?.port}.`);
  return Number(portSpec?.port);
}

/** The `version` label the workloads share, if they share one. */
function versionOf(workloads: readonly SimWorkload[]): string | undefined {
  const versions = new Set(workloads.map((w) => w.labels.version ?? w.labels['app.kubernetes.io/version']));
  return versions.size === 1 ? [...versions][0] : undefined;
}

/**
 * Simulates one HTTP request in a mesh described by manifests: the route it takes, whether the
 * mesh lets it reach the destination (mTLS, RequestAuthentication, AuthorizationPolicy at every
 * enforcement point) and which policy decides. Follows Istio 1.28 and Gateway API 1.4 semantics
 * (CUSTOM, DENY, ALLOW; first-match VirtualService routing; HTTPRoute precedence;
 * PeerAuthentication precedence; auto mTLS), in sidecar mode and in ambient mode (the ztunnel
 * of each ambient pod enforcing L4 policies, the waypoint a Service is enrolled in routing by
 * HTTPRoutes and enforcing the policies that target it).
 *
 * Not simulated: ServiceEntries and egress, TCP/TLS routes, delegate VirtualServices,
 * VirtualServices at waypoints, workload-addressed (pod IP) traffic, IP-based rules (no
 * addresses), CUSTOM providers (assumed to allow), locality and outlier detection.
 *
 * @param manifests the objects (parsed YAML), a {@link ManifestIndex} (its lookups are reused), or
 *   a folder or file to read with {@link readManifests}
 * @param request the request
 * @throws when `request.from` or `request.to` is malformed, or `manifests` names a path that
 *   cannot be read
 */
export function simulate(manifests: readonly any[] | ManifestIndex | string, request: SimulationRequest): SimulationResult {
  const index = typeof manifests === 'string' ? new ManifestIndex(readManifests(manifests))
    : manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  return new Simulation(Mesh.of(index), request).run();
}

class Simulation {
  private readonly notes: string[] = [];
  private readonly target: ReturnType<typeof parseRequestTarget>;
  private readonly method: string;
  private readonly rawPath: string;
  private readonly path: ReturnType<typeof normalizePath>;
  private readonly headers: Record<string, string>;
  private readonly authority: string;
  private readonly invalid?: string;
  /** The port the request is sent to, once known. */
  private port?: number;

  constructor(private readonly mesh: Mesh, private readonly request: SimulationRequest) {
    this.target = parseRequestTarget(request);
    this.method = request.method ?? 'GET';
    this.rawPath = request.path ?? '/';
    if (!this.rawPath.startsWith('/')) throw new Error(`request.path must start with "/", got ${JSON.stringify(request.path)}`);
    this.path = normalizePath(this.rawPath);
    this.headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    this.authority = this.headers.host ?? request.to;
    if (!/^[A-Z]+$/.test(this.method)) this.invalid = `the method ${JSON.stringify(this.method)} is not an upper-case HTTP method (RM-10)`;
    else if (this.path.invalid) this.invalid = this.path.invalid;
    if (!this.path.invalid && this.rawPath.split(/[?#]/)[0] !== this.path.path) this.notes.push(`The proxies normalize the path to ${this.path.path} (RM-12).`);
  }

  private routedRequest(port: number): RoutedRequest {
    return { host: hostOnly(this.authority), authority: this.authority, path: this.path.path, query: parseQuery(this.path.query), method: this.method, headers: this.headers, port };
  }

  run(): SimulationResult {
    const { mesh, notes, target } = this;
    const sa = `${target.namespace}/${target.serviceAccount}`;
    const principal = `${TRUST_DOMAIN}/ns/${target.namespace}/sa/${target.serviceAccount}`;
    const { workload, all } = mesh.workloadOf(sa);
    const proxy = workload?.proxy ?? (mesh.namespaceInjected(target.namespace) ? 'sidecar' : mesh.namespaceAmbient(target.namespace) ? 'ztunnel' : 'none');
    if (workload?.builtIn) notes.push(`${sa} is ${workload.builtIn}.`);
    if (all.length > 1) notes.push(`${all.length} workloads run as ${sa} (${all.map((w) => w.id).join(', ')}): the simulation uses ${all[0].id}.`);
    if (!workload) {
      const nsKnown = mesh.index.namespaces.has(target.namespace);
      notes.push(proxy === 'sidecar' ? `No workload of the manifests runs as ${sa}; namespace ${target.namespace} injects sidecars, so the caller has one.`
        : proxy === 'ztunnel' ? `No workload of the manifests runs as ${sa}; namespace ${target.namespace} is in ambient mode, so ztunnel carries the caller's traffic.`
          : `No workload of the manifests runs as ${sa}, and namespace ${target.namespace} is ${nsKnown ? 'not enrolled in the mesh' : 'not in the manifests (taken as outside the mesh)'}: the caller has no sidecar.`);
    } else if (proxy === 'none') {
      notes.push(`${workload.id} has no sidecar: it sends plain text, without a principal, and no routing rule applies to it.`);
    }
    const caller: SimulatedCaller = { serviceAccount: sa, principal, proxy, workload: workload?.id };
    const client: Client = { proxy, namespace: target.namespace, principal, labels: workload?.labels ?? {} };

    // An Envoy (sidecar, gateway) answers a malformed request itself; ztunnel does not parse HTTP.
    if ((proxy === 'sidecar' || proxy === 'gateway') && this.invalid) {
      return this.finish(caller, { destinations: [], description: 'The request is refused before routing.' }, [], {
        allowed: false, response: 400, reason: `The caller's proxy answers 400: ${this.invalid}.` });
    }
    if (proxy === 'gateway' && workload) return this.throughGateway(caller, client, workload);
    return this.fromWorkload(caller, client);
  }

  /** A request arriving at a gateway from outside: the gateway's own policies, its routing, then the destinations. */
  private throughGateway(caller: SimulatedCaller, client: Client, gateway: SimWorkload): SimulationResult {
    const { mesh, notes } = this;
    const view = this.routedRequest(0);
    // Envoy's filter order at the gateway: JWT authentication, then authorization, then routing.
    const [point] = enforcementPoints(gateway, this.target.port ?? 0, 'http');
    const auth = authenticate(mesh, point, this.request.jwt);
    const claims = auth.jwt ? { iss: auth.jwt.iss, sub: auth.jwt.sub, ...auth.jwt.claims } : undefined;
    const routing: GatewayRouting = gateway.gatewayApiName
      ? routeK8sGateway(mesh, gateway, view, this.target.port, notes)
      : routeIstioGateway(mesh, gateway, view, this.target.port, claims, notes);
    this.port = routing.listenerPort;
    const withGateways = { ...caller, gateways: routing.gateways };
    const at = { ...point, port: routing.listenerPort };
    // The gateway's proxy enforces its own policies on requests from outside (no peer principal).
    if (auth.reason && !auth.response) notes.push(`${auth.reason}.`);
    if (auth.response) {
      const check: SimulatedEnforcement = { at: at.at, kind: at.kind, layer: at.layer, port: at.port, allowed: false, policy: auth.policies!, response: auth.response, matched: [], reason: `${auth.reason}.` };
      return this.finish(withGateways, this.routeOf(routing.outcome, []), [check], { allowed: false, response: auth.response, reason: check.reason, deciding: check });
    }
    const check = authorize(mesh, at, { host: this.authority, method: this.method, path: this.path.path, headers: this.headers, jwt: auth.jwt }, notes);
    const checks = [check];
    if (!check.allowed) {
      return this.finish(withGateways, this.routeOf(routing.outcome, []), checks, { allowed: false, response: 403, reason: check.reason, deciding: check });
    }
    let jwt: SimulatedJwt | undefined = this.request.jwt;
    if (auth.jwt && !auth.forward) {
      jwt = undefined;
      notes.push('The gateway validates the token and removes it (forwardOriginalToken is not set): the destination sees no JWT.');
    }
    const meshVs = routing.outcome.targets.map((t) => meshVirtualService(mesh, gateway.namespace, t.host)?.vs).find((vs) => vs);
    if (meshVs) notes.push(`VirtualService ${nsOf(meshVs)}/${meshVs.metadata?.name} (bound to mesh) does not apply at the gateway, which routes by its own: no subset from it (GW-4).`);
    const gwClient: Client = { ...client, proxy: 'gateway', namespace: gateway.namespace, labels: gateway.labels };
    return this.toDestinations(withGateways, gwClient, routing.outcome, routing.listenerPort, 'http', checks, jwt);
  }

  /** A request from a workload (with a sidecar or without a proxy) to a Service. */
  private fromWorkload(caller: SimulatedCaller, client: Client): SimulationResult {
    const { mesh, notes, target } = this;
    const serviceHost = resolveHost(target.host, target.namespace);
    const service = mesh.service(serviceHost);
    if (!service) {
      const route: SimulatedRoute = {
        destinations: [{ host: serviceHost, weight: 100, workloads: [] }],
        description: client.proxy === 'none'
          ? `${serviceHost} is not a Service of the manifests: the request goes wherever DNS sends it, outside the mesh.`
          : client.proxy === 'ztunnel'
            ? `${serviceHost} is not a Service of the manifests: the caller's ztunnel passes the connection through to wherever DNS sends it.`
            : `${serviceHost} is not a Service of the manifests: the caller's sidecar passes the request through (PassthroughCluster, outboundTrafficPolicy ALLOW_ANY, DEF-5).`,
      };
      return this.finish(caller, route, [], { allowed: true, reason: `${serviceHost} is outside the mesh (passthrough): no policy of the manifests applies to it.` });
    }
    const ports: any[] = service.spec?.ports ?? [];
    let port = target.port;
    if (port === undefined) {
      port = ports.length === 1 ? Number(ports[0].port) : 80;
      notes.push(`No port in "${this.request.to}": ${ports.length === 1 ? `the Service's only port, ${port}` : 'port 80'}.`);
    }
    this.port = port;
    const portSpec = ports.find((p) => Number(p?.port) === port);
    const svcId = `${nsOf(service)}/${service.metadata?.name}`;
    if (!portSpec) {
      const route: SimulatedRoute = { destinations: [], description: `Service ${svcId} has no port ${port} (ports: ${ports.map((p) => p?.port).join(', ') || 'none'}).` };
      return this.finish(caller, route, [], { allowed: false, response: 'connection refused', reason: `Service ${svcId} has no port ${port}: nothing listens there (connection refused).` });
    }
    const protocol = portProtocol(portSpec);
    const view = this.routedRequest(port);
    let outcome: RouteOutcome | undefined;
    const defaultRoute = (why: string): RouteOutcome => ({
      targets: [{ host: serviceHost, port, weight: 100, split: true }],
      retries: client.proxy === 'none' || client.proxy === 'ztunnel' ? undefined : DEFAULT_RETRIES,
      description: why,
    });
    const enrollment = client.proxy === 'ztunnel' || client.proxy === 'sidecar' ? mesh.serviceWaypoint(service) : {};
    if (enrollment.problem) notes.push(`${enrollment.problem}: Service ${svcId} has no waypoint.`);
    if (client.proxy === 'ztunnel') {
      // The caller's ztunnel sends traffic addressed to an enrolled Service to its waypoint
      // (https://istio.io/latest/docs/ambient/usage/waypoint/): the waypoint routes and authorizes.
      if (enrollment.waypoint) return this.viaWaypoint(caller, client, enrollment.waypoint, enrollment.via!, service, port, protocol);
      this.noteIgnoredRoutes(service, serviceHost, `ztunnel does not route HTTP and Service ${svcId} has no waypoint`);
      outcome = defaultRoute(`The caller's ztunnel sends the connection to an endpoint (pod) of Service ${svcId}, spread evenly: without a waypoint no routing rule applies.`);
    } else if (client.proxy === 'none') {
      outcome = defaultRoute(`The caller has no sidecar: no routing rule applies; kube-proxy spreads the requests evenly over the endpoints (pods) of Service ${svcId}.`);
    } else if (protocol === 'tcp') {
      notes.push(`Port ${port} of Service ${svcId} is a TCP port (${portSpec.name ?? portSpec.appProtocol}): HTTP routes do not apply, and AuthorizationPolicies are enforced at L4 (AZ-9).`);
      outcome = defaultRoute(`Port ${port} is TCP: the default route to Service ${svcId}, split evenly over its endpoints (pods).`);
    } else {
      outcome = routeSidecarByHttpRoute(mesh, client.namespace, service, port, view, notes)
        ?? routeSidecarByVirtualService(mesh, client, serviceHost, view, notes)
        ?? defaultRoute(`No VirtualService or HTTPRoute applies: the default route to Service ${svcId}, split evenly over its endpoints (pods); DestinationRule subsets are not used (DEF-1).`);
    }
    if (client.proxy === 'sidecar' && enrollment.waypoint) {
      // istio:pilot/pkg/xds/endpoints/endpoint_builder.go:885-888 "Currently only ingress and e/w gateway will call waypoints".
      notes.push(`Service ${svcId} is enrolled in ${enrollment.waypoint.id}, but a sidecar does not send through waypoints: the request goes to the pods directly, and their proxies see the caller's identity.`);
    }
    return this.toDestinations(caller, client, outcome, port, protocol, [], this.request.jwt);
  }

  /** Notes the routing objects that would apply to a Service but are not used on this path. */
  private noteIgnoredRoutes(service: any, serviceHost: string, why: string): void {
    const { mesh, notes } = this;
    const name = service.metadata?.name;
    const routes = mesh.all(GWAPI, 'HTTPRoute').filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => p?.kind === 'Service' && (p?.group ?? '') === '' && p?.name === name && (p?.namespace ?? nsOf(r)) === nsOf(service)));
    const vss = mesh.all(NET, 'VirtualService').filter((v) => (v.spec?.hosts ?? []).some((h: string) => resolveHost(h, nsOf(v)) === serviceHost));
    const ignored = [...routes.map((r) => `HTTPRoute ${nsOf(r)}/${r.metadata?.name}`), ...vss.map((v) => `VirtualService ${nsOf(v)}/${v.metadata?.name}`)];
    if (ignored.length) notes.push(`${ignored.join(', ')} ${ignored.length > 1 ? 'do' : 'does'} not apply: ${why}.`);
  }

  /**
   * A request addressed to a Service enrolled in a waypoint, from a client that sends it there
   * (an ambient pod's ztunnel, or an ingress gateway opted in): the waypoint authenticates and
   * authorizes it with the client's identity, then routes it; the waypoint is the next client.
   * `req` is the request as the client passes it on (a gateway's rewrite and header changes).
   */
  private atWaypoint(client: Client, waypoint: SimWaypoint, service: any, port: number, protocol: PortProtocol, jwt: SimulatedJwt | undefined,
    req: { path: string; headers: Record<string, string> }): WaypointLeg {
    const { mesh, notes } = this;
    const next: Client = { proxy: 'waypoint', namespace: waypoint.namespace, principal: waypoint.principal, labels: waypoint.workload.labels };
    const point = waypointPoint(waypoint, service, port, protocol);
    if (protocol === 'http' && this.invalid) return { checks: [], next, denied: { response: 400, reason: `The waypoint ${waypoint.id} answers 400: ${this.invalid}.` } };
    const auth = authenticate(mesh, point, jwt);
    if (auth.reason && !auth.response) notes.push(`${auth.reason}.`);
    const principal = client.proxy === 'none' ? undefined : client.principal;
    if (auth.response) {
      const check: SimulatedEnforcement = { at: point.at, kind: point.kind, layer: point.layer, port, principal, allowed: false, policy: auth.policies!, response: auth.response, matched: [], reason: `${auth.reason}.` };
      return { checks: [check], next, denied: { response: auth.response, reason: check.reason, check } };
    }
    const check = authorize(mesh, point, { principal, host: this.authority, method: this.method, path: req.path, headers: req.headers, jwt: auth.jwt }, notes);
    if (!check.allowed) return { checks: [check], next, denied: { response: 403, reason: check.reason, check } };
    const svcId = `${nsOf(service)}/${service.metadata?.name}`;
    const serviceHost = `${service.metadata?.name}.${nsOf(service)}.svc.cluster.local`;
    const view = { ...this.routedRequest(port), path: req.path, headers: req.headers };
    const outcome = (protocol === 'http' ? routeWaypointByHttpRoute(mesh, waypoint.namespace, service, port, view, notes) : undefined) ?? {
      targets: [{ host: serviceHost, port, weight: 100, split: true }],
      retries: protocol === 'http' ? DEFAULT_RETRIES : undefined,
      description: `No HTTPRoute attaches to Service ${svcId}: its waypoint ${waypoint.id} sends the requests to the Service itself, spread evenly over its endpoints (pods).`,
    };
    const onWaypoint = mesh.all(GWAPI, 'HTTPRoute').filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => (p?.kind ?? 'Gateway') === 'Gateway'
      && (p?.group ?? GWAPI) === GWAPI && p?.name === waypoint.name && (p?.namespace ?? nsOf(r)) === waypoint.namespace));
    if (onWaypoint.length) notes.push(`${onWaypoint.map((r) => `HTTPRoute ${nsOf(r)}/${r.metadata?.name}`).join(', ')} attach${onWaypoint.length > 1 ? '' : 'es'} to ${waypoint.id} itself, which the simulator does not simulate: only routes attached to the Service are applied.`);
    if (!outcome.object) {
      const vss = mesh.all(NET, 'VirtualService').filter((v) => [nsOf(service), waypoint.namespace].includes(nsOf(v))
        && (v.spec?.hosts ?? []).some((h: string) => resolveHost(h, nsOf(v)) === serviceHost));
      if (vss.length) notes.push(`${vss.map((v) => `VirtualService ${nsOf(v)}/${v.metadata?.name}`).join(', ')} would route at ${waypoint.id} (Alpha in ambient mode); the simulator does not simulate VirtualServices at waypoints and takes the default route.`);
    }
    let nextJwt = jwt;
    if (auth.jwt && !auth.forward) nextJwt = undefined;
    return { checks: [check], next, outcome, jwt: nextJwt };
  }

  /** A request from an ambient pod to a Service enrolled in a waypoint: the waypoint, then the destinations' ztunnels (or sidecars). */
  private viaWaypoint(caller: SimulatedCaller, client: Client, waypoint: SimWaypoint, via: string, service: any, port: number, protocol: PortProtocol): SimulationResult {
    this.notes.push(`Service ${nsOf(service)}/${service.metadata?.name} is enrolled in ${waypoint.id} (istio.io/use-waypoint on ${via}): the caller's ztunnel sends the requests to it.`);
    const leg = this.atWaypoint(client, waypoint, service, port, protocol, this.request.jwt, { path: this.path.path, headers: this.headers });
    if (leg.denied) {
      const route: SimulatedRoute = { destinations: [], description: `The waypoint ${waypoint.id} refuses the request before routing.` };
      return this.finish(caller, route, leg.checks, { allowed: false, response: leg.denied.response, reason: leg.denied.reason, deciding: leg.denied.check });
    }
    return this.toDestinations(caller, leg.next, leg.outcome!, port, protocol, leg.checks, leg.jwt);
  }

  /** The public route of an outcome. */
  private routeOf(outcome: RouteOutcome, destinations: SimulatedDestination[]): SimulatedRoute {
    return {
      object: outcome.object, rule: outcome.rule, match: outcome.match, destinations,
      fault: outcome.fault, timeout: outcome.timeout, retries: outcome.retries, mirror: outcome.mirror,
      rewrite: outcome.rewrite, redirect: outcome.redirect, description: outcome.description.charAt(0).toUpperCase() + outcome.description.slice(1),
    };
  }

  /** Resolves the route's targets to Services, subsets and workloads (VS-7, HR-6, DEF-1). */
  private resolve(outcome: RouteOutcome, client: Client, listenerPort: number): Destination[] {
    const { mesh } = this;
    const total = outcome.targets.reduce((s, t) => s + t.weight, 0);
    return outcome.targets.flatMap((t): Destination[] => {
      const weight = round((100 * t.weight) / total);
      const base = { host: t.host, subset: t.subset, weight, workloads: [] as SimWorkload[] };
      if (t.status) return [{ ...base, port: t.port, response: t.status, reason: `${t.statusReason}: ${t.status}` }];
      const svc = mesh.service(t.host);
      if (!svc) return [{ ...base, port: t.port, response: 503, reason: `no Service ${t.host} in the manifests: 503 (no cluster)` }];
      const ports: any[] = svc.spec?.ports ?? [];
      const port = t.port ?? (ports.length === 1 ? Number(ports[0].port) : listenerPort);
      const portSpec = ports.find((p) => Number(p?.port) === port);
      if (!portSpec) return [{ ...base, port, response: 503, reason: `Service ${nsOf(svc)}/${svc.metadata?.name} has no port ${port}: 503` }];
      let workloads = [...mesh.serviceWorkloads(svc)];
      let subsetVersion: string | undefined;
      if (t.subset) {
        const { dr, subset } = subsetFor(mesh, client, t.host, t.subset);
        if (!subset) {
          return [{ ...base, port, response: 503, reason: `subset ${t.subset} is defined by no DestinationRule of ${t.host}${dr ? ` (${nsOf(dr)}/${dr.metadata?.name} has ${(dr.spec?.subsets ?? []).map((s: any) => s?.name).join(', ') || 'none'})` : ''}: 503 (VS-7)` }];
        }
        workloads = workloads.filter((w) => Object.entries(subset.labels ?? {}).every(([k, v]) => w.labels[k] === v));
        subsetVersion = subset.labels?.version;
      }
      const selectorVersion = svc.spec?.selector?.version;
      if (!workloads.length) {
        return [{ ...base, port, version: subsetVersion ?? selectorVersion, portSpec, response: 503, reason: `no pod of the manifests backs ${t.host}${t.subset ? ` subset ${t.subset}` : ''}: 503 (no healthy upstream)` }];
      }
      if (t.split) {
        // Default route: every endpoint alike, so each version's share is its share of the pods (DEF-2).
        const pods = workloads.reduce((s, w) => s + w.replicas, 0) || 1;
        const groups = new Map<string, SimWorkload[]>();
        for (const w of workloads) {
          const key = w.labels.version ?? w.labels['app.kubernetes.io/version'] ?? w.id;
          groups.set(key, [...(groups.get(key) ?? []), w]);
        }
        return [...groups.values()].map((ws) => ({
          ...base, port, portSpec, workloads: ws, version: versionOf(ws),
          weight: round((weight * ws.reduce((s, w) => s + w.replicas, 0)) / pods),
        }));
      }
      return [{ ...base, port, portSpec, workloads, version: versionOf(workloads) ?? subsetVersion ?? selectorVersion }];
    });
  }

  /** The hop to one destination workload: connection, then each enforcement point. */
  private hop(client: Client, d: Destination, w: SimWorkload, protocol: PortProtocol, outcome: RouteOutcome, jwt: SimulatedJwt | undefined): Hop {
    const { mesh, notes } = this;
    const targetPort = targetPortOf(d.portSpec, w, notes);
    const conn = connect(mesh, { client, server: w, host: d.host, servicePort: d.port!, targetPort, subset: d.subset });
    const { reason: connReason, ...mtls } = conn;
    if (conn.outcome !== 'ok') {
      return { workload: w, mtls, checks: [], allowed: false, response: conn.outcome === '503' ? 503 : conn.outcome, reason: connReason ?? conn.outcome };
    }
    const points = enforcementPoints(w, targetPort, protocol);
    if (!points.length) return { workload: w, mtls, checks: [], allowed: true, reason: `${w.id} has no sidecar: nothing enforces AuthorizationPolicies there.` };
    const checks: SimulatedEnforcement[] = [];
    for (const point of points) {
      if (point.kind === 'ztunnel') {
        // An Envoy in front (waypoint, gateway, sidecar) answers 503 when ztunnel refuses its HBONE connection; a ztunnel resets the caller's.
        const refusal = client.proxy === 'ztunnel' || client.proxy === 'none' ? 'connection reset' : 503;
        const check = ztunnelAuthorize(mesh, point, conn.principal, refusal, notes);
        checks.push(check);
        if (!check.allowed) return { workload: w, mtls, checks, allowed: false, response: check.response, reason: check.reason };
        continue;
      }
      if (this.invalid) return { workload: w, mtls, checks, allowed: false, response: 400, reason: `The sidecar of ${w.id} answers 400: ${this.invalid}.` };
      const auth = authenticate(mesh, point, jwt);
      if (auth.reason && !auth.response) notes.push(`${auth.reason}.`);
      if (auth.response) {
        const check: SimulatedEnforcement = { at: point.at, kind: point.kind, layer: point.layer, port: point.port, principal: conn.principal, allowed: false, policy: auth.policies!, response: auth.response, matched: [], reason: `${auth.reason}.` };
        checks.push(check);
        return { workload: w, mtls, checks, allowed: false, response: auth.response, reason: check.reason };
      }
      const attrs: RequestAttributes = {
        principal: conn.principal,
        host: this.authority,
        method: this.method,
        path: outcome.rewrite ? normalizePath(outcome.rewrite).path : this.path.path,
        headers: applyHeaderOps(this.headers, outcome.headers),
        jwt: auth.jwt,
        sni: conn.transport === 'mTLS' ? `outbound_.${d.port}_.${d.subset ?? ''}_.${d.host}` : undefined,
      };
      const check = authorize(mesh, point, attrs, notes);
      checks.push(check);
      if (!check.allowed) return { workload: w, mtls, checks, allowed: false, response: check.response, reason: check.reason };
    }
    return { workload: w, mtls, checks, allowed: true, reason: checks[checks.length - 1].reason };
  }

  /**
   * The legs of the resolved destinations: each goes from the client, except, for a gateway, the
   * Services that send their ingress traffic through their waypoint (`istio.io/ingress-use-waypoint`),
   * whose requests the waypoint authorizes and routes again (their shares multiply).
   */
  private legs(destinations: Destination[], client: Client, outcome: RouteOutcome, jwt: SimulatedJwt | undefined): Leg[] {
    const { mesh, notes } = this;
    return destinations.flatMap((d): Leg[] => {
      const direct = [{ d, client, outcome, jwt, checks: [] }];
      if (client.proxy !== 'gateway' || d.response !== undefined) return direct;
      const service = mesh.service(d.host);
      const { waypoint } = mesh.serviceWaypoint(service);
      const svcId = `${nsOf(service)}/${service.metadata?.name}`;
      if (!waypoint) return direct;
      // istio:pilot/pkg/xds/endpoints/endpoint_builder.go:904-907 "They need to explicitly opt-in on the service to send from ingress -> waypoint".
      if (!mesh.ingressUsesWaypoint(service)) {
        notes.push(`Service ${svcId} is enrolled in ${waypoint.id}, but without istio.io/ingress-use-waypoint: "true" the gateway sends to its pods directly: their ztunnel sees the gateway's identity.`);
        return direct;
      }
      notes.push(`Service ${svcId} has istio.io/ingress-use-waypoint: "true": the gateway sends its requests through ${waypoint.id}.`);
      const path = outcome.rewrite ? normalizePath(outcome.rewrite).path : this.path.path;
      const leg = this.atWaypoint(client, waypoint, service, d.port!, portProtocol(d.portSpec), jwt, { path, headers: applyHeaderOps(this.headers, outcome.headers) });
      if (leg.denied) return [{ d: { ...d, response: leg.denied.response, reason: leg.denied.reason }, client, outcome, jwt, checks: leg.checks }];
      notes.push(`At ${waypoint.id}: ${leg.outcome!.description}`);
      return this.resolve(leg.outcome!, leg.next, d.port!).map((sub) => ({
        d: { ...sub, weight: round((sub.weight * d.weight) / 100) }, client: leg.next, outcome: leg.outcome!, jwt: leg.jwt, checks: leg.checks,
      }));
    });
  }

  /** From the route to the destinations' workloads, and the result. */
  private toDestinations(caller: SimulatedCaller, client: Client, outcome: RouteOutcome, listenerPort: number, protocol: PortProtocol,
    gatewayChecks: SimulatedEnforcement[], jwt: SimulatedJwt | undefined): SimulationResult {
    const { notes } = this;
    if (outcome.response !== undefined) {
      return this.finish(caller, this.routeOf(outcome, []), gatewayChecks, { allowed: false, response: outcome.response, reason: outcome.description });
    }
    const fault = outcome.fault;
    if (fault) {
      if (outcome.retries && !outcome.retries.isDefault) notes.push('The route injects faults: its retries and timeout do not take effect (VS-8).');
      if (fault.delay?.percentage) notes.push(`${fault.delay.percentage}% of the requests are delayed by ${fault.delay.fixedDelay} at the caller's proxy (VS-8).`);
      if (fault.abort && fault.abort.percentage > 0 && fault.abort.percentage < 100) notes.push(`${fault.abort.percentage}% of the requests are aborted with ${fault.abort.httpStatus} at the caller's proxy, before any policy (VS-8).`);
      if ((fault.delay && !fault.delay.percentage) || (fault.abort && !fault.abort.percentage)) notes.push('A fault without a percentage injects nothing (VS-8).');
    }
    const legs = this.legs(this.resolve(outcome, client, listenerPort), client, outcome, jwt);
    // One hop per destination workload and sender; a workload reached by several destinations is simulated once.
    const hops = new Map<string, Hop>();
    const results = legs.map((leg) => {
      const { d } = leg;
      if (d.response !== undefined) return { ...leg, hops: [] as Hop[] };
      const list = d.workloads.map((w) => {
        const key = `${leg.client.proxy}|${w.id}|${d.host}|${d.port}|${d.subset ?? ''}`;
        let h = hops.get(key);
        if (!h) {
          h = this.hop(leg.client, d, w, protocol, leg.outcome, leg.jwt);
          hops.set(key, h);
        }
        return h;
      });
      return { ...leg, hops: list };
    });
    const publicDestinations: SimulatedDestination[] = results.map(({ d, hops: hs }) => {
      const failed = hs.find((h) => !h.allowed);
      return {
        host: d.host, subset: d.subset, version: d.version, port: d.port, weight: d.weight, workloads: d.workloads.map((w) => w.id),
        allowed: d.response === undefined && !failed,
        response: d.response ?? failed?.response,
      };
    });
    const route = this.routeOf(outcome, publicDestinations);
    const legChecks = [...new Set(results.flatMap((r) => r.checks))];
    const checks = [...gatewayChecks, ...legChecks, ...[...hops.values()].flatMap((h) => h.checks)];
    const firstHop = results.find((r) => r.hops.length)?.hops[0];
    const mtls = firstHop?.mtls;
    if (fault?.abort && fault.abort.percentage >= 100) {
      return this.finish(caller, route, gatewayChecks, { allowed: false, response: fault.abort.httpStatus, reason: `Fault injection aborts every request with ${fault.abort.httpStatus} at the caller's proxy, before any policy (VS-8).` }, mtls);
    }
    const failing = results.filter((r) => r.d.weight > 0 && (r.d.response !== undefined || r.hops.some((h) => !h.allowed)));
    if (failing.length) {
      const r = failing[0];
      const h = r.hops.find((x) => !x.allowed);
      const share = failing.reduce((s, x) => s + x.d.weight, 0);
      const what = `${r.d.host}${r.d.subset ? ` subset ${r.d.subset}` : ''}${r.d.version ? ` (version ${r.d.version})` : ''}`;
      const why = h ? h.reason : `${what}: ${r.d.reason}.`;
      const deciding = h?.checks.find((c) => !c.allowed) ?? r.checks.find((c) => !c.allowed);
      const partial = failing.length < results.length ? `Fails for ${round(share)}% of the requests (${what}): ` : '';
      return this.finish(caller, route, checks, { allowed: false, response: h ? h.response : r.d.response, reason: `${partial}${why}`, deciding }, h?.mtls ?? mtls);
    }
    const primary = results[0]?.hops[0];
    const deciding = primary?.checks[primary.checks.length - 1] ?? [...gatewayChecks, ...legChecks][gatewayChecks.length + legChecks.length - 1];
    const reason = primary ? (deciding && primary.checks.length ? deciding.reason : primary.reason) : 'The request reaches its destination.';
    return this.finish(caller, route, checks, { allowed: true, reason, deciding }, mtls);
  }

  private finish(caller: SimulatedCaller, route: SimulatedRoute, enforcement: SimulatedEnforcement[],
    decision: { allowed: boolean; response?: number | string; reason: string; deciding?: SimulatedEnforcement }, mtls?: SimulatedMtls): SimulationResult {
    const d = decision.deciding;
    const decides = d && d.policy !== 'no policy';
    return {
      request: { from: this.request.from, host: this.target.host, port: this.target.port ?? this.port ?? 80, path: this.rawPath, method: this.method },
      caller,
      route,
      allowed: decision.allowed,
      policy: decides ? d.policy : 'no policy',
      rule: decides ? d.rule : undefined,
      action: decides ? d.action : undefined,
      enforcedAt: d?.at,
      response: decision.allowed ? undefined : decision.response,
      reason: decision.reason,
      mtls: mtls ?? { mode: 'NONE', source: 'the request reaches no destination workload', callerMtls: false, transport: caller.proxy === 'none' ? 'plaintext' : 'mTLS',
        clientTls: caller.proxy === 'none' ? 'no client proxy' : caller.proxy === 'ztunnel' ? "HBONE from the caller's ztunnel" : 'auto mTLS', outcome: 'not reached' },
      enforcement,
      notes: [...new Set(this.notes)],
    };
  }
}
