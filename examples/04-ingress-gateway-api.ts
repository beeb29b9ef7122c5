// The same ingress with the Kubernetes Gateway API: a Gateway of class istio (Istio deploys
// bookinfo-gateway-istio for it) and an HTTPRoute (samples/bookinfo/gateway-api/bookinfo-gateway.yaml).
// Install the Gateway API CRDs first (README "Deploy it").
import { App } from 'cdk8s';
import { IstioGateway, TrafficApi } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  new IstioGateway(chart, 'bookinfo-gateway', { api: TrafficApi.GATEWAY_API, routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
}
