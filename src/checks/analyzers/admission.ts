import { istioValidation } from '../istio-webhook';
import { kubeValidation } from '../kube-apiserver';
import { Analyzer } from './analyzer';

const UNUSED_RULE = /^virtualService rule (.+) not used \((.*)\)$/;
const INEFFECTIVE_MATCH = /^virtualService rule (.+) match (.+) is not used \(duplicate\/overlapping match in rule (.+)\)$/;

/**
 * What Istio's admission webhook refuses or warns about (istioctl analyze's schema analyzer):
 * IST0106 for each error, IST0133 for each warning. The warnings on unreachable VirtualService
 * rules and matches are istioctl's IST0130/IST0131, which virtual-service-rules.ts reports under
 * istioctl's analyzer name. Objects the API server already refused (CI0101) are left out: the
 * webhook never sees them.
 * @see https://istio.io/latest/docs/reference/config/analysis/ist0106/
 */
export const istioWebhook: Analyzer = {
  name: 'schema.ValidationAnalyzer',
  codes: ['IST0106', 'IST0133'],
  analyze({ index, report }) {
    const refused = index.memo('refused-by-schema', () => new Set<any>());
    for (const obj of index.objects) {
      if (refused.has(obj)) continue;
      for (const p of istioValidation(obj)) {
        if (p.level === 'warning' && (UNUSED_RULE.test(p.message) || INEFFECTIVE_MATCH.test(p.message))) continue;
        report(p.level === 'error' ? 'IST0106' : 'IST0133', obj, [p.message], { fix: p.field ? `Fix ${p.field} (the construct prop or escape-hatch patch that writes it).` : 'Fix the construct props or the escape-hatch patch (addJsonPatch) that produce it.' });
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
