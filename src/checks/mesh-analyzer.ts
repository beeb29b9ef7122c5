import { ambientEnrollment } from './analyzers/ambient';
import { istioWebhook, kubeApiServer } from './analyzers/admission';
import { Analyzer } from './analyzers/analyzer';
import { appIntegrity } from './analyzers/app-integrity';
import { allowWithoutRules } from './analyzers/authorization';
import { subsetLabels } from './analyzers/destination-rule';
import { httpRouteReferences } from './analyzers/http-route';
import { namespaceInjection, workloadLabels } from './analyzers/injection';
import { ambientPolicies, ambientRouting, ambientWorkloads } from './analyzers/kiali-ambient';
import { authorizationHosts, authorizationMethods, authorizationMtls, principals } from './analyzers/kiali-authorization';
import { destinationRuleMtls, destinationRuleMultiMatch, destinationRuleSubsetWithoutLabels, destinationRuleTlsOverride } from './analyzers/kiali-destination-rule';
import { exportToNamespaces } from './analyzers/kiali-export-to';
import { k8sGatewayClass, k8sGatewayMultiMatch, referenceGrantNamespaces } from './analyzers/kiali-gateway-api';
import { authenticationSelectors, peerAuthenticationMtls, peerAuthenticationSelectors } from './analyzers/kiali-peer-authentication';
import { serviceEntryMultiMatch } from './analyzers/kiali-service-entry';
import { sidecarEgressHosts, sidecarGlobalSelector } from './analyzers/kiali-sidecar';
import { virtualServiceGateways, virtualServiceRoutes } from './analyzers/kiali-virtual-service';
import { servicePorts, uncoveredWorkloads, workloadGroups } from './analyzers/kiali-workload';
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
  // Kiali's validations that istioctl analyze has no message for (kiali-*.ts).
  exportToNamespaces,
  authorizationMethods,
  authorizationHosts,
  authorizationMtls,
  peerAuthenticationSelectors,
  authenticationSelectors,
  peerAuthenticationMtls,
  destinationRuleMultiMatch,
  destinationRuleTlsOverride,
  destinationRuleMtls,
  destinationRuleSubsetWithoutLabels,
  servicePorts,
  sidecarEgressHosts,
  sidecarGlobalSelector,
  virtualServiceGateways,
  virtualServiceRoutes,
  serviceEntryMultiMatch,
  workloadGroups,
  k8sGatewayMultiMatch,
  k8sGatewayClass,
  referenceGrantNamespaces,
  ambientPolicies,
  ambientRouting,
  ambientWorkloads,
  ambientEnrollment,
  appIntegrity,
];

