// Traffic shifting, last step: all reviews traffic to v3 (Istio's virtual-service-reviews-v3.yaml).
import { App } from 'cdk8s';
import { ReviewsCanary } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo, destinationRules } = bookinfoBase(app);
  new ReviewsCanary(chart, 'reviews-canary', {
    service: bookinfo.reviews,
    stableVersion: 'v1',
    canaryVersion: 'v3',
    canaryWeight: 100,
    destinationRule: destinationRules.forService(bookinfo.reviews),
  });
}
