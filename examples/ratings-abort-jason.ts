// Fault injection: ratings answers HTTP 500 to user jason (Istio's
// virtual-service-ratings-test-abort.yaml).
import { App } from 'cdk8s';
import { ServiceRoutes, StringMatch } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  new ServiceRoutes(chart, 'ratings-routes', {
    service: bookinfo.ratings,
    rules: [
      {
        matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
        fault: { abort: { httpStatus: 500, percentage: 100 } },
        destinations: [{ subset: 'v1' }],
      },
      { destinations: [{ subset: 'v1' }] },
    ],
  });
}
