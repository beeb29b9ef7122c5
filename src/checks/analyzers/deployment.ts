import { Analyzer } from './analyzer';
import { arr, deploymentInMesh, isControlPlane, rec, servicesSelecting, setSelector, str, targetPortText } from './util';
import { pushTo } from '../../private/collections';

/**
 * deployment.MultiServiceAnalyzer (IST0116, IST0137): a Deployment in the mesh whose pods the
 * Services of its namespace expose on one port with different protocols, or on one target port
 * through different ports (pkg/config/analysis/analyzers/deployment/services.go:64-210).
 */
export const serviceAssociation: Analyzer = {
  name: 'deployment.MultiServiceAnalyzer',
  codes: ['IST0116', 'IST0137'],
  analyze({ resources, report }) {
    if (!resources.list('Service').length) return;
    for (const d of resources.list('Deployment')) {
      if (d.labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller' || !deploymentInMesh(resources, d)) continue;
      const templateLabels = setSelector(rec(rec(rec(d.spec).template).metadata).labels).labels;
      const services = servicesSelecting(resources, d.namespace, templateLabels, false);
      const byPort = new Map<number, Map<string, string[]>>();
      const byTargetPort = new Map<string, Map<number, string>>();
      for (const s of services) {
        for (const p of arr(rec(s.spec).ports)) {
          const port = Number(p?.port ?? 0);
          const protocol = str(p?.protocol) || 'TCP';
          let protocols = byPort.get(port);
          if (!protocols) byPort.set(port, protocols = new Map());
          pushTo(protocols, protocol, s.fullName);
          let tp = targetPortText(p?.targetPort);
          if (tp === '0' || tp === '') tp = String(port);
          let ports = byTargetPort.get(tp);
          if (!ports) byTargetPort.set(tp, ports = new Map());
          ports.set(port, s.fullName);
        }
      }
      for (const [port, protocols] of byPort) {
        if (protocols.size > 1) report('IST0116', d, [d.name, port, [...protocols.values()].flat().sort()], { line: '{.metadata.name}' });
      }
      for (const [tp, ports] of byTargetPort) {
        if (ports.size > 1) report('IST0137', d, [d.name, [...ports.values()].sort(), tp, [...ports.keys()].sort((a, b) => a - b)], { line: '{.metadata.name}' });
      }
    }
  },
};

/**
 * applicationUID.Analyzer (IST0144): a pod (or pod template) running as UID 1337, the sidecar
 * proxy's, at pod level or in an application container; Istio's control plane is left out
 * (pkg/config/analysis/analyzers/deployment/pod.go:47-102).
 */
export const applicationUid: Analyzer = {
  name: 'applicationUID.Analyzer',
  codes: ['IST0144'],
  analyze({ resources, report }) {
    for (const p of resources.pods) {
      if (isControlPlane(p.resource)) continue;
      if (rec(p.spec.securityContext).runAsUser === 1337) report('IST0144', p.resource, []);
      for (const c of arr(p.spec.containers)) {
        if (c?.name !== 'istio-proxy' && c?.name !== 'istio-operator' && rec(c?.securityContext).runAsUser === 1337) report('IST0144', p.resource, []);
      }
    }
  },
};
