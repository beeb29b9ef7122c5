import { Analyzer } from './analyzer';
import { arr, rec, str } from './util';

/**
 * serviceentry.Analyzer (IST0134): a ServiceEntry without addresses with a TCP port (or one
 * without a protocol), unless the proxies allocate addresses themselves (proxy metadata
 * `ISTIO_META_DNS_CAPTURE` with `ISTIO_META_DNS_AUTO_ALLOCATE` or `PILOT_ENABLE_IP_AUTOALLOCATE`)
 * or the status has them (pkg/config/analysis/analyzers/serviceentry/protocoladdresses.go:46-92).
 */
export const serviceEntryAddresses: Analyzer = {
  name: 'serviceentry.Analyzer',
  codes: ['IST0134'],
  analyze({ resources, mesh, report }) {
    const md = mesh.defaultConfig.proxyMetadata;
    if (md.ISTIO_META_DNS_CAPTURE === 'true' && (md.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || md.PILOT_ENABLE_IP_AUTOALLOCATE === 'true')) return;
    for (const r of resources.list('ServiceEntry')) {
      const se = rec(r.spec);
      if (arr(se.addresses).length || arr(rec(r.status).addresses).length) continue;
      arr(se.ports).forEach((port, i) => {
        const protocol = str(port?.protocol);
        if (protocol === '' || protocol.toUpperCase() === 'TCP') report('IST0134', r, [], { line: `{.spec.ports[${i}].name}` });
      });
    }
  },
};
