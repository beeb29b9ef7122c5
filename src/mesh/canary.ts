import { Construct } from 'constructs';
import { MeshDestinationRule } from './mesh-destination-rule';
import { MeshService } from './mesh-service';
import { HttpRouteRule, StringMatch, TrafficApi } from './routing';
import { ServiceRoutes } from './service-routes';
import { MeshChecks } from '../checks/mesh-checks';
import { checkDnsLabel, checkEnum, checkInt, checkShape, DNS_LABEL, fail, oneOf } from '../private/validation';
import { checkHeaderMatch } from '../private/routes';

/** A request header that pins requests to the canary (Istio's `end-user: jason`). */
export interface CanaryHeader {
  /** Lowercase header name. */
  readonly name: string;
  /** How the value is matched. */
  readonly value: StringMatch;
}

/** Props of {@link Canary}. */
export interface CanaryProps {
  /** The multi-version service. */
  readonly service: MeshService;
  /** The version that takes the rest of the traffic. */
  readonly stableVersion: string;
  /** The version under test. */
  readonly canaryVersion: string;
  /**
   * Share of the traffic the canary takes, an integer percentage from 0 to 100. 0 and 100 route
   * everything to one version.
   * @default 0
   * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
   */
  readonly canaryWeight?: number;
  /**
   * Requests with this header always go to the canary.
   * @default - none
   * @see https://istio.io/latest/docs/tasks/traffic-management/request-routing/
   */
  readonly canaryHeader?: CanaryHeader;
  /**
   * Which API to emit: DestinationRule subsets and a VirtualService, or per-version Services
   * and a GAMMA HTTPRoute.
   * @default TrafficApi.ISTIO
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  readonly api?: TrafficApi;
  /**
   * The DestinationRule that defines the version subsets (Istio API). Pass the app's own so the
   * host has one DestinationRule.
   * @default - a new one with a subset per version of the service
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
   */
  readonly destinationRule?: MeshDestinationRule;
}

/**
 * A canary for any multi-version service: a weighted split between a stable and a canary
 * version, optionally pinning requests with a header to the canary.
 *
 * The versions may be added to the service before or after the canary is made; at synthesis the
 * mesh checks report a version that never was (IST0101 for a missing subset, CI0201 for a
 * per-version Service that selects no pods).
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
 */
export class Canary extends Construct {
  /** The service under canary. */
  public readonly service: MeshService;
  /** The stable version. */
  public readonly stableVersion: string;
  /** The canary version. */
  public readonly canaryVersion: string;
  /** Share of the traffic the canary takes. */
  public readonly canaryWeight: number;
  /** The emitted API. */
  public readonly api: TrafficApi;
  /** The routes (VirtualService or HTTPRoute). */
  public readonly routes: ServiceRoutes;
  /** The DestinationRule with the subsets (Istio API). */
  public readonly destinationRule?: MeshDestinationRule;

  constructor(scope: Construct, id: string, props: CanaryProps) {
    super(scope, id);
    props = checkShape(this, 'CanaryProps', props, {
      service: [MeshService, 'a MeshService'], stableVersion: ['string', DNS_LABEL], canaryVersion: ['string', DNS_LABEL], canaryWeight: ['number', 'an integer from 0 to 100'],
      canaryHeader: ['object', 'a { name, value } with a lowercase header name and a StringMatch'], api: ['string', oneOf(TrafficApi)],
      destinationRule: [MeshDestinationRule, `a MeshDestinationRule`],
    });
    if (!(props?.service instanceof MeshService)) fail(this, 'service', props?.service, 'a MeshService');
    this.service = props.service;
    this.api = checkEnum(this, 'api', props.api ?? TrafficApi.ISTIO, TrafficApi);
    this.stableVersion = checkDnsLabel(this, 'stableVersion', props.stableVersion);
    this.canaryVersion = checkDnsLabel(this, 'canaryVersion', props.canaryVersion);
    if (this.canaryVersion === this.stableVersion) {
      fail(this, 'canaryVersion', this.canaryVersion, `a version other than the stable one (${this.stableVersion})`);
    }
    this.canaryWeight = checkInt(this, 'canaryWeight', props.canaryWeight ?? 0, 0, 100);

    const host = this.service.host;
    const rules: HttpRouteRule[] = [];
    if (props.canaryHeader !== undefined) {
      const header = props.canaryHeader;
      if (typeof header?.name !== 'string' || !(header.value instanceof StringMatch)) {
        fail(this, 'canaryHeader', header, 'a { name, value } with a lowercase header name and a StringMatch, e.g. { name: "end-user", value: StringMatch.exact("jason") }');
      }
      // Checked here so that errors name canaryHeader, not the rule this construct writes.
      checkHeaderMatch(this, 'canaryHeader', header.name, header.value, this.api, 'canaryHeader.name', 'canaryHeader.value');
      rules.push({ matches: [{ headers: { [header.name]: header.value } }], destinations: [{ host, subset: this.canaryVersion }] });
    }
    rules.push({
      destinations: [
        { host, subset: this.stableVersion, weight: 100 - this.canaryWeight },
        { host, subset: this.canaryVersion, weight: this.canaryWeight },
      ],
    });

    if (this.api === TrafficApi.ISTIO) {
      if (props.destinationRule !== undefined && !(props.destinationRule instanceof MeshDestinationRule && props.destinationRule.service === this.service)) {
        fail(this, 'destinationRule', props.destinationRule?.node?.path ?? props.destinationRule, `a MeshDestinationRule for ${this.service.name}`);
      }
      this.destinationRule = props.destinationRule ?? new MeshDestinationRule(this, 'Subsets', { service: this.service });
    } else {
      if (props.destinationRule !== undefined) fail(this, 'destinationRule', props.destinationRule?.node?.path ?? props.destinationRule, 'left out with TrafficApi.GATEWAY_API, which routes to per-version Services');
      this.service.addVersionService(this.stableVersion);
      this.service.addVersionService(this.canaryVersion);
    }
    this.routes = new ServiceRoutes(this, 'Routes', { service: this.service, api: this.api, rules });
    MeshChecks.of(this);
  }
}
