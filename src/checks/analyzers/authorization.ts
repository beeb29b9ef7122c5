import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';

/** CI0002: an ALLOW policy without rules denies everything (allowNothing() says that is meant). */
export const allowWithoutRules: Analyzer = {
  name: 'cdk8s-istio.AllowWithoutRulesAnalyzer',
  codes: ['CI0002'],
  analyze({ index, report }) {
    for (const ap of index.list('security.istio.io', 'AuthorizationPolicy')) {
      const spec = ap.spec ?? {};
      if ((spec.action ?? 'ALLOW') !== 'ALLOW' || spec.provider || (spec.rules ?? []).length) continue;
      const scope = spec.selector?.matchLabels ? `the workloads labelled ${JSON.stringify(spec.selector.matchLabels)}` : `every workload of namespace ${nsOf(ap)}`;
      report('CI0002', ap, [scope], { fix: 'Add rules, or create it with AuthorizationPolicy.allowNothing() when deny-by-default is the intent.' });
    }
  },
};
