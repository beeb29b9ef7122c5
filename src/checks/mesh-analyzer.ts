import { ambientRouting } from './analyzers/ambient';
import { istioWebhook, kubeApiServer } from './analyzers/admission';
import { Analyzer } from './analyzers/analyzer';
import { appIntegrity } from './analyzers/app-integrity';
import { allowWithoutRules, principals } from './analyzers/authorization';
import { subsetLabels } from './analyzers/destination-rule';
import { httpRouteReferences } from './analyzers/http-route';
import { namespaceInjection, workloadLabels } from './analyzers/injection';
import { schemas } from './analyzers/schema';
import { portName } from './analyzers/service';
import { conflictingMeshGatewayHosts, virtualServiceReferences } from './analyzers/virtual-service';
import { FindingCollector, MeshFinding } from './findings';
import { ManifestIndex } from './manifest-index';
import { MeshConfig, resolveMeshConfig } from './mesh-config';

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
  ambientRouting,
  appIntegrity,
];

/** How to fix a finding of each code, where the finding does not say more precisely. */
const FIXES: Readonly<Record<string, string>> = {};

/** Options of {@link analyzeMesh}. */
export interface AnalyzeOptions {
  /**
   * The mesh configuration to analyze against.
   * @default - Istio's defaults (root namespace `istio-system`)
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
   */
  readonly meshConfig?: MeshConfig;
  /**
   * Also validate every object against its Kubernetes or CRD schema (CI0101), as the API server
   * would.
   * @default true
   */
  readonly schemas?: boolean;
}

/** The codes the analyzer implements, sorted. */
export const ANALYZER_CODES: readonly string[] = [...new Set([schemas, istioWebhook, kubeApiServer, ...ANALYZERS].flatMap((a) => a.codes))].sort();

/**
 * Analyzes manifests as `istioctl analyze` analyzes files: plain objects (parsed YAML, or the
 * JSON of ApiObjects) or an index of them in, findings out, suppressed ones included (flagged).
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export function analyzeMesh(objects: readonly any[] | ManifestIndex, options: AnalyzeOptions = {}): MeshFinding[] {
  const index = objects instanceof ManifestIndex ? objects : new ManifestIndex(objects);
  const collector = new FindingCollector(index, FIXES);
  const ctx = { index, mesh: resolveMeshConfig(options.meshConfig), report: collector.report.bind(collector) };
  // The API server's order: the schema, then its validation and Istio's webhook, then analysis.
  if (options.schemas ?? true) schemas.analyze(ctx);
  istioWebhook.analyze(ctx);
  kubeApiServer.analyze(ctx);
  for (const analyzer of ANALYZERS) analyzer.analyze(ctx);
  return collector.findings;
}
