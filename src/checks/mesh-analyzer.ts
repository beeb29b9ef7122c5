import { Analyzer } from './analyzers/analyzer';
import { k8sAnnotations } from './analyzers/annotations';
import { blockedCidrs } from './analyzers/authn';
import { allowWithoutRules, authorizationPolicies, principals } from './analyzers/authorization';
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
  principals,
  workloadLabels,
  allowWithoutRules,
];

/** How to fix a finding of each code, where the finding does not say more precisely. */
const FIXES: Readonly<Record<string, string>> = {
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
 * Analyzes manifests as `istioctl analyze` analyzes a cluster holding exactly them: plain objects
 * (parsed YAML, or the JSON of ApiObjects) or an index of them in, findings out, suppressed ones
 * included (flagged). Pods and the pod templates of controllers are read alike. Objects without
 * a namespace stay without one, as with `istioctl analyze --all-namespaces`; the default ingress
 * gateway (`istio-system/istio-ingressgateway`) is assumed, as istioctl does.
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
