import { Analyzer } from './analyzer';

// Istio's protocol prefixes (`grpc-web` splits to `grpc`).
// @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
const PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'tcp', 'tls', 'udp', 'mongo', 'mysql', 'redis'];

/** IST0118: Service ports whose name has no protocol prefix and no appProtocol. */
export const portName: Analyzer = {
  name: 'service.PortNameAnalyzer',
  codes: ['IST0118'],
  analyze({ index, report }) {
    for (const s of index.list('', 'Service')) {
      for (const p of s.spec?.ports ?? []) {
        if (!p?.appProtocol && !PROTOCOLS.includes(String(p?.name ?? '').split('-')[0])) {
          report('IST0118', s, [p?.name ?? '', p?.port, String(p?.targetPort ?? p?.port)], {
            fix: 'Name the port <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, udp, mongo, mysql, redis) or set appProtocol.',
          });
        }
      }
    }
  },
};
