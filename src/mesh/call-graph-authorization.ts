import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as security from '../../imports/security.istio.io';
import { AuthorizationPolicy } from './authorization-policy';
import { IstioGateway } from './istio-gateway';
import { MeshService } from './mesh-service';
import { DataplaneMode } from './mesh-namespace';
import { MtlsMode, PeerAuthentication } from './peer-authentication';
import { PolicyTarget } from './policy-target';
import { Waypoint } from './waypoint';
import { MeshChecks } from '../checks/mesh-checks';
import { fqdn } from '../private/hosts';
import { checkEnum, checkShape, DNS_LABEL, fail, oneOf, resolveNamespace } from '../private/validation';

/** Props of {@link CallGraphAuthorization}. */
export interface CallGraphAuthorizationProps {
  /**
   * The namespace whose workloads are protected.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
   */
  readonly namespace?: string;
  /** The workloads of that namespace; each one somebody calls gets an ALLOW policy. */
  readonly services: MeshService[];
  /**
   * Ingress gateways; each calls the services its routes lead to.
   * @default - none
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-ingress/
   */
  readonly gateways?: IstioGateway[];
  /**
   * Mutual TLS mode of the namespace. PERMISSIVE accepts plain text too, for migration (callers
   * without a sidecar have no principal, so the derived policies still deny them).
   * @default MtlsMode.STRICT
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * How the namespace's pods are in the mesh: with a sidecar, each workload's Envoy enforces its
   * ALLOW policy; in ambient mode ztunnel enforces them at L4 (principals and ports only), and a
   * waypoint (`waypoint`) enforces what it sees of the callers.
   * @default DataplaneMode.SIDECAR
   * @see https://istio.io/latest/docs/ambient/usage/l4-policy/
   */
  readonly dataplaneMode?: DataplaneMode;
  /**
   * The waypoint the namespace's Services are enrolled in (ambient mode). Calls then reach a
   * workload through the waypoint, so ztunnel sees the waypoint's identity: each called workload
   * gets an L4 ALLOW for the waypoint (and the ingress gateways that route to it), and the
   * waypoint an ALLOW by the callers' principals, attached to the Service with `targetRefs`.
   * @default - no waypoint: ztunnel allows the callers' principals itself
   * @see https://istio.io/latest/docs/ambient/usage/l4-policy/#considerations
   */
  readonly waypoint?: Waypoint;
  /**
   * Add a namespace-wide `allow-nothing` policy, so only the derived calls are allowed.
   * @default true
   * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
   */
  readonly denyByDefault?: boolean;
}

/**
 * Zero trust from the call graph: the calls workloads declare (`MeshService.addCall()`) and the
 * routes of ingress gateways become one ALLOW AuthorizationPolicy per called workload, by the
 * callers' service-account principals and the workload's port, under namespace-wide mTLS and
 * deny-by-default. A workload nobody calls gets no ALLOW policy.
 *
 * The policies follow the call graph as it is at synthesis: calls and routes declared after this
 * construct count, and the output does not depend on the order of construction.
 * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
 */
export class CallGraphAuthorization extends Construct {
  /** The protected namespace. */
  public readonly namespace: string;
  /** The namespace's PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The deny-by-default policy, unless turned off. */
  public readonly allowNothing?: AuthorizationPolicy;
  /** How the namespace's pods are in the mesh. */
  public readonly dataplaneMode: DataplaneMode;
  /** The waypoint calls go through (ambient mode), if any. */
  public readonly waypoint?: Waypoint;

  private readonly services: readonly MeshService[];
  private readonly gateways: readonly IstioGateway[];
  // One scope per service, made in the order of `services`, so that an ALLOW policy made when
  // the first call to its service is declared lands in the same place whenever that happens.
  private readonly slots = new Map<MeshService, { readonly scope: Construct; workload: boolean; waypoint: boolean }>();

