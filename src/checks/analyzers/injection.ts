import { Analyzer } from './analyzer';
import { AnalyzedResource, PodView, Resources } from './resources';
import { arr, has, injectorConfigMapName, labelSelectorMatches, mapContains, rec, str } from './util';
import { pushTo } from '../../private/collections';

/** True when a namespace's labels enrol its pods in the mesh (sidecar injection or ambient). */
export function namespaceInMesh(ns: any): boolean {
  const labels = ns?.metadata?.labels ?? {};
  return labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined || labels['istio.io/dataplane-mode'] === 'ambient';
}

/** `values` of an injector ConfigMap (`data.values`, JSON), or undefined when it does not parse. */
function injectorValues(cm: AnalyzedResource): any {
  try {
    return JSON.parse(str(rec(cm.object.data).values));
  } catch {
    return undefined;
  }
}

/**
 * injection.Analyzer (IST0102, IST0103, IST0123, IST0148): namespaces that are not enabled for
 * injection (or are, by the injector's `enableNamespacesByDefault`) or carry several injection
 * labels, and Pods of injected namespaces without a proxy
 * (pkg/config/analysis/analyzers/injection/injection.go:62-168). The `istio-system` namespace and
 * ambient namespaces are left out; a pod template is not checked for a proxy (the injector adds
 * it when the pods are created).
 */
export const injection: Analyzer = {
  name: 'injection.Analyzer',
  codes: ['IST0102', 'IST0103', 'IST0123', 'IST0148'],
  analyze({ resources, report }) {
    // As istioctl, the last injector ConfigMap read decides for the namespaces after it.
    let enableByDefault = false;
    const injected = new Set<string>();
    const configMaps = resources.memo('configmaps-by-name', () => {
      const map = new Map<string, AnalyzedResource>();
      for (const cm of resources.list('ConfigMap')) if (!map.has(cm.name)) map.set(cm.name, cm);
      return map;
    });
    for (const n of resources.list('Namespace')) {
      if (n.name === 'istio-system') continue;
      const labels = n.labels;
      const hasInjection = has(labels, 'istio-injection');
      const injectionLabel = labels['istio-injection'] ?? '';
      const hasRevision = has(labels, 'istio.io/rev');
      const injectionLabels = hasInjection ? [`istio-injection=${injectionLabel}`] : [];
      for (const l of ['istio.io/rev', 'istio.io/dataplane-mode']) {
        if (has(labels, l) && (!hasInjection || injectionLabel === 'enabled')) injectionLabels.push(`${l}=${labels[l]}`);
      }
      if (injectionLabels.length > 1) report('IST0123', n, [injectionLabels]);
      if (labels['istio.io/dataplane-mode'] === 'ambient') continue;
      const cm = configMaps.get(injectorConfigMapName(labels['istio.io/rev'] ?? ''));
      if (cm) enableByDefault = rec(rec(injectorValues(cm)).sidecarInjectorWebhook).enableNamespacesByDefault === true;
      if (injectionLabel === '' && !hasRevision) {
        if (enableByDefault) report('IST0148', n, []);
        else report('IST0102', n, [n.name, n.name], { line: '{.metadata.name}' });
        continue;
      }
      if (injectionLabel === 'enabled') injected.add(n.name);
    }
    for (const p of resources.list('Pod')) {
      if (!injected.has(p.namespace)) continue;
      const inject = has(p.labels, 'sidecar.istio.io/inject') ? p.labels['sidecar.istio.io/inject'] : p.annotations['sidecar.istio.io/inject'] ?? '';
      if (inject.toLowerCase() === 'false' || rec(p.spec).hostNetwork === true) continue;
      const proxy = [...arr(rec(p.spec).containers), ...arr(rec(p.spec).initContainers)].find((c) => c?.name === 'istio-proxy');
      if (!proxy || !str(proxy.image)) report('IST0103', p, [p.fullName]);
    }
  },
};

/**
 * The proxy image type a pod gets (util/proxyconfig.go:30-111): the mesh's default, overridden by
 * a ProxyConfig of the root namespace, of the pod's namespace, one selecting the pod, and the
 * pod's `proxy.istio.io/config` annotation; `default` is no variant.
 */
