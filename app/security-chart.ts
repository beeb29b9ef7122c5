import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoApp, CallGraphAuthorization, DataplaneMode, DemoCurlPair, IstioGateway, MeshTelemetry, MtlsMode, Waypoint } from 'cdk8s-istio';

/** Props of {@link SecurityChart}. */
export interface SecurityChartProps extends ChartProps {
  /** Bookinfo, whose call graph is protected. */
  readonly bookinfo: BookinfoApp;
  /** Bookinfo's ingress, which calls productpage. */
  readonly gateway: IstioGateway;
  /** The curl pair, whose two calls are protected. */
  readonly curlPair: DemoCurlPair;
  /** Mutual TLS mode of both namespaces. */
  readonly mtlsMode: MtlsMode;
  /** How the pods join the mesh. */
  readonly dataplaneMode: DataplaneMode;
  /** Bookinfo's waypoint (ambient mode). */
  readonly waypoint?: Waypoint;
}

/**
 * Zero trust for the demo: mTLS, deny-by-default and the allows derived from the call graph in
 * each namespace, plus tracing and access logs (the seeds' values: 1 % sampling, Envoy logs). In
 * ambient mode the waypoint is Bookinfo's Envoy: tracing and access logs attach to it, and the
 * curl pair, with no waypoint, has ztunnel's connection logs and metrics only.
 */
export class SecurityChart extends Chart {
  /** Bookinfo's policies. */
  public readonly bookinfo: CallGraphAuthorization;
  /** The curl pair's policies. */
  public readonly curlPair: CallGraphAuthorization;

  constructor(scope: Construct, id: string, props: SecurityChartProps) {
    super(scope, id, props);
    const { bookinfo, curlPair, gateway, mtlsMode, dataplaneMode, waypoint } = props;
    this.bookinfo = new CallGraphAuthorization(this, 'bookinfo', {
      namespace: bookinfo.namespace, services: bookinfo.services, gateways: [gateway], mtlsMode, dataplaneMode, waypoint,
    });
    this.curlPair = new CallGraphAuthorization(this, 'demo', { namespace: curlPair.namespace.name, services: [curlPair.nginx, curlPair.httpd], mtlsMode, dataplaneMode });
    if (dataplaneMode === DataplaneMode.AMBIENT) {
      new MeshTelemetry(this, `telemetry-${bookinfo.namespace}`, { name: 'telemetry', namespace: bookinfo.namespace, tracingSamplingPercentage: 1, targets: waypoint && [waypoint.policyTarget] });
    } else {
      for (const namespace of [bookinfo.namespace, curlPair.namespace.name]) {
        new MeshTelemetry(this, `telemetry-${namespace}`, { name: 'telemetry', namespace, tracingSamplingPercentage: 1 });
      }
    }
  }
}