  constructor(scope: Construct, id: string, props: CallGraphAuthorizationProps) {
    super(scope, id);
    props = checkShape(this, 'CallGraphAuthorizationProps', props, {
      namespace: ['string', DNS_LABEL], services: ['objects', 'a non-empty list of MeshServices'], gateways: ['objects', 'a list of IstioGateways'],
      mtlsMode: ['string', oneOf(MtlsMode)], denyByDefault: ['boolean', 'true or false'], dataplaneMode: ['string', oneOf(DataplaneMode)], waypoint: [Waypoint, 'a Waypoint'],
    });
    this.namespace = resolveNamespace(this, props?.namespace);
    if (!Array.isArray(props.services) || props.services.length === 0) fail(this, 'services', props.services, 'a non-empty list of MeshServices');
    for (const service of props.services) {
      if (!(service instanceof MeshService)) fail(this, 'services', service, 'MeshServices');
      if (service.namespace !== this.namespace) fail(this, 'services', service.callerName, `services of namespace ${this.namespace}`);
    }
    if (props.gateways !== undefined && !Array.isArray(props.gateways)) fail(this, 'gateways', props.gateways, 'a list of IstioGateways');
    for (const gateway of props.gateways ?? []) {
      if (!(gateway instanceof IstioGateway)) fail(this, 'gateways', gateway, 'IstioGateways');
    }
    this.services = [...props.services];
    this.gateways = [...(props.gateways ?? [])];

    this.dataplaneMode = checkEnum(this, 'dataplaneMode', props.dataplaneMode ?? DataplaneMode.SIDECAR, DataplaneMode);
    if (this.dataplaneMode === DataplaneMode.NONE) fail(this, 'dataplaneMode', this.dataplaneMode, 'SIDECAR or AMBIENT (a namespace out of the mesh has no proxy to enforce policies, and its callers no identity)');
    if (props.waypoint !== undefined) {
      if (!(props.waypoint instanceof Waypoint)) fail(this, 'waypoint', props.waypoint, 'a Waypoint');
      if (this.dataplaneMode !== DataplaneMode.AMBIENT) fail(this, 'waypoint', props.waypoint.node.path, 'left out unless dataplaneMode is AMBIENT (sidecars enforce L7 policies themselves)');
      if (props.waypoint.namespace !== this.namespace) fail(this, 'waypoint', props.waypoint.node.path, `a waypoint of namespace ${this.namespace}`);
      this.waypoint = props.waypoint;
    }
    const mtlsMode = checkEnum(this, 'mtlsMode', props.mtlsMode ?? MtlsMode.STRICT, MtlsMode);
    if (mtlsMode === MtlsMode.DISABLE) {
      fail(this, 'mtlsMode', mtlsMode, 'STRICT or PERMISSIVE (plain-text callers have no principal, so with DISABLE every derived policy would deny)');
    }
    this.peerAuthentication = new PeerAuthentication(this, 'PeerAuthentication', { namespace: this.namespace, mode: mtlsMode });

    // Gateway pods in this namespace (Gateway API: Istio deploys them beside the Gateway) take
    // requests from outside the mesh, which have no principal: allow their listener ports, or
    // allow-nothing would shut the ingress.
    for (const gateway of this.gateways) {
      if (gateway.workloadNamespace !== this.namespace) continue;
      new AuthorizationPolicy(this, `Allow-ingress-${gateway.name}`, {
        name: `allow-ingress-${gateway.name}`,
        namespace: this.namespace,
        ...gateway.policyAttachment,
        rules: [{ ports: gateway.ports }],
      });
    }

    for (const service of this.services) {
      this.slots.set(service, { scope: new Construct(this, `Allow-${service.name}`), workload: false, waypoint: false });
      service._observeCallers(() => this.ensureAllow(service));
      if (service.callers.length) this.ensureAllow(service);
    }
    for (const gateway of this.gateways) {
      gateway._observeRoutes(() => this.ensureGatewayAllows(gateway));
      this.ensureGatewayAllows(gateway);
    }

    if (props.denyByDefault ?? true) {
      this.allowNothing = AuthorizationPolicy.allowNothing(this, 'AllowNothing', { namespace: this.namespace });
      // Deny by default denies the calls to a workload left out of `services` too.
      this.node.addValidation({ validate: () => this.leftOut() });
    }
    MeshChecks.of(this);
  }

