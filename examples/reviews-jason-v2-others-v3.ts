// jason sees reviews v2, everyone else v3 (Istio's virtual-service-reviews-jason-v2-v3.yaml).
import { App } from 'cdk8s';
import { ReviewsCanary, StringMatch } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo, destinationRules } = bookinfoBase(app);
  new ReviewsCanary(chart, 'reviews-canary', {
    service: bookinfo.reviews,
    stableVersion: 'v3',
    canaryVersion: 'v2',
    canaryHeader: { name: 'end-user', value: StringMatch.exact('jason') },
    destinationRule: destinationRules.forService(bookinfo.reviews),
  });
}
