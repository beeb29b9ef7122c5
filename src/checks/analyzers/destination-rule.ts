import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';

/** KIA0203: DestinationRule subsets whose labels, with the host Service's selector, match no pod. */
export const subsetLabels: Analyzer = {
  name: 'kiali.DestinationRuleSubsetAnalyzer',
  codes: ['KIA0203'],
  analyze({ index, report }) {
    for (const dr of index.list('networking.istio.io', 'DestinationRule')) {
      const svc = index.services.get(fqdn(String(dr.spec?.host ?? ''), nsOf(dr)));
      if (!svc) continue;
      for (const subset of dr.spec?.subsets ?? []) {
        const selector = { ...(svc.spec?.selector ?? {}), ...(subset?.labels ?? {}) };
        if (index.selectWorkloads(nsOf(svc), selector).length === 0) {
          report('KIA0203', dr, [subset?.name, nsOf(svc), JSON.stringify(selector)], {
            fix: 'Deploy the version (MeshService.addVersion) or fix the subset labels.',
          });
        }
      }
    }
  },
};
