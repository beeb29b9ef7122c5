// Seeds, step 3: open productpage through the Istio ingress gateway: an Istio Gateway and a
// VirtualService bound to it (samples/bookinfo/networking/bookinfo-gateway.yaml).
import { App } from 'cdk8s';
import { IstioGateway } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  new IstioGateway(chart, 'bookinfo-gateway', { routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
}