function imageTypeResolver(resources: Resources): (pod: Pick<PodView, 'namespace' | 'labels' | 'annotations'>) => string {
  const mesh = resources.meshConfig.spec;
  const root = mesh.rootNamespace || 'istio-system';
  let rootConfig: any;
  const byNamespace = new Map<string, any>();
  const byWorkload: Array<[string, any]> = [];
  for (const r of resources.list('ProxyConfig')) {
    if (r.namespace === root) rootConfig = r.spec;
    else if (r.spec.selector === undefined || r.spec.selector === null) byNamespace.set(r.namespace, r.spec);
    else byWorkload.push([r.fullName, r.spec]);
  }
  const imageType = (pc: any): string => str(rec(rec(pc).image).imageType);
  return (pod) => {
    let variant = imageType(mesh.defaultConfig);
    if (imageType(rootConfig)) variant = imageType(rootConfig);
    const ns = byNamespace.get(pod.namespace);
    if (imageType(ns)) variant = imageType(ns);
    // As istioctl: a workload ProxyConfig counts when its "namespace/name" starts with the pod's namespace.
    for (const [key, pc] of byWorkload) {
      if (key.startsWith(pod.namespace) && mapContains(pod.labels, rec(pc.selector).matchLabels) && imageType(pc)) variant = imageType(pc);
    }
    const annotation = pod.annotations['proxy.istio.io/config'];
    if (annotation) {
      // The annotation is a ProxyConfig in YAML (or JSON); only image.imageType matters here.
      const m = /imageType["']?\s*:\s*["']?([\w-]+)/.exec(annotation);
      if (m) variant = m[1];
    }
    return variant === 'default' ? '' : variant;
  };
}

/**
 * injection.ImageAnalyzer (IST0158): Pods of injected namespaces whose proxy image is not the
 * one the injector ConfigMap (`istio-sidecar-injector[-<rev>]`, `values.global`) gives, with the
 * pod's image type (pkg/config/analysis/analyzers/injection/injection-image.go:70-165).
 */
export const injectionImage: Analyzer = {
  name: 'injection.ImageAnalyzer',
  codes: ['IST0158'],
  analyze({ resources, report }) {
    const proxyImages = new Map<string, string>();
    for (const cm of resources.list('ConfigMap')) {
      if (!cm.name.startsWith('istio-sidecar-injector')) continue;
      const values = injectorValues(cm);
      if (values === undefined) {
        proxyImages.set(cm.name, '');
        continue;
      }
      const global = rec(rec(values).global);
      const image = str(rec(global.proxy).image);
      proxyImages.set(cm.name, image.includes('/') ? image : `${str(global.hub)}/${image}:${str(global.tag)}`);
    }
    if (!proxyImages.size) return;
    const namespaces = new Map<string, AnalyzedResource>();
    const revisions = new Map<string, string>();
    for (const n of resources.list('Namespace')) {
      namespaces.set(n.name, n);
      if (has(n.labels, 'istio.io/rev')) revisions.set(n.name, n.labels['istio.io/rev']);
      else if (n.labels['istio-injection'] === 'enabled') revisions.set(n.name, 'default');
    }
    const imageType = imageTypeResolver(resources);
    const mismatched = new Map<string, string[]>();
    for (const r of resources.list('Pod')) {
      const revision = revisions.get(r.namespace);
      // The default ingress gateway's pod stands for the installed one, whose image is not known.
      if (revision === undefined || r.annotations['sidecar.istio.io/proxyImage'] || resources.isDefault(r)) continue;
      const expected = proxyImages.get(injectorConfigMapName(revision));
      for (const c of [...arr(rec(r.spec).containers), ...arr(rec(r.spec).initContainers)]) {
        if (c?.name !== 'istio-proxy') continue;
        if (expected === undefined) break;
        const variant = imageType(r);
        if (c.image !== expected && c.image !== `${expected}-${variant}`) pushTo(mismatched, r.namespace, r.name);
      }
    }
    for (const [ns, pods] of mismatched) {
      const n = namespaces.get(ns);
      if (n) report('IST0158', n, [pods.sort()]);
    }
  },
};

/**
 * injection.ImageAutoAnalyzer (IST0146, IST0147): an `istio-proxy` container with `image: auto`
 * (to be filled by the injector) in a Pod (always an error: it was not injected), or in a pod
 * template no Istio injection webhook (`*.istio.io`) selects
 * (pkg/config/analysis/analyzers/injection/image-auto.go:58-132). istioctl reads Deployments;
 * the other controllers' templates are read alike.
 */
export const imageAuto: Analyzer = {
  name: 'injection.ImageAutoAnalyzer',
  codes: ['IST0146', 'IST0147'],
  analyze({ resources, report }) {
    const hooks = resources.list('MutatingWebhookConfiguration').flatMap((m) => arr(m.spec.webhooks).filter((w) => str(w?.name).endsWith('istio.io')));
    const autoImage = (spec: any) => arr(rec(spec).containers).some((c) => c?.name === 'istio-proxy' && c?.image === 'auto');
    const matches = (selector: unknown, labels: Readonly<Record<string, string>>) => selector === undefined || selector === null || labelSelectorMatches(selector, labels);
    for (const p of resources.pods) {
      if (!autoImage(p.spec)) continue;
      if (!p.template) {
        report('IST0147', p.resource, ['Pod', p.name]);
        continue;
      }
      const nsLabels = resources.namespace(p.namespace || 'default')?.labels ?? {};
      if (!hooks.some((w) => matches(w.namespaceSelector, nsLabels) && matches(w.objectSelector, p.labels))) {
        report('IST0146', p.resource, [p.resource.kind, p.name]);
      }
    }
  },
};

/** CI0001: workloads in the mesh without app and version labels (Kiali also accepts the app.kubernetes.io ones). */
export const workloadLabels: Analyzer = {
  name: 'cdk8s-istio.WorkloadLabelsAnalyzer',
  codes: ['CI0001'],
  analyze({ index, report }) {
    for (const w of index.workloads) {
      if (!namespaceInMesh(index.namespaces.get(w.namespace))) continue;
      const missing = [['app', 'app.kubernetes.io/name'], ['version', 'app.kubernetes.io/version']]
        .filter(([a, b]) => w.labels[a] === undefined && w.labels[b] === undefined).map(([a]) => a);
      if (missing.length) {
        report('CI0001', w.object, [missing.join(' and ')], { fix: 'Label the pod template with app and version (MeshService does): Kiali and Istio telemetry group workloads by them.' });
      }
    }
  },
};
