import { SchemaValidator } from '../schema-validator';
import { Analyzer } from './analyzer';

let shared: SchemaValidator | undefined;

/** One validator per process: compiling the schemas is the expensive part, and they never change. */
function validator(): SchemaValidator {
  return (shared ??= new SchemaValidator());
}

/**
 * CI0101: objects the API server would refuse: the Kubernetes 1.28 OpenAPI schema, or the CRD's
 * openAPIV3Schema and CEL rules (unknown fields included). Kinds without a schema here (another
 * CRD's) are left to the cluster.
 */
export const schemas: Analyzer = {
  name: 'cdk8s-istio.SchemaAnalyzer',
  codes: ['CI0101'],
  analyze({ index, report }) {
    // What the API server refuses here never reaches its validation or Istio's webhook.
    const refused = index.memo('refused-by-schema', () => new Set<any>());
    for (const obj of index.objects) {
      const problems = validator().problemsOf(obj);
      if (problems?.length) {
        refused.add(obj);
        report('CI0101', obj, [problems.join('; ')], { fix: 'Fix the construct props or the escape-hatch patch (addJsonPatch) that produce these fields.' });
      }
    }
  },
};
