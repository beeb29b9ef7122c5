// Traffic shifting: 80 % of reviews traffic to v1, 20 % to v2 (Istio's virtual-service-reviews-80-20.yaml).
import { App } from 'cdk8s';
import { ReviewsCanary } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo, destinationRules } = bookinfoBase(app);
  new ReviewsCanary(chart, 'reviews-canary', {
    service: bookinfo.reviews,
    stableVersion: 'v1',
    canaryVersion: 'v2',
    canaryWeight: 20,
    destinationRule: destinationRules.forService(bookinfo.reviews),
  });
}
