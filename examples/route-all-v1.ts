// Request routing, step 1: every service to v1 (Istio's virtual-service-all-v1.yaml).
// Run: CDK8S_OUTDIR=out node scripts/app.mjs examples/route-all-v1.ts
import { App } from 'cdk8s';
import { ServiceRoutes } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  for (const service of [bookinfo.productpage, bookinfo.reviews, bookinfo.ratings, bookinfo.details]) {
    new ServiceRoutes(chart, `${service.name}-routes`, { service, rules: [{ destinations: [{ subset: 'v1' }] }] });
  }
}
