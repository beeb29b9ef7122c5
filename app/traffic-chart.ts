import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoApp, BookinfoDestinationRules, GatewayServiceType, IstioGateway, ReviewsCanary, ReviewsVersion, TrafficApi } from 'cdk8s-istio';

/** Props of {@link TrafficChart}. */
export interface TrafficChartProps extends ChartProps {
  /** The Bookinfo workloads to route. */
  readonly bookinfo: BookinfoApp;
  /** API of the ingress and the canary. */
  readonly api: TrafficApi;
  /** The reviews version under canary. */
  readonly canaryVersion: ReviewsVersion;
  /** Its share of the traffic. */
  readonly canaryWeight: number;
}

/**
 * Bookinfo's traffic: ingress (= bookinfo-gateway.yaml), DestinationRules
 * (= destination-rule-all.yaml) with the Istio API, per-version Services
 * (= bookinfo-versions.yaml) with the Gateway API, and the reviews canary.
 */
export class TrafficChart extends Chart {
  /** The ingress. */
  public readonly gateway: IstioGateway;
  /** The reviews canary. */
  public readonly canary: ReviewsCanary;
  /** The DestinationRules (Istio API only). */
  public readonly destinationRules?: BookinfoDestinationRules;

  constructor(scope: Construct, id: string, props: TrafficChartProps) {
    super(scope, id, { namespace: props.bookinfo.namespace, ...props });
    const { bookinfo, api } = props;
    if (api === TrafficApi.ISTIO) {
      this.destinationRules = new BookinfoDestinationRules(this, 'destination-rules', { bookinfo });
    } else {
      for (const service of bookinfo.services) service.versions.forEach((v) => service.addVersionService(v));
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
      api,
      destinationRule: this.destinationRules?.forService(bookinfo.reviews),
    });
  }
}
