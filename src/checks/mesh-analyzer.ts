import { istioWebhook, kubeApiServer } from './analyzers/admission';
import { ambientEnrollment } from './analyzers/ambient';
import { Analyzer, CLUSTER_OBJECTS } from './analyzers/analyzer';
import { k8sAnnotations } from './analyzers/annotations';
import { appIntegrity } from './analyzers/app-integrity';
import { blockedCidrs } from './analyzers/authn';
import { allowWithoutRules, authorizationPolicies } from './analyzers/authorization';
import { conditions } from './analyzers/conditions';
import { applicationUid, serviceAssociation } from './analyzers/deployment';
import { deprecatedFields } from './analyzers/deprecation';
import { caCertificates, subsetSelectPods } from './analyzers/destination-rule';
import { envoyPatches } from './analyzers/envoy-filter';
import { externalControlPlane } from './analyzers/external-control-plane';
import { conflictingGateways, gatewayCertificates, gatewaySecrets, ingressGatewayPort } from './analyzers/gateway';
import { httpRouteReferences } from './analyzers/http-route';
import { imageAuto, injection, injectionImage, workloadLabels } from './analyzers/injection';
import { gatewayApiSelectors } from './analyzers/k8s-gateway';
import { ambientPolicies, ambientRouting, ambientWorkloads } from './analyzers/kiali-ambient';
import { authorizationHosts, authorizationMethods, authorizationMtls, principals } from './analyzers/kiali-authorization';
import { destinationRuleMtls, destinationRuleMultiMatch, destinationRuleSubsetWithoutLabels, destinationRuleTlsOverride } from './analyzers/kiali-destination-rule';
import { exportToNamespaces } from './analyzers/kiali-export-to';
import { k8sGatewayClass, k8sGatewayMultiMatch, referenceGrantNamespaces } from './analyzers/kiali-gateway-api';
import { authenticationSelectors, peerAuthenticationMtls, peerAuthenticationSelectors } from './analyzers/kiali-peer-authentication';
import { serviceEntryMultiMatch } from './analyzers/kiali-service-entry';
import { sidecarEgressHosts, sidecarGlobalSelector } from './analyzers/kiali-sidecar';
import { virtualServiceGateways as kialiVirtualServiceGateways, virtualServiceRoutes } from './analyzers/kiali-virtual-service';
import { servicePorts, uncoveredWorkloads, workloadGroups } from './analyzers/kiali-workload';
import { meshNetworks } from './analyzers/multicluster';
import { Resources } from './analyzers/resources';
import { schemas } from './analyzers/schema';
import { portName } from './analyzers/service';
import { serviceEntryAddresses } from './analyzers/service-entry';
import { sidecarSelectors } from './analyzers/sidecar';
import { telemetryDefaultSelectors, telemetryLightstep, telemetryProviders, telemetrySelectors } from './analyzers/telemetry';
import {
  conflictingMeshGatewayHosts, destinationHosts, destinationRules, jwtClaimRoutes, virtualServiceGateways,
} from './analyzers/virtual-service';
import { virtualServiceRules } from './analyzers/virtual-service-rules';
import { webhooks } from './analyzers/webhook';
import { FindingCollector, MeshFinding } from './findings';
import { ManifestIndex } from './manifest-index';
import { MeshConfig, MeshNetworks, resolveMeshConfig } from './mesh-config';
import { identityOf, resourceId } from '../private/manifests';

/**
 * Every analyzer `analyzeMesh` runs, in order: istioctl analyze's (in the order of its
 * analyzers.All(), Istio 1.28.10), then Kiali's and this library's.
 */
