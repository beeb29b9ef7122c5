// Fault injection: a 7 s delay on ratings for user jason (Istio's
// virtual-service-ratings-test-delay.yaml); productpage's 3 s timeout then shows an error.
import { App, Duration } from 'cdk8s';
import { ServiceRoutes, StringMatch } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  new ServiceRoutes(chart, 'ratings-routes', {
    service: bookinfo.ratings,
    rules: [
      {
        matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
        fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } },
        destinations: [{ subset: 'v1' }],
      },
      { destinations: [{ subset: 'v1' }] },
    ],
  });
}
