import { Analyzer } from './analyzer';
import { AnalyzedResource, PodView } from './resources';
import { arr, firstKey, rec, setSelector, str } from './util';
import { pushTo } from '../../private/collections';

/**
 * telemetry.ProviderAnalyzer (IST0157): access logging without providers while the mesh config
 * has no default access log provider, so it is ignored
 * (pkg/config/analysis/analyzers/telemetry/providers.go:43-63).
 */
export const telemetryProviders: Analyzer = {
  name: 'telemetry.ProviderAnalyzer',
  codes: ['IST0157'],
  analyze({ resources, mesh, report }) {
    if (arr(mesh.defaultProviders.accessLogging).length) return;
    for (const t of resources.list('Telemetry')) {
      for (const logging of arr(rec(t.spec).accessLogging)) {
        if (rec(logging).disabled === true) continue;
        if (!arr(rec(logging).providers).length) report('IST0157', t, [t.name, t.namespace]);
      }
    }
  },
};

/**
 * telemetry.SelectorAnalyzer (IST0101, IST0159): Telemetries whose selector selects no pod of
 * their namespace, and pods two Telemetries select
 * (pkg/config/analysis/analyzers/telemetry/selector.go:51-116).
 */
export const telemetrySelectors: Analyzer = {
  name: 'telemetry.SelectorAnalyzer',
  codes: ['IST0101', 'IST0159'],
  analyze({ resources, report }) {
    const byPod = new Map<PodView, AnalyzedResource[]>();
    for (const t of resources.list('Telemetry')) {
      const selector = setSelector(rec(rec(t.spec).selector).matchLabels);
      if (selector.empty) continue;
      const pods = resources.selectPods(selector.labels, t.namespace);
      for (const p of pods) pushTo(byPod, p, t);
      if (!pods.length) {
        report('IST0101', t, ['selector', selector.text], {
          line: `{.spec.selector.matchLabels.${firstKey(selector.text)}}`,
          fix: 'Set the Telemetry\'s selector to the labels of pods in its namespace (MeshTelemetry), or deploy them.',
        });
      }
    }
    for (const [pod, telemetries] of byPod) {
      if (telemetries.length < 2) continue;
      const names = telemetries.map((t) => t.name).sort();
      for (const t of telemetries) report('IST0159', t, [names, pod.namespace, pod.name], { line: '{.metadata.name}' });
    }
  },
};

/**
 * telemetry.DefaultSelectorAnalyzer (IST0160): namespaces with several Telemetries without a
 * selector (pkg/config/analysis/analyzers/telemetry/default_selector.go:45-68).
 */
export const telemetryDefaultSelectors: Analyzer = {
  name: 'telemetry.DefaultSelectorAnalyzer',
  codes: ['IST0160'],
  analyze({ resources, report }) {
    const byNamespace = new Map<string, AnalyzedResource[]>();
    for (const t of resources.list('Telemetry')) {
      const selector = rec(t.spec).selector;
      if (selector === undefined || selector === null) pushTo(byNamespace, t.namespace, t);
    }
    for (const [ns, telemetries] of byNamespace) {
      if (telemetries.length < 2) continue;
      const names = telemetries.map((t) => t.name).sort();
      for (const t of telemetries) report('IST0160', t, [names, ns]);
    }
  },
};

/**
 * telemetry.LightstepAnalyzer (IST0002): tracing through a Lightstep extension provider, which is
 * deprecated (pkg/config/analysis/analyzers/telemetry/lightstep.go:47-73).
 */
export const telemetryLightstep: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  codes: ['IST0002'],
  analyze({ resources, mesh, report }) {
    const lightstep = new Set(mesh.extensionProviders.filter((p) => p?.lightstep !== undefined && p?.lightstep !== null).map((p) => p.name));
    if (!lightstep.size) return;
    for (const t of resources.list('Telemetry')) {
      for (const tracing of arr(rec(t.spec).tracing)) {
        for (const p of arr(rec(tracing).providers)) {
          const name = str(p?.name);
          if (lightstep.has(name)) {
            report('IST0002', t, [`The Lightstep provider ${name} is deprecated, please migrate to OpenTelemetry provider.`], { fix: `Trace through an OpenTelemetry extension provider instead of ${name}.` });
          }
        }
      }
    }
  },
};
