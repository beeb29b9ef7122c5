import { Construct } from 'constructs';
import { MeshDestinationRule } from '../mesh/mesh-destination-rule';
import { MeshService } from '../mesh/mesh-service';
import { checkDnsLabel, checkInt, fail } from '../private/validation';
import { HttpRouteRule, StringMatch, TrafficApi } from '../mesh/routing';
import { ServiceRoutes } from '../mesh/service-routes';

/** A request header that pins requests to the canary (Istio's `end-user: jason`). */
export interface CanaryHeader {
  /** Lowercase header name. */
  readonly name: string;
  /** How the value is matched. */
  readonly value: StringMatch;
}

/** Props of {@link ReviewsCanary}. */
export interface ReviewsCanaryProps {
  /** The multi-version service, e.g. Bookinfo's reviews. */
  readonly service: MeshService;
  /**
   * The version that takes the rest of the traffic.
   * @default - the service's first version
   */
  readonly stableVersion?: string;
  /** The version under test. */
  readonly canaryVersion: string;
  /**
   * Share of the traffic the canary takes, an integer percentage from 0 to 100. 0 and 100 route
   * everything to one version.
   * @default 0
   */
  readonly canaryWeight?: number;
  /**
   * Requests with this header always go to the canary.
   * @default - none
   */
  readonly canaryHeader?: CanaryHeader;
  /**
   * Which API to emit: DestinationRule subsets and a VirtualService, or per-version Services
   * and a GAMMA HTTPRoute.
   * @default TrafficApi.ISTIO
   */
  readonly api?: TrafficApi;
  /**
   * The DestinationRule that defines the version subsets (Istio API). Pass the app's own so the
   * host has one DestinationRule.
   * @default - a new one with a subset per version of the service
   */
  readonly destinationRule?: MeshDestinationRule;
}

/**
 * A canary for any multi-version service: a weighted split between a stable and a canary
 * version, optionally pinning requests with a header to the canary.
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
 */
export class ReviewsCanary extends Construct {
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

  constructor(scope: Construct, id: string, props: ReviewsCanaryProps) {
    super(scope, id);
    if (!(props?.service instanceof MeshService)) fail(this, 'service', props?.service, 'a MeshService');
    this.service = props.service;
    this.api = props.api ?? TrafficApi.ISTIO;
    if (!Object.values(TrafficApi).includes(this.api)) fail(this, 'api', this.api, `one of ${Object.values(TrafficApi).join(', ')}`);
    const versions = this.service.versions;
    const known = (prop: string, v: string | undefined): string => {
      if (v === undefined || !versions.includes(v)) fail(this, prop, v, `one of the versions of ${this.service.name} (${versions.join(', ') || 'none added'})`);
      return checkDnsLabel(this, prop, v);
    };
    this.stableVersion = known('stableVersion', props.stableVersion ?? versions[0]);
    this.canaryVersion = known('canaryVersion', props.canaryVersion);
    if (this.canaryVersion === this.stableVersion) {
      fail(this, 'canaryVersion', this.canaryVersion, `a version other than the stable one (${this.stableVersion})`);
    }
    this.canaryWeight = checkInt(this, 'canaryWeight', props.canaryWeight ?? 0, 0, 100);

    const host = this.service.host;
    const rules: HttpRouteRule[] = [];
    if (props.canaryHeader) {
      rules.push({ matches: [{ headers: { [props.canaryHeader.name]: props.canaryHeader.value } }], destinations: [{ host, subset: this.canaryVersion }] });
    }
    rules.push({
      destinations: [
        { host, subset: this.stableVersion, weight: 100 - this.canaryWeight },
        { host, subset: this.canaryVersion, weight: this.canaryWeight },
      ],
    });

    if (this.api === TrafficApi.ISTIO) {
      if (props.destinationRule && props.destinationRule.service !== this.service) {
        fail(this, 'destinationRule', props.destinationRule.node.path, `a MeshDestinationRule for ${this.service.name}`);
      }
      this.destinationRule = props.destinationRule ?? new MeshDestinationRule(this, 'Subsets', { service: this.service });
      for (const v of [this.stableVersion, this.canaryVersion]) {
        if (!this.destinationRule.subsets.includes(v)) {
          fail(this, 'destinationRule', this.destinationRule.subsets, `a DestinationRule that defines subset ${v}`);
        }
      }
    } else {
      if (props.destinationRule) fail(this, 'destinationRule', props.destinationRule.node.path, 'left out with TrafficApi.GATEWAY_API, which routes to per-version Services');
      this.service.addVersionService(this.stableVersion);
      this.service.addVersionService(this.canaryVersion);
    }
    this.routes = new ServiceRoutes(this, 'Routes', { service: this.service, api: this.api, rules });
  }
}