const ANALYZERS: readonly Analyzer[] = [
  k8sAnnotations,
  blockedCidrs,
  authorizationPolicies,
  conditions,
  serviceAssociation,
  applicationUid,
  caCertificates,
  subsetSelectPods,
  deprecatedFields,
  envoyPatches,
  externalControlPlane,
  ingressGatewayPort,
  gatewayCertificates,
  gatewaySecrets,
  conflictingGateways,
  injection,
  injectionImage,
  imageAuto,
  gatewayApiSelectors,
  meshNetworks,
  portName,
  sidecarSelectors,
  conflictingMeshGatewayHosts,
  destinationHosts,
  destinationRules,
  virtualServiceGateways,
  jwtClaimRoutes,
  serviceEntryAddresses,
  webhooks,
  telemetryProviders,
  telemetrySelectors,
  telemetryDefaultSelectors,
  telemetryLightstep,
  virtualServiceRules,
  httpRouteReferences,
  workloadLabels,
  allowWithoutRules,
  // Kiali's validations that istioctl analyze has no message for (kiali-*.ts).
  exportToNamespaces,
  authorizationMethods,
  authorizationHosts,
  authorizationMtls,
  principals,
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
  kialiVirtualServiceGateways,
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
  IST0002: 'Replace the deprecated field or provider with the one the message names.',
  IST0101: 'Create the referenced resource, or point the reference at one that exists.',
  IST0102: 'Create the namespace with MeshNamespace (istio-injection: enabled), or label it istio-injection=disabled to opt out explicitly.',
  IST0103: 'Restart the pod so the injector adds the proxy, or label it sidecar.istio.io/inject: "false" to keep it out of the mesh.',
  IST0107: 'Move the annotation to the kind of object it applies to (a Deployment\'s pods take pod annotations on the pod template).',
  IST0108: 'Remove the annotation, or correct its name to one of Istio\'s.',
  IST0109: 'Merge the VirtualServices for this host into one (one ServiceRoutes per MeshService), or bind one to a gateway.',
  IST0110: 'Give the Sidecars workload selectors that pick disjoint pods, or merge them into one.',
  IST0111: 'Keep one Sidecar without workloadSelector per namespace; give the others a workloadSelector.',
  IST0112: 'Set the destination port (the MeshService port) in the route, as the host exposes several.',
  IST0116: 'Give each port of the Services in front of this Deployment one protocol, or select its pods with one Service.',
  IST0118: 'Name the port <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, udp, mongo, mysql, redis) or set appProtocol.',
  IST0123: 'Keep one injection label on the namespace: istio-injection, istio.io/rev or istio.io/dataplane-mode (MeshNamespace sets one).',
  IST0125: 'Correct the annotation\'s value to the format the message gives.',
  IST0126: 'Set fromRegistry to Kubernetes or the name of a remote cluster\'s secret, or add that remote secret.',
  IST0127: 'Point the selector at the labels of pods in the mesh (MeshService versions), deploy them, or remove the policy.',
  IST0128: 'Set caCertificates (or a credentialName with a workloadSelector) in the DestinationRule\'s tls so the server certificate is verified.',
  IST0129: 'Set caCertificates (or a credentialName with a workloadSelector) in the port\'s tls so the server certificate is verified.',
  IST0130: 'Remove the rule or move it before the rule that takes its requests (a rule without match goes last).',
  IST0131: 'Remove the match, or order the more specific match (longer prefix) before the one that covers it.',
  IST0132: 'Add the VirtualService\'s hosts to the Gateway\'s servers (IstioGateway hosts), or bind it to a gateway that serves them.',
  IST0134: 'Give the ServiceEntry addresses, or set its ports\' protocol to HTTP/HTTPS/TLS, or enable DNS auto-allocation in the mesh config.',
  IST0135: 'Replace the deprecated annotation with what the message names (for sidecar.istio.io/inject, the label).',
  IST0137: 'Expose the target port through one Service port only, or give the Services distinct target ports.',
  IST0138: 'Give each Gateway its own certificate (credentialName), or merge the Gateways into one.',
  IST0139: 'Make the injection webhooks select disjoint namespaces and pods, and point them at istiod\'s existing Service.',
  IST0140: 'Route the gateway VirtualService to the subsets too, or merge it with the one that routes by subset.',
  IST0144: 'Run the application as another UID than 1337 (runAsUser), which is the sidecar proxy\'s.',
  IST0145: 'Give the Gateways for these pods distinct hosts or ports, or merge them into one.',
  IST0146: 'Enable injection for the pods (MeshNamespace, or the sidecar.istio.io/inject label), or give istio-proxy a real image.',
  IST0147: 'Delete the pod so it is recreated through the injector, or give istio-proxy a real image.',
  IST0148: 'Label the namespace istio-injection=disabled to keep it out of the mesh, or enabled to say so explicitly (MeshNamespace).',
  IST0149: 'Add a RequestAuthentication for the gateway\'s pods (RequestAuthentication with gateway), so the JWT claims exist for routing.',
  IST0150: 'Name the ExternalName Service\'s ports <protocol>[-<suffix>] other than plain tcp (e.g. http, https, tls).',
  IST0151: 'Set the EnvoyFilter\'s priority, or use INSERT_FIRST or ADD instead of the relative operation.',
  IST0152: 'Use REPLACE only with applyTo HTTP_FILTER or NETWORK_FILTER; use MERGE for other targets.',
  IST0153: 'Use MERGE, not ADD, to patch a ROUTE_CONFIGURATION or HTTP_ROUTE.',
  IST0154: 'Do not REMOVE a ROUTE_CONFIGURATION or HTTP_ROUTE; change the VirtualService routes instead.',
  IST0155: 'Set the EnvoyFilter\'s priority, or use INSERT_FIRST or ADD, so it still applies while proxy versions change.',
  IST0157: 'Name the access log providers in the Telemetry (MeshTelemetry accessLogging uses envoy), or set defaultProviders.accessLogging in the mesh config.',
  IST0158: 'Restart the namespace\'s pods so they get the injector\'s current proxy image.',
  IST0159: 'Give the Telemetries selectors that pick disjoint pods, or merge them into one.',
  IST0160: 'Keep one Telemetry without selector per namespace (one MeshTelemetry), or give the others a selector.',
  IST0161: 'Store a valid, unexpired certificate and key (tls.crt and tls.key, or cert and key) in the Secret credentialName names.',
  IST0162: 'Use a port the gateway\'s Service leads to (IstioGateway httpPort 8080 / tls.port 8443 for the default ingress gateway), or add it to the Service.',
  IST0163: 'Give the webhook a valid clientConfig.url (https://<istiod host>:15017/...) or a clientConfig.service.',
  IST0164: 'Use a host name instead of an IP address in the webhook\'s clientConfig.url.',
  IST0165: 'Bind the VirtualService to an Istio Gateway, or route with an HTTPRoute to the Gateway API gateway.',
  IST0166: 'Attach the policy to the Gateway with targetRefs instead of selector.',
  IST0167: 'Remove the Sidecar: ambient workloads have no sidecar (configure a waypoint instead).',
  IST0171: 'Fix what the condition\'s reason and message say, then let the controller update the status.',
  IST0173: 'Deploy pods with the subset\'s labels (MeshService.addVersion), or fix or remove the subset.',
  IST0174: 'Set the DestinationRule\'s host to an existing Service or ServiceEntry host (MeshDestinationRule does).',
  IST0175: 'Set BLOCKED_CIDRS_IN_JWKS_URIS on istiod to the networks JWKS must not be fetched from.',
};

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
   * @see https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-analyze
   */
  readonly istioNamespace?: string;
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
  /**
   * Objects the cluster holds besides the manifests, as `istioctl analyze` reads the cluster too:
   * a TLS Secret made with `kubectl create secret tls` or by cert-manager, a namespace made
   * elsewhere. They count as present, and nothing is reported on them.
   * @default - none
   * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/#analyzing-live-clusters-local-files-or-both
   */
  readonly clusterObjects?: readonly any[];
}

