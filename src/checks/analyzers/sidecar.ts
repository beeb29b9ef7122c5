import { Analyzer } from './analyzer';
import { AnalyzedResource, PodView } from './resources';
import { firstKey, namespaceInAmbient, podInAmbient, rec, setSelector } from './util';
import { pushTo } from '../../private/collections';

/**
 * sidecar.SelectorAnalyzer (IST0101, IST0110, IST0111, IST0167): Sidecars whose workload selector
 * selects no pod of their namespace, pods two Sidecars select, namespaces with several Sidecars
 * without a selector, and Sidecars for ambient workloads or namespaces, where they do nothing
 * (pkg/config/analysis/analyzers/sidecar/selector.go:53-163).
 */
export const sidecarSelectors: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  codes: ['IST0101', 'IST0110', 'IST0111', 'IST0167'],
  analyze({ resources, report }) {
    const byPod = new Map<PodView, AnalyzedResource[]>();
    const byNamespace = new Map<string, AnalyzedResource[]>();
    for (const s of resources.list('Sidecar')) {
      const selector = setSelector(rec(rec(s.spec).workloadSelector).labels);
      if (selector.empty) {
        pushTo(byNamespace, s.namespace, s);
        continue;
      }
      const pods = resources.selectPods(selector.labels, s.namespace);
      for (const p of pods) pushTo(byPod, p, s);
      if (!pods.length) {
        report('IST0101', s, ['selector', selector.text], {
          line: `{.spec.workloadSelector.labels.${firstKey(selector.text)}}`,
          fix: 'Set the Sidecar\'s workloadSelector to the labels of pods in its namespace, or deploy them.',
        });
      }
    }
    const namespaces = new Map(resources.list('Namespace').map((n) => [n.name, n]));
    const reported = new Set<AnalyzedResource>();
    for (const [pod, sidecars] of byPod) {
      const ambient = podInAmbient(resources, pod);
      if (sidecars.length === 1 && !ambient) continue;
      const names = sidecars.map((s) => s.name).sort();
      for (const s of sidecars) {
        if (ambient) {
          if (!reported.has(s)) report('IST0167', s, ['selected workload is in ambient mode, the policy has no impact']);
          reported.add(s);
        } else {
          report('IST0110', s, [names, pod.namespace, pod.name], { line: '{.metadata.name}' });
        }
      }
    }
    for (const [ns, sidecars] of byNamespace) {
      if (namespaceInAmbient(namespaces.get(ns))) {
        for (const s of sidecars) {
          if (!reported.has(s)) report('IST0167', s, ['namespace is in ambient mode, the policy has no impact']);
          reported.add(s);
        }
        continue;
      }
      if (sidecars.length > 1) {
        const names = sidecars.map((s) => s.name).sort();
        for (const s of sidecars) report('IST0111', s, [names, ns]);
      }
    }
  },
};
