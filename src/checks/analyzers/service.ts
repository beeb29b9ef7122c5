import { Analyzer } from './analyzer';
import { arr, isControlPlane, rec, str, targetPortText } from './util';

const PROTOCOL_PREFIXES = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
// Ports Istio treats as TCP without a protocol prefix: SMTP, DNS, MySQL, MongoDB.
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
const MANAGED_GATEWAY = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/**
 * Whether Istio can tell a Service port's protocol (pkg/config/kube/conversion.go ConvertProtocol):
 * UDP, an `appProtocol` (which replaces the name), or a name `<protocol>[-<suffix>]`; a well-known
 * port is TCP anyway.
 */
export function portProtocolKnown(port: any): boolean {
  if (port?.protocol === 'UDP') return true;
  let name = str(port?.name);
  if (port?.appProtocol !== undefined && port?.appProtocol !== null) {
    name = str(port.appProtocol);
    if (['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'].includes(name)) return true;
  }
  if (name.slice(0, 8).toLowerCase() === 'grpc-web') return true;
  const i = name.indexOf('-');
  if (PROTOCOL_PREFIXES.has((i >= 0 ? name.slice(0, i) : name).toLowerCase())) return true;
  return WELL_KNOWN_PORTS.has(Number(port?.port));
}

/**
 * service.PortNameAnalyzer (IST0118, IST0150): Service ports whose protocol Istio cannot tell
 * from the name or appProtocol, and ExternalName Services with such a port or one named `tcp`;
 * Istio's control plane and gateway Services Istio manages are left out
 * (pkg/config/analysis/analyzers/service/portname.go:50-88).
 */
export const portName: Analyzer = {
  name: 'service.PortNameAnalyzer',
  codes: ['IST0118', 'IST0150'],
  analyze({ resources, report }) {
    for (const svc of resources.list('Service')) {
      if (isControlPlane(svc) || MANAGED_GATEWAY.has(svc.labels['gateway.istio.io/managed'])) continue;
      const spec = rec(svc.spec);
      arr(spec.ports).forEach((port, i) => {
        if (portProtocolKnown(port) && !(port?.name === 'tcp' && spec.type === 'ExternalName')) return;
        const line = `{.spec.ports[${i}].port}`;
        if (spec.type === 'ExternalName') report('IST0150', svc, [], { line });
        else report('IST0118', svc, [str(port?.name), Number(port?.port ?? 0), targetPortText(port?.targetPort)], { line });
      });
    }
  },
};
