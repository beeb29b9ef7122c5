import { Analyzer } from './analyzer';
import { AnalyzedResource } from './resources';
import { arr, fullName, has, labelSelectorMatches, rec, str } from './util';

const REV = 'istio.io/rev';

/** The revisions a MutatingWebhookConfiguration serves: its label and its webhooks' selectors on `istio.io/rev`. */
function revisionsOf(m: AnalyzedResource): Set<string> {
  const revisions = new Set<string>();
  if (has(m.labels, REV)) revisions.add(m.labels[REV]);
  for (const w of arr(m.spec.webhooks)) {
    for (const selector of [w?.namespaceSelector, w?.objectSelector]) {
      if (selector === undefined || selector === null) continue;
      const matchLabels = rec(selector.matchLabels);
      if (has(matchLabels, REV)) revisions.add(str(matchLabels[REV]));
      for (const e of arr(selector.matchExpressions)) if (e?.key === REV) for (const v of arr(e.values)) revisions.add(str(v));
    }
  }
  return revisions;
}

/**
 * webhook.Analyzer (IST0139): Istio injection webhooks (`*.istio.io`, or serving a revision) that
 * both match some namespace and pod labels (so a pod would be injected twice), and webhooks
 * whose Service does not exist (pkg/config/analysis/analyzers/webhook/webhook.go:71-149).
 */
export const webhooks: Analyzer = {
  name: 'webhook.Analyzer',
  codes: ['IST0139'],
  analyze({ resources, report }) {
    const hooks: Array<{ id: string; owner: AnalyzedResource; hook: any }> = [];
    const revisions = new Set<string>();
    for (const m of resources.list('MutatingWebhookConfiguration')) {
      const revs = revisionsOf(m);
      const list = arr(m.spec.webhooks);
      if (!revs.size && !list.some((w) => str(w?.name).endsWith('istio.io'))) continue;
      for (const w of list) hooks.push({ id: `${m.fullName}/${str(w?.name)}`, owner: m, hook: w });
      for (const r of revs) revisions.add(r);
    }
    if (!hooks.length) return;
    const matches = (selector: unknown, labels: Record<string, string>) => selector === undefined || selector === null || labelSelectorMatches(selector, labels);
    // Namespace and pod labels that decide injection, for every revision.
    const variants = (key: string, on: string, off: string) => [{}, { [key]: on }, { [key]: off }] as Array<Record<string, string>>;
    const withRevisions = (base: Array<Record<string, string>>) => [...base, ...[...revisions].flatMap((rev) => base.map((l) => ({ ...l, [REV]: rev })))];
    const namespaceLabels = withRevisions(variants('istio-injection', 'enabled', 'disabled'));
    const objectLabels = withRevisions(variants('sidecar.istio.io/inject', 'true', 'false'));
    const owners = new Map(hooks.map((h) => [h.id, h.owner]));
    for (const nl of namespaceLabels) {
      for (const ol of objectLabels) {
        const matched = [...new Set(hooks.filter((h) => matches(h.hook?.namespaceSelector, nl) && matches(h.hook?.objectSelector, ol)).map((h) => h.id))];
        if (matched.length < 2) continue;
        for (const id of matched) {
          const others = matched.filter((x) => x !== id).sort();
          report('IST0139', owners.get(id)!, [`Webhook overlaps with others: [${others.join(' ')}]. This may cause injection to occur twice.`], {
            fix: 'Make the injection webhooks\' namespace and object selectors exclusive (one revision per namespace), or delete the stale webhook configuration.',
          });
        }
      }
    }
    for (const { owner, hook } of hooks) {
      const service = hook?.clientConfig?.service;
      if (service === undefined || service === null) continue;
      const ns = str(service.namespace);
      const name = str(service.name);
      if (!resources.get('Service', ns, name)) {
        report('IST0139', owner, [`Injector refers to a control plane service that does not exist: ${fullName(ns, name)}.`], {
          fix: `Point the webhook's clientConfig.service at istiod's Service, or create ${fullName(ns, name)}.`,
        });
      }
    }
  },
};