/** How to fix a finding of each code, where the finding does not say more precisely. */
const FIXES: Readonly<Record<string, string>> = {
  KIA0002: 'Keep one PeerAuthentication without selector per namespace: merge them, or give the others a selector.',
  KIA0003: 'Make one PeerAuthentication select each pod: merge them, or narrow their selectors.',
  KIA0004: 'Select pods that exist in the namespace, or deploy them.',
  KIA0005: 'Export to existing namespaces (. for its own, * for all), or create them.',
  KIA0102: 'Use HTTP methods in capitals (GET, POST...), optionally with a leading or trailing *; put gRPC methods in paths.',
  KIA0104: 'Name an existing Service in hosts, or create it.',
  KIA0105: 'Enable mTLS for the pods it selects (a STRICT or PERMISSIVE PeerAuthentication and an ISTIO_MUTUAL DestinationRule), or match on something else than the peer identity.',
  KIA0106: 'Use the principal of an existing service account (MeshService.principal), or create the ServiceAccount.',
  KIA0108: 'Write the principal with the mesh\'s trust domain, or add its trust domain to meshConfig.trustDomainAliases.',
  KIA0109: 'Enroll its targets to a waypoint: label the Service or namespace istio.io/use-waypoint=<waypoint>.',
  KIA0110: 'Attach it to a waypoint with targetRefs (a Service or the waypoint Gateway) instead of a selector.',
  KIA0201: 'Merge the DestinationRules of the host into one.',
  KIA0204: 'Set trafficPolicy.tls.mode ISTIO_MUTUAL on it (MeshDestinationRule tlsMode: TlsMode.ISTIO_MUTUAL).',
  KIA0205: 'Add a mesh-wide STRICT or PERMISSIVE PeerAuthentication in the root namespace.',
  KIA0206: 'Add a namespace-wide STRICT or PERMISSIVE PeerAuthentication (PeerAuthentication, MtlsMode).',
  KIA0207: 'Set the namespace-wide PeerAuthentication to PERMISSIVE, or turn TLS back on in the DestinationRule.',
  KIA0208: 'Add a PERMISSIVE PeerAuthentication for the scope, or turn TLS back on in the DestinationRule.',
  KIA0209: 'Give the subset the labels of its pods (e.g. version: v1), or remove it.',
  KIA0210: 'Label the namespace istio.io/use-waypoint=<waypoint> (MeshNamespace labels).',
  KIA0211: 'Label the Service (or its namespace) istio.io/use-waypoint=<waypoint>.',
  KIA0212: 'Move the DestinationRule to the namespace of the Service.',
  KIA0401: 'Add a DestinationRule for host *.local with TLS mode ISTIO_MUTUAL, or turn enableAutoMtls on.',
  KIA0501: 'Add a DestinationRule for the namespace\'s hosts (*.<ns>.svc.cluster.local) with TLS mode ISTIO_MUTUAL, or turn enableAutoMtls on.',
  KIA0505: 'Add a DestinationRule for the namespace\'s hosts with TLS mode DISABLE.',
  KIA0506: 'Set TLS mode DISABLE on the *.local DestinationRule, or remove it.',
  KIA0701: 'Declare the Service\'s target port as a container port of its pods (MeshService port/targetPort).',
  KIA1004: 'Name existing Services or ServiceEntry hosts in the Sidecar egress hosts.',
  KIA1006: 'Remove the workloadSelector of the root namespace\'s Sidecar, or move it to the pods\' namespace.',
  KIA1102: 'Create the Gateway the http match names (IstioGateway), or match an existing one.',
  KIA1104: 'Drop the weight of the only destination, or add the destinations that take the rest.',
  KIA1105: 'Route once to each host and subset of a route (add the weights up).',
  KIA1108: 'Write Gateway references as <namespace>/<name>.',
  KIA1109: 'Label the namespace istio.io/use-waypoint=<waypoint> (MeshNamespace labels).',
  KIA1110: 'Enroll its targets to a waypoint: label the Service or namespace istio.io/use-waypoint=<waypoint>.',
  KIA1111: 'Enroll its targets to a waypoint: label the Service or namespace istio.io/use-waypoint=<waypoint>.',
  KIA1112: 'Enroll its targets to a waypoint: label the Service or namespace istio.io/use-waypoint=<waypoint>.',
  KIA1113: 'Label the Service (or its namespace) istio.io/use-waypoint=<waypoint>.',
  KIA1114: 'Move the VirtualService to the namespace of the Service.',
  KIA1115: 'Attach it to a waypoint with targetRefs (a Service or the waypoint Gateway) instead of a selector.',
  KIA1116: 'Attach it to a waypoint with targetRefs (a Service or the waypoint Gateway) instead of a selector.',
  KIA1117: 'Attach it to a waypoint with targetRefs (a Service or the waypoint Gateway) instead of a selector.',
  KIA1211: 'Define each host and port in one ServiceEntry.',
  KIA1212: 'Give each host and port one protocol across ServiceEntries.',
  KIA1301: 'Add an AuthorizationPolicy for its pods (CallGraphAuthorization, or AuthorizationPolicy.allowNothing()).',
  KIA1311: 'Choose one data plane: sidecar injection or the ambient label (MeshNamespace dataplaneMode).',
  KIA1312: 'Put the pods in ambient (istio.io/dataplane-mode: ambient), or drop istio.io/use-waypoint.',
  KIA1313: 'Create the waypoint Gateway it names (class istio-waypoint), or fix istio.io/use-waypoint.',
  KIA1317: 'Give the pods a waypoint, or keep the AuthorizationPolicy to L4 fields.',
  KIA1401: 'Attach the route to an existing Gateway that admits routes of its namespace (IstioGateway with TrafficApi.GATEWAY_API).',
  KIA1402: 'Refer to an existing Service (for a version: MeshService.addVersionService()).',
  KIA1501: 'Declare the listener in one of the Gateways that share the address.',
  KIA1502: 'Give each Gateway its own address.',
  KIA1504: 'Use an Istio gateway class (istio, istio-waypoint; IstioGateway gatewayClassName), or define the GatewayClass.',
  KIA1601: 'Grant namespaces that exist, or create them.',
  KIA1701: 'Create the ServiceAccount, or run the template as an existing one.',
  KIA1702: 'Give the WorkloadGroups different labels, or merge them.',
};

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
   * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
   */
  readonly schemas?: boolean;
  /**
   * Also report workloads of the mesh that no AuthorizationPolicy applies to (Kiali's KIA1301,
   * which Kiali leaves off by default too): a policy opinion, not a mistake.
   * @default false
   * @see https://kiali.io/docs/features/validations/#kia1301---this-workload-is-not-covered-by-any-authorization-policy
   */
  readonly uncoveredWorkloads?: boolean;
}

/** The codes the analyzer implements, sorted. */
export const ANALYZER_CODES: readonly string[] = [...new Set([schemas, istioWebhook, kubeApiServer, ...ANALYZERS, uncoveredWorkloads].flatMap((a) => a.codes))].sort();

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
  if (options.uncoveredWorkloads) uncoveredWorkloads.analyze(ctx);
  return collector.findings;
}
