// Request routing, step 2: user jason sees reviews v2, everyone else v1
// (Istio's virtual-service-reviews-test-v2.yaml).
import { App } from 'cdk8s';
import { ReviewsCanary, StringMatch } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo, destinationRules } = bookinfoBase(app);
  new ReviewsCanary(chart, 'reviews-canary', {
    service: bookinfo.reviews,
    stableVersion: 'v1',
    canaryVersion: 'v2',
    canaryWeight: 0,
    canaryHeader: { name: 'end-user', value: StringMatch.exact('jason') },
    destinationRule: destinationRules.forService(bookinfo.reviews),
  });
}