/** The codes the analyzer implements, sorted. */
export const ANALYZER_CODES: readonly string[] = [...new Set([schemas, istioWebhook, kubeApiServer, ...ANALYZERS, uncoveredWorkloads].flatMap((a) => a.codes))].sort();

/**
 * Analyzes manifests as `istioctl analyze` analyzes a cluster holding exactly them: plain objects
 * (parsed YAML, or the JSON of ApiObjects) or an index of them in, findings out, suppressed ones
 * included (flagged). Pods and the pod templates of controllers are read alike. Objects without
 * a namespace stay without one, as with `istioctl analyze --all-namespaces`; the default ingress
 * gateway (`istio-system/istio-ingressgateway`) is assumed, as istioctl does.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/
 */
export function analyzeMesh(objects: readonly any[] | ManifestIndex, options: AnalyzeOptions = {}): MeshFinding[] {
  const given = objects instanceof ManifestIndex ? objects : new ManifestIndex(objects);
  // An object of the manifests replaces the cluster's of the same identity, as applying it would.
  const applied = new Set(given.objects.map(identityOf));
  const cluster = (options.clusterObjects ?? []).filter((o) => o !== null && typeof o === 'object' && !applied.has(identityOf(o)));
  const index = cluster.length ? new ManifestIndex([...cluster, ...given.objects], [...cluster.map(() => undefined), ...given.objects.map((o) => given.pathOf(o))]) : given;
  index.memo(CLUSTER_OBJECTS, () => new Set(cluster));
  const collector = new FindingCollector(index, FIXES);
  const mesh = resolveMeshConfig(options.meshConfig);
  const resources = new Resources(index, { mesh, meshNetworks: options.meshNetworks, istioNamespace: options.istioNamespace ?? 'istio-system' });
  const run = (analyzer: Analyzer) => analyzer.analyze({
    index,
    resources,
    mesh,
    report: (code, target, args, reportOptions) => collector.report(code, target, args, reportOptions, analyzer.name),
  });
  // The API server's order: the schema, then its validation and Istio's webhook, then analysis.
  if (options.schemas ?? true) run(schemas);
  run(istioWebhook);
  run(kubeApiServer);
  for (const analyzer of ANALYZERS) run(analyzer);
  if (options.uncoveredWorkloads) run(uncoveredWorkloads);
  if (!cluster.length) return collector.findings;
  const clusterIds = new Set(cluster.map(resourceId));
  return collector.findings.filter((f) => !clusterIds.has(f.resource));
}
