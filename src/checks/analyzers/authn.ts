import { Analyzer } from './analyzer';
import { arr, rec } from './util';

/**
 * authn.BlockedCIDRsAnalyzer (IST0175): RequestAuthentications exist but istiod (a Deployment
 * labelled `app: istiod`) does not restrict the networks it fetches JWKS from with
 * `BLOCKED_CIDRS_IN_JWKS_URIS` (pkg/config/analysis/analyzers/authn/blockedcidrs.go:48-97).
 */
export const blockedCidrs: Analyzer = {
  name: 'authn.BlockedCIDRsAnalyzer',
  codes: ['IST0175'],
  analyze({ resources, report }) {
    const names = resources.list('RequestAuthentication').map((r) => r.fullName);
    if (!names.length) return;
    const text = names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, and ${names.length - 5} more`;
    for (const d of resources.list('Deployment')) {
      if (d.labels.app !== 'istiod') continue;
      const containers = arr(rec(rec(rec(d.spec).template).spec).containers);
      if (containers.some((c) => arr(c?.env).some((e) => e?.name === 'BLOCKED_CIDRS_IN_JWKS_URIS' && typeof e?.value === 'string' && e.value !== ''))) continue;
      report('IST0175', d, [names.length, text]);
    }
  },
};
