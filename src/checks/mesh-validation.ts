import * as path from 'node:path';
import { checkOptionsKey, matchingReport, ReportedFinding } from './check-report';
import type { onePerMistake } from './findings';
import type { ManifestIndex } from './manifest-index';
import type { analyzeMesh } from './mesh-analyzer';
import { MeshConfig } from './mesh-config';
import { FindingLevel, MESSAGES } from './messages';
import { pushTo } from '../private/collections';

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
  /** Construct paths by object name, when the app recorded them. */
  readonly metadata?: { readonly [name: string]: { readonly path: string } };
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
   * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
   */
  readonly schemas?: boolean;
  /**
   * Objects the cluster holds besides the app's (a TLS Secret made with kubectl or cert-manager):
   * they count as present, and nothing is reported on them.
   * @default - none
   * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/#analyzing-live-clusters-local-files-or-both
   */
  readonly clusterObjects?: readonly any[];
  /**
   * Fail on analyzer warnings too.
   * @default false
   * @see https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-analyze (its --failure-threshold)
   */
  readonly failOnWarnings?: boolean;
  /**
   * The mesh configuration to check against.
   * @default - Istio's defaults
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
   */
  readonly meshConfig?: MeshConfig;
}

/**
 * A cdk8s validation plugin: the mesh checks of {@link analyzeMesh} over the manifests `cdk8s
 * synth` wrote, reported the way the CLI reports violations (and with its exit status 2 on a
 * failure). The checks also run inside the app's own synthesis; the plugin covers manifests from
 * anywhere and prints the report. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-istio
 *     class: MeshValidation
 *     version: 0.1.0
 * ```
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation-plugins
 */
export class MeshValidation {
  constructor(private readonly properties: MeshValidationProperties = {}) {}

  public async validate(context: PluginValidationContext): Promise<void> {
    const options = { schemas: this.properties.schemas, meshConfig: this.properties.meshConfig, clusterObjects: this.properties.clusterObjects };
    // A MeshApp leaves the findings of its own checks beside the manifests it wrote: when these
    // are still exactly those files and the options are the same, they are the findings.
    const report = matchingReport(context.manifests, checkOptionsKey(options));
    if (report) {
      // The last object of that identity in the order of the manifests: the one applied last,
      // which the analysis keeps.
      const locate = (resource: string): { resourceName: string; manifestPath: string } => {
        const found = context.manifests.flatMap((m) => (report.located[resource] ?? []).filter(([file]) => file === path.basename(m)).map(([, name]) => ({ name, m }))).pop();
        return { resourceName: found?.name ?? resource, manifestPath: found?.m ?? '' };
      };
      this.report(context, report.findings, report.objects, locate);
      return;
    }

    const located = context.manifests.flatMap((manifestPath) => context.parseManifest(manifestPath)
      .filter((obj) => obj !== null && typeof obj === 'object')
      .map((obj) => ({ obj, manifestPath })));
    // Loaded here: a plugin that reuses the app's report needs none of the analyzer.
    const { ManifestIndex: Index }: { ManifestIndex: typeof ManifestIndex } = require('./manifest-index');
    const { analyzeMesh: analyze }: { analyzeMesh: typeof analyzeMesh } = require('./mesh-analyzer');
    const index = new Index(located.map((l) => l.obj), located.map((l) => context.metadata?.[l.obj.metadata?.name]?.path));
    const manifestOf = new Map(located.map((l) => [l.obj, l.manifestPath]));
    const { onePerMistake: onePer }: { onePerMistake: typeof onePerMistake } = require('./findings');
    const findings = onePer(analyze(index, options).filter((f) => !f.suppressed));
    // The object of each resource id, as the findings name them (the first, when two share one).
    const byId = new Map<string, any>();
    for (const o of index.objects) {
      const id = `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
      if (!byId.has(id)) byId.set(id, o);
    }
    this.report(context, findings, index.objects.length, (resource) => {
      const obj = byId.get(resource);
      return { resourceName: obj?.metadata?.name ?? resource, manifestPath: manifestOf.get(obj) ?? '' };
    });
  }

  private report(context: PluginValidationContext, findings: readonly ReportedFinding[], objects: number,
    locate: (resource: string) => { resourceName: string; manifestPath: string }): void {
    let failed = false;
    const byCode = new Map<string, ReportedFinding[]>();
    for (const f of findings) pushTo(byCode, f.code, f);
    for (const [code, mine] of byCode) {
      const type = MESSAGES[code];
      failed ||= type.level === FindingLevel.ERROR || (this.properties.failOnWarnings === true && type.level === FindingLevel.WARNING);
      context.report.addViolation({
        ruleName: `${code} ${type.name} (${type.level})`,
        recommendation: mine[0].message,
        fix: [...new Set(mine.map((f) => f.fix))].join(' '),
        violatingResources: mine.map((f) => {
          const { resourceName, manifestPath } = locate(f.resource);
          return { resourceName, locations: [f.message], manifestPath };
        }),
      });
    }
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(objects),
      findings: String(findings.length),
    });
  }
}
