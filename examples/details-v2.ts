// details v2 (the version that calls the Google Books API, used by Istio's egress tasks)
// deployed and all details traffic routed to it (Istio's virtual-service-details-v2.yaml).
import { App, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ServiceRoutes } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  bookinfo.details.addVersion('v2', {
    image: 'docker.io/istio/examples-bookinfo-details-v2:1.20.3',
    env: { DO_NOT_ENCRYPT: 'true' },
    resources: { cpu: { request: Cpu.millis(20) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) } },
  });
  new ServiceRoutes(chart, 'details-routes', { service: bookinfo.details, rules: [{ destinations: [{ subset: 'v2' }] }] });
}
