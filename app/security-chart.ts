import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoApp, CallGraphAuthorization, DemoCurlPair, IstioGateway, MeshTelemetry, MtlsMode } from 'cdk8s-istio';

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
}

/**
 * Zero trust for the demo: mTLS, deny-by-default and the allows derived from the call graph in
 * each namespace, plus tracing and access logs (the seeds' values: 1 % sampling, Envoy logs).
 */
export class SecurityChart extends Chart {
  /** Bookinfo's policies. */
  public readonly bookinfo: CallGraphAuthorization;
  /** The curl pair's policies. */
  public readonly curlPair: CallGraphAuthorization;

  constructor(scope: Construct, id: string, props: SecurityChartProps) {
    super(scope, id, props);
    const { bookinfo, curlPair, gateway, mtlsMode } = props;
    this.bookinfo = new CallGraphAuthorization(this, 'bookinfo', { namespace: bookinfo.namespace, services: bookinfo.services, gateways: [gateway], mtlsMode });
    this.curlPair = new CallGraphAuthorization(this, 'demo', { namespace: curlPair.namespace.name, services: [curlPair.nginx, curlPair.httpd], mtlsMode });
    for (const namespace of [bookinfo.namespace, curlPair.namespace.name]) {
      new MeshTelemetry(this, `telemetry-${namespace}`, { name: 'telemetry', namespace, tracingSamplingPercentage: 1 });
    }
  }
}
