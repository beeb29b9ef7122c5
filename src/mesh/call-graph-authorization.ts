import { Construct } from 'constructs';
import { AuthorizationPolicy } from './authorization-policy';
import { IstioGateway } from './istio-gateway';
import { MeshService } from './mesh-service';
import { MtlsMode, PeerAuthentication } from './peer-authentication';
import { fqdn } from '../private/app-index';
import { fail, resolveNamespace } from '../private/validation';

/** Props of {@link CallGraphAuthorization}. */
export interface CallGraphAuthorizationProps {
  /**
   * The namespace whose workloads are protected.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** The workloads of that namespace; each one somebody calls gets an ALLOW policy. */
  readonly services: MeshService[];
  /**
   * Ingress gateways; each calls the services its routes lead to.
   * @default - none
   */
  readonly gateways?: IstioGateway[];
  /**
   * Mutual TLS mode of the namespace. PERMISSIVE accepts plain text too, for migration (callers
   * without a sidecar have no principal, so the derived policies still deny them).
   * @default MtlsMode.STRICT
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Add a namespace-wide `allow-nothing` policy, so only the derived calls are allowed.
   * @default true
   */
  readonly denyByDefault?: boolean;
}

/**
 * Zero trust from the call graph: the calls workloads declare (`MeshService.addCall()`) and the
 * routes of ingress gateways become one ALLOW AuthorizationPolicy per called workload, by the
 * callers' service-account principals and the workload's port, under namespace-wide mTLS and
 * deny-by-default. A workload nobody calls gets no ALLOW policy.
 * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
 */
export class CallGraphAuthorization extends Construct {
  /** The protected namespace. */
  public readonly namespace: string;
  /** The namespace's PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The deny-by-default policy, unless turned off. */
  public readonly allowNothing?: AuthorizationPolicy;

  private readonly allows = new Map<MeshService, { policy: AuthorizationPolicy; principals: string[] }>();

  constructor(scope: Construct, id: string, props: CallGraphAuthorizationProps) {
    super(scope, id);
    this.namespace = resolveNamespace(this, props.namespace);
    if (!Array.isArray(props.services) || props.services.length === 0) fail(this, 'services', props.services, 'a non-empty list of MeshServices');
    for (const service of props.services) {
      if (!(service instanceof MeshService)) fail(this, 'services', service, 'MeshServices');
      if (service.namespace !== this.namespace) fail(this, 'services', service.callerName, `services of namespace ${this.namespace}`);
    }

    const mtlsMode = props.mtlsMode ?? MtlsMode.STRICT;
    if (mtlsMode === MtlsMode.DISABLE) {
      fail(this, 'mtlsMode', mtlsMode, 'STRICT or PERMISSIVE (plain-text callers have no principal, so with DISABLE every derived policy would deny)');
    }

    // Ingress gateways call whatever their routes lead to.
    for (const gateway of props.gateways ?? []) {
      gateway._freezeRoutes(this.node.path);
      for (const rule of gateway.routes) {
        for (const d of rule.destinations) {
          const target = props.services.find((s) => fqdn(s.host, s.namespace) === fqdn(d.host!, gateway.namespace));
          target?._addCaller(gateway, this);
        }
      }
    }

    this.peerAuthentication = new PeerAuthentication(this, 'PeerAuthentication', { namespace: this.namespace, mode: mtlsMode });
    // Gateway pods in this namespace (Gateway API: Istio deploys them beside the Gateway) take
    // requests from outside the mesh, which have no principal: allow their listener ports, or
    // allow-nothing would shut the ingress.
    for (const gateway of props.gateways ?? []) {
      if (gateway.workloadNamespace !== this.namespace) continue;
      new AuthorizationPolicy(this, `Allow-ingress-${gateway.name}`, {
        name: `allow-ingress-${gateway.name}`,
        namespace: this.namespace,
        selector: gateway.workloadSelector,
        rules: [{ ports: gateway.ports }],
      });
    }
    for (const service of props.services) {
      service._freezeCallers(this.node.path);
      const principals = service.callers.map((c) => c.principal).sort();
      if (principals.length === 0) continue;
      const policy = new AuthorizationPolicy(this, `Allow-${service.name}`, {
        name: `allow-${service.name}`,
        namespace: this.namespace,
        selector: service.selectorLabels,
        rules: [{ principals, ports: [service.targetPort] }],
      });
      this.allows.set(service, { policy, principals });
    }
    if (props.denyByDefault ?? true) {
      this.allowNothing = AuthorizationPolicy.allowNothing(this, 'AllowNothing', { namespace: this.namespace });
    }
  }

  /** The principals allowed to call a service; empty when nobody calls it. */
  public allowedPrincipals(service: MeshService): string[] {
    return [...(this.allows.get(service)?.principals ?? [])];
  }
}