  /** The principals allowed to call a service, sorted; empty when nobody calls it. */
  public allowedPrincipals(service: MeshService): string[] {
    const gateways = this.gateways.filter((g) => this.routedServices(g).includes(service));
    return [...new Set([...service.callers, ...gateways].map((c) => c.principal))].sort();
  }

  /**
   * The principals ztunnel lets reach a workload (ambient mode with a waypoint): the waypoint's,
   * which mesh callers come through, and the ingress gateways', which call the workload directly.
   */
  private ztunnelPrincipals(service: MeshService): string[] {
    if (!this.waypoint) return this.allowedPrincipals(service);
    const gateways = this.gateways.filter((g) => this.routedServices(g).includes(service));
    const callers = service.callers.length ? [this.waypoint] : [];
    return [...new Set([...callers, ...gateways].map((c) => c.principal))].sort();
  }

  /** Workloads of the namespace that something calls but `services` leaves out: deny-by-default denies those calls. */
  private leftOut(): string[] {
    const listed = new Set(this.services);
    const routed = new Set(this.gateways.flatMap((g) => g.routes.flatMap((r) => r.destinations.map((d) => fqdn(d.host!, g.namespace)))));
    return MeshService._inNamespace(this, this.namespace)
      .filter((s) => !listed.has(s) && (s.callers.length > 0 || routed.has(s.fqdn)))
      .map((s) => {
        const callers = [...s.callers.map((c) => c.callerName), ...this.gateways.filter((g) => g.routes.some((r) => r.destinations.some((d) => fqdn(d.host!, g.namespace) === s.fqdn))).map((g) => g.callerName)];
        return `services must list every called workload of namespace ${this.namespace}: ${s.callerName} is called by ${callers.join(', ')} but left out, so allow-nothing denies those calls; add it to services`;
      });
  }

  /** The services of this namespace that a gateway's routes lead to, as they are now. */
  private routedServices(gateway: IstioGateway): MeshService[] {
    const hosts = new Set(gateway.routes.flatMap((r) => r.destinations.map((d) => fqdn(d.host!, gateway.namespace))));
    return this.services.filter((s) => hosts.has(s.fqdn));
  }

  private ensureGatewayAllows(gateway: IstioGateway): void {
    this.routedServices(gateway).forEach((s) => this.ensureAllow(s));
  }

  private ensureAllow(service: MeshService): void {
    const slot = this.slots.get(service)!;
    if (!slot.workload) {
      slot.workload = true;
      this.workloadAllow(slot.scope, service);
    }
    // The waypoint carries the mesh callers' calls; gateways call the workload directly.
    if (this.waypoint && !slot.waypoint && service.callers.length) {
      slot.waypoint = true;
      this.waypointAllow(slot.scope, service);
    }
  }

  private workloadAllow(scope: Construct, service: MeshService): void {
    // The workload's own ALLOW, by selector: its sidecar enforces it, or in ambient mode ztunnel
    // (at L4: principals and ports only).
    new security.AuthorizationPolicy(scope, 'Resource', {
      metadata: { name: `allow-${service.name}`, namespace: this.namespace },
      spec: Lazy.any({
        produce: (): security.AuthorizationPolicySpec => ({
          selector: { matchLabels: service.selectorLabels },
          action: security.AuthorizationPolicySpecAction.ALLOW,
          rules: [{ from: [{ source: { principals: this.ztunnelPrincipals(service) } }], to: [{ operation: { ports: [String(service.targetPort)] } }] }],
        }),
      }),
    });
  }

  private waypointAllow(scope: Construct, service: MeshService): void {
    // The waypoint sees the callers' own identities: it allows them, attached to the Service with
    // targetRefs (waypoints ignore selectors).
    new security.AuthorizationPolicy(scope, 'Waypoint', {
      metadata: { name: `allow-${service.name}-waypoint`, namespace: this.namespace },
      spec: Lazy.any({
        produce: (): security.AuthorizationPolicySpec => ({
          targetRefs: [PolicyTarget.service(service.name)._toKube()],
          action: security.AuthorizationPolicySpecAction.ALLOW,
          rules: [{ from: [{ source: { principals: [...new Set(service.callers.map((c) => c.principal))].sort() } }] }],
        }),
      }),
    });
  }
}
