import { Analyzer } from './analyzers/analyzer';
import { allowWithoutRules, principals } from './analyzers/authorization';
import { subsetLabels } from './analyzers/destination-rule';
import { httpRouteReferences } from './analyzers/http-route';
import { namespaceInjection, workloadLabels } from './analyzers/injection';
import { schemas } from './analyzers/schema';
import { portName } from './analyzers/service';
import { conflictingMeshGatewayHosts, virtualServiceReferences } from './analyzers/virtual-service';
import { Resources } from './analyzers/resources';
import { FindingCollector, MeshFinding } from './findings';
import { ManifestIndex } from './manifest-index';
import { MeshConfig, MeshNetworks, resolveMeshConfig } from './mesh-config';

/** Every analyzer `analyzeMesh` runs, in order. */
const ANALYZERS: readonly Analyzer[] = [
  virtualServiceReferences,
  conflictingMeshGatewayHosts,
  httpRouteReferences,
  portName,
  namespaceInjection,
  workloadLabels,
  subsetLabels,
  principals,
  allowWithoutRules,
];

/** How to fix a finding of each code, where the finding does not say more precisely. */
const FIXES: Readonly<Record<string, string>> = {};

/** Options of {@link analyzeMesh}. */
export interface AnalyzeOptions {
  /**
   * The mesh configuration to analyze against (istioctl's `--meshConfigFile`), merged into Istio's
   * defaults.
   * @default - Istio's defaults (root namespace `istio-system`)
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
   */
  readonly meshConfig?: MeshConfig;
  /**
   * The mesh networks of a multi-network mesh (the `meshNetworks` of the `istio` ConfigMap).
   * @default - no networks
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshNetworks
   */
  readonly meshNetworks?: MeshNetworks;
  /**
   * The namespace Istio is installed in (istioctl's `--istioNamespace`), where the default
   * ingress gateway is assumed.
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * Also validate every object against its Kubernetes or CRD schema (CI0101), as the API server
   * would.
   * @default true
   */
  readonly schemas?: boolean;
}

/** The codes the analyzer implements, sorted. */
export const ANALYZER_CODES: readonly string[] = [...new Set([...ANALYZERS, schemas].flatMap((a) => a.codes))].sort();

/**
 * Analyzes manifests as `istioctl analyze` analyzes files: plain objects (parsed YAML, or the
 * JSON of ApiObjects) or an index of them in, findings out, suppressed ones included (flagged).
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export function analyzeMesh(objects: readonly any[] | ManifestIndex, options: AnalyzeOptions = {}): MeshFinding[] {
  const index = objects instanceof ManifestIndex ? objects : new ManifestIndex(objects);
  const collector = new FindingCollector(index, FIXES);
  const mesh = resolveMeshConfig(options.meshConfig);
  const resources = new Resources(index, { mesh, meshNetworks: options.meshNetworks, istioNamespace: options.istioNamespace ?? 'istio-system' });
  const run = (analyzer: Analyzer) => analyzer.analyze({
    index,
    resources,
    mesh,
    report: (code, target, args, reportOptions) => collector.report(code, target, args, reportOptions, analyzer.name),
  });
  for (const analyzer of ANALYZERS) run(analyzer);
  if (options.schemas ?? true) run(schemas);
  return collector.findings;
}
