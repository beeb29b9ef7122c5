// reviews split 50/50 between v2 and v3 (Istio's virtual-service-reviews-v2-v3.yaml).
import { App } from 'cdk8s';
import { ReviewsCanary } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo, destinationRules } = bookinfoBase(app);
  new ReviewsCanary(chart, 'reviews-canary', {
    service: bookinfo.reviews,
    stableVersion: 'v2',
    canaryVersion: 'v3',
    canaryWeight: 50,
    destinationRule: destinationRules.forService(bookinfo.reviews),
  });
}
