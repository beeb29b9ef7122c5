import { istioValidation } from '../istio-webhook';
import { kubeValidation } from '../kube-apiserver';
import { Analyzer } from './analyzer';

const UNUSED_RULE = /^virtualService rule (.+) not used \((.*)\)$/;
const INEFFECTIVE_MATCH = /^virtualService rule (.+) match (.+) is not used \(duplicate\/overlapping match in rule (.+)\)$/;

/**
 * What Istio's admission webhook refuses or warns about (istioctl analyze's schema analyzer):
 * IST0106 for each error, IST0133 for each warning, IST0130/IST0131 for the VirtualService rules and
 * matches it finds unreachable. Objects the API server already refused (CI0101) are left out:
 * the webhook never sees them.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0106/
 */
export const istioWebhook: Analyzer = {
  name: 'schema.ValidationAnalyzer',
  codes: ['IST0106', 'IST0133', 'IST0130', 'IST0131'],
  analyze({ index, report }) {
    const refused = index.memo('refused-by-schema', () => new Set<any>());
    for (const obj of index.objects) {
      if (refused.has(obj)) continue;
      for (const p of istioValidation(obj)) {
        const unused = p.level === 'warning' ? UNUSED_RULE.exec(p.message) : null;
        const ineffective = p.level === 'warning' ? INEFFECTIVE_MATCH.exec(p.message) : null;
        if (ineffective) report('IST0131', obj, [ineffective[1], ineffective[2], ineffective[3]], { fix: 'Remove the match, or make it differ from the earlier one.' });
        else if (unused) report('IST0130', obj, [unused[1], unused[2]], { fix: 'Remove the rule, or move it before the rule that matches all its requests first.' });
        else report(p.level === 'error' ? 'IST0106' : 'IST0133', obj, [p.message], { fix: p.field ? `Fix ${p.field} (the construct prop or escape-hatch patch that writes it).` : 'Fix the construct props or the escape-hatch patch (addJsonPatch) that produce it.' });
      }
    }
  },
};

/**
 * What the Kubernetes API server refuses beyond the schema (apimachinery, core and apps
 * validation): names, labels and annotations, quantities and limits, ports, volumes and mounts,
 * user ids... CI0102 for each error, CI0103 for each warning. Objects the schema already refused
 * (CI0101) are left out, as the API server stops at decoding.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
export const kubeApiServer: Analyzer = {
  name: 'cdk8s-istio.KubernetesValidationAnalyzer',
  codes: ['CI0102', 'CI0103'],
  analyze({ index, report }) {
    const refused = index.memo('refused-by-schema', () => new Set<any>());
    for (const obj of index.objects) {
      if (refused.has(obj)) continue;
      for (const p of kubeValidation(obj)) {
        // Kubernetes' messages name the field themselves (`spec.x: Invalid value: ...`).
        report(p.level === 'error' ? 'CI0102' : 'CI0103', obj, [p.message], { fix: p.field ? `Fix ${p.field} (the construct prop or escape-hatch patch that writes it).` : 'Fix the construct props or the escape-hatch patch (addJsonPatch) that produce it.' });
      }
    }
  },
};
