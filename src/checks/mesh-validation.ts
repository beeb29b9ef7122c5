import { analyzeMesh, ANALYZER_CHECKS, FindingSeverity } from './mesh-analyzer';
import { resourceId } from '../private/manifests';
import { SchemaValidator } from './schema-validator';

// The parts of cdk8s-cli's validation plugin contract this plugin uses (cdk8s-cli
// lib/plugins/validation.d.ts), written out so the library does not depend on the CLI.

/** A resource a violation is about. */
export interface PluginViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli reports it. */
export interface PluginViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** What cdk8s-cli hands a validation plugin. */
export interface PluginValidationContext {
  readonly manifests: readonly string[];
  parseManifest(manifestPath: string): any[];
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
}

/** Properties of {@link MeshValidation}, from `properties:` in cdk8s.yaml. */
export interface MeshValidationProperties {
  /**
   * Validate every object against the Kubernetes 1.28 and CRD schemas (and the CRDs' CEL rules).
   * @default true
   */
  readonly schemas?: boolean;
  /**
   * Fail on analyzer warnings too.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A cdk8s validation plugin: the mesh analyzer and strict schema validation over the
 * synthesized manifests, reported the way `cdk8s synth` reports violations. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-istio
 *     class: MeshValidation
 *     version: 0.1.0
 * ```
 */
export class MeshValidation {
  constructor(private readonly properties: MeshValidationProperties = {}) {}

  public async validate(context: PluginValidationContext): Promise<void> {
    const located = context.manifests.flatMap((manifestPath) => context.parseManifest(manifestPath)
      .filter((obj) => obj)
      .map((obj) => ({ obj, manifestPath })));
    const objects = located.map((l) => l.obj);
    const manifestOf = (resource: string) => located.find((l) => resourceId(l.obj) === resource)?.manifestPath ?? '';
    let failed = false;

    const findings = analyzeMesh(objects).filter((f) => !f.suppressed);
    for (const code of [...new Set(findings.map((f) => f.code))]) {
      const check = ANALYZER_CHECKS[code];
      const mine = findings.filter((f) => f.code === code);
      failed ||= check.severity === FindingSeverity.ERROR || this.properties.failOnWarnings === true;
      context.report.addViolation({
        ruleName: `${code} ${check.title} (${check.severity})`,
        recommendation: check.title,
        fix: check.fix,
        violatingResources: mine.map((f) => ({ resourceName: f.resource.split(/[ /]/).pop()!, locations: [f.message], manifestPath: manifestOf(f.resource) })),
      });
    }

    let schemaProblems = 0;
    if (this.properties.schemas ?? true) {
      const validator = new SchemaValidator();
      for (const { obj, manifestPath } of located) {
        const problems = validator.validate([obj]);
        if (!problems.length) continue;
        schemaProblems += problems.length;
        failed = true;
        context.report.addViolation({
          ruleName: `schema ${obj.apiVersion} ${obj.kind}`,
          recommendation: 'Every object must match its Kubernetes or CRD schema, with no unknown fields, and pass the CRD\'s CEL rules.',
          fix: 'Fix the construct props (or the escape-hatch patch) that produce these fields.',
          violatingResources: [{ resourceName: obj.metadata?.name, locations: problems, manifestPath }],
        });
      }
    }
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(objects.length),
      findings: String(findings.length),
      schemaProblems: String(schemaProblems),
    });
  }
}
