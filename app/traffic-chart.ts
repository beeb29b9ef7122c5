import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BookinfoApp, BookinfoDestinationRules, DataplaneMode, GatewayServiceType, IstioGateway, MeshNamespace, ReviewsCanary, ReviewsVersion,
  TrafficApi, Waypoint,
} from 'cdk8s-istio';

/** Props of {@link TrafficChart}. */
export interface TrafficChartProps extends ChartProps {
  /** The Bookinfo workloads to route. */
  readonly bookinfo: BookinfoApp;
  /** Bookinfo's namespace (enrolled in the waypoint in ambient mode). */
  readonly meshNamespace: MeshNamespace;
  /** API of the ingress, and of the canary with sidecars. */
  readonly api: TrafficApi;
  /** The reviews version under canary. */
  readonly canaryVersion: ReviewsVersion;
  /** Its share of the traffic. */
  readonly canaryWeight: number;
}

/**
 * Bookinfo's traffic: ingress (= bookinfo-gateway.yaml), DestinationRules
 * (= destination-rule-all.yaml) with the Istio API, per-version Services
 * (= bookinfo-versions.yaml) with the Gateway API, and the reviews canary. In ambient mode a
 * waypoint for the namespace (as `istioctl waypoint apply --enroll-namespace` makes it) takes the
 * L7 routing, and the canary is a GAMMA HTTPRoute whatever the ingress's API: waypoints implement
 * HTTPRoutes, and a VirtualService for the mesh is only Alpha there.
 */
export class TrafficChart extends Chart {
  /** The ingress. */
  public readonly gateway: IstioGateway;
  /** The reviews canary. */
  public readonly canary: ReviewsCanary;
  /** The DestinationRules (Istio API with sidecars only). */
  public readonly destinationRules?: BookinfoDestinationRules;
  /** Bookinfo's waypoint (ambient mode). */
  public readonly waypoint?: Waypoint;

  constructor(scope: Construct, id: string, props: TrafficChartProps) {
    super(scope, id, { namespace: props.bookinfo.namespace, ...props });
    const { bookinfo, api } = props;
    const ambient = props.meshNamespace.dataplaneMode === DataplaneMode.AMBIENT;
    const eastWest = ambient ? TrafficApi.GATEWAY_API : api;
    if (eastWest === TrafficApi.ISTIO) {
      this.destinationRules = new BookinfoDestinationRules(this, 'destination-rules', { bookinfo });
    } else {
      for (const service of bookinfo.services) service.versions.forEach((v) => service.addVersionService(v));
    }
    if (ambient) {
      this.waypoint = new Waypoint(this, 'waypoint');
      this.waypoint.enroll(props.meshNamespace);
    }
    this.gateway = new IstioGateway(this, 'bookinfo-gateway', {
      api,
      routeName: 'bookinfo',
      routes: [bookinfo.ingressRule],
      // A ClusterIP reached with kubectl port-forward, as Istio's getting-started does: kind and
      // minikube give a LoadBalancer no address.
      serviceType: api === TrafficApi.GATEWAY_API ? GatewayServiceType.CLUSTER_IP : undefined,
    });
    this.canary = new ReviewsCanary(this, 'reviews-canary', {
      bookinfo,
      canaryVersion: props.canaryVersion,
      canaryWeight: props.canaryWeight,
      api: eastWest,
      destinationRule: this.destinationRules?.forService(bookinfo.reviews),
    });
  }
}
