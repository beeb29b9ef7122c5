// The messages the mesh checks report: istioctl analyze's (IST, copied from Istio 1.28.10
// pkg/config/analysis/msg/messages.yaml: code, name, level and template), Kiali's (KIA) where
// istioctl has none for the mistake, and this library's own (CI) for what neither checks.

/** How bad a finding is; istioctl analyze's levels. */
export enum FindingLevel {
  /** Istio, Kubernetes or the traffic would break: synthesis fails. */
  ERROR = 'Error',
  /** Probably a mistake: printed, synthesis goes on. */
  WARNING = 'Warning',
  /** Worth knowing: printed, synthesis goes on. */
  INFO = 'Info',
}

/** One kind of finding. */
export interface MessageType {
  /** `IST0101`, `KIA0106`, `CI0001`... */
  readonly code: string;
  /** istioctl's or Kiali's name for it. */
  readonly name: string;
  /** How bad its findings are. */
  readonly level: FindingLevel;
  /** The message, a Go fmt template (`%s`, `%q`, `%v`, `%d`) as istioctl writes it. */
  readonly template: string;
}

/** Every istioctl analyze message of Istio 1.28.10, by code. */
export const ISTIO_MESSAGES: Readonly<Record<string, MessageType>> = {
  IST0001: { code: 'IST0001', name: 'InternalError', level: FindingLevel.ERROR, template: 'Internal error: %v' },
  IST0002: { code: 'IST0002', name: 'Deprecated', level: FindingLevel.WARNING, template: 'Deprecated: %s' },
  IST0101: { code: 'IST0101', name: 'ReferencedResourceNotFound', level: FindingLevel.ERROR, template: 'Referenced %s not found: %q' },
  IST0102: { code: 'IST0102', name: 'NamespaceNotInjected', level: FindingLevel.INFO, template: 'The namespace is not enabled for Istio injection. Run \'kubectl label namespace %s istio-injection=enabled\' to enable it, or \'kubectl label namespace %s istio-injection=disabled\' to explicitly mark it as not needing injection.' },
  IST0103: { code: 'IST0103', name: 'PodMissingProxy', level: FindingLevel.WARNING, template: 'The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.' },
  IST0106: { code: 'IST0106', name: 'SchemaValidationError', level: FindingLevel.ERROR, template: 'Schema validation error: %v' },
  IST0107: { code: 'IST0107', name: 'MisplacedAnnotation', level: FindingLevel.WARNING, template: 'Misplaced annotation: %s can only be applied to %s' },
  IST0108: { code: 'IST0108', name: 'UnknownAnnotation', level: FindingLevel.WARNING, template: 'Unknown annotation: %s' },
  IST0109: { code: 'IST0109', name: 'ConflictingMeshGatewayVirtualServiceHosts', level: FindingLevel.ERROR, template: 'The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.' },
  IST0110: { code: 'IST0110', name: 'ConflictingSidecarWorkloadSelectors', level: FindingLevel.ERROR, template: 'The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.' },
  IST0111: { code: 'IST0111', name: 'MultipleSidecarsWithoutWorkloadSelectors', level: FindingLevel.ERROR, template: 'The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.' },
  IST0112: { code: 'IST0112', name: 'VirtualServiceDestinationPortSelectorRequired', level: FindingLevel.ERROR, template: 'This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate.' },
  IST0116: { code: 'IST0116', name: 'DeploymentAssociatedToMultipleServices', level: FindingLevel.WARNING, template: 'This deployment %s is associated with multiple services using port %d but different protocols: %v' },
  IST0118: { code: 'IST0118', name: 'PortNameIsNotUnderNamingConvention', level: FindingLevel.INFO, template: 'Port name %s (port: %d, targetPort: %s) doesn\'t follow the naming convention of Istio port.' },
  IST0123: { code: 'IST0123', name: 'NamespaceMultipleInjectionLabels', level: FindingLevel.WARNING, template: 'The namespace has more than one type of injection labels %v, which may lead to undefined behavior. Make sure only one injection label exists.' },
  IST0125: { code: 'IST0125', name: 'InvalidAnnotation', level: FindingLevel.WARNING, template: 'Invalid annotation %s: %s' },
  IST0126: { code: 'IST0126', name: 'UnknownMeshNetworksServiceRegistry', level: FindingLevel.ERROR, template: 'Unknown service registry %s in network %s' },
  IST0127: { code: 'IST0127', name: 'NoMatchingWorkloadsFound', level: FindingLevel.WARNING, template: 'No matching workloads for this resource with the following labels: %s' },
  IST0128: { code: 'IST0128', name: 'NoServerCertificateVerificationDestinationLevel', level: FindingLevel.WARNING, template: 'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s' },
  IST0129: { code: 'IST0129', name: 'NoServerCertificateVerificationPortLevel', level: FindingLevel.WARNING, template: 'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s' },
  IST0130: { code: 'IST0130', name: 'VirtualServiceUnreachableRule', level: FindingLevel.WARNING, template: 'VirtualService rule %v not used (%s).' },
  IST0131: { code: 'IST0131', name: 'VirtualServiceIneffectiveMatch', level: FindingLevel.INFO, template: 'VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).' },
  IST0132: { code: 'IST0132', name: 'VirtualServiceHostNotFoundInGateway', level: FindingLevel.WARNING, template: 'one or more host %v defined in VirtualService %s not found in Gateway %s.' },
  IST0133: { code: 'IST0133', name: 'SchemaWarning', level: FindingLevel.WARNING, template: 'Schema validation warning: %v' },
  IST0134: { code: 'IST0134', name: 'ServiceEntryAddressesRequired', level: FindingLevel.WARNING, template: 'ServiceEntry addresses are required for this protocol.' },
  IST0135: { code: 'IST0135', name: 'DeprecatedAnnotation', level: FindingLevel.INFO, template: 'Annotation %q has been deprecated%s and may not work in future Istio versions.' },
  IST0136: { code: 'IST0136', name: 'AlphaAnnotation', level: FindingLevel.INFO, template: 'Annotation %q is part of an alpha-phase feature and may be incompletely supported.' },
  IST0137: { code: 'IST0137', name: 'DeploymentConflictingPorts', level: FindingLevel.WARNING, template: 'This deployment %s is associated with multiple services %v using targetPort %q but different ports: %v.' },
  IST0138: { code: 'IST0138', name: 'GatewayDuplicateCertificate', level: FindingLevel.WARNING, template: 'Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections.' },
  IST0139: { code: 'IST0139', name: 'InvalidWebhook', level: FindingLevel.ERROR, template: '%v' },
  IST0140: { code: 'IST0140', name: 'IngressRouteRulesNotAffected', level: FindingLevel.WARNING, template: 'Subset in virtual service %s has no effect on ingress gateway %s requests' },
  IST0141: { code: 'IST0141', name: 'InsufficientPermissions', level: FindingLevel.ERROR, template: 'Missing required permission to create resource %v (%v)' },
  IST0142: { code: 'IST0142', name: 'UnsupportedKubernetesVersion', level: FindingLevel.ERROR, template: 'The Kubernetes Version %q is lower than the minimum version: %v' },
  IST0143: { code: 'IST0143', name: 'LocalhostListener', level: FindingLevel.ERROR, template: 'Port %v is exposed in a Service but listens on localhost. It will not be exposed to other pods.' },
  IST0144: { code: 'IST0144', name: 'InvalidApplicationUID', level: FindingLevel.WARNING, template: 'User ID (UID) 1337 is reserved for the sidecar proxy.' },
  IST0145: { code: 'IST0145', name: 'ConflictingGateways', level: FindingLevel.ERROR, template: 'Conflict with gateways %s (workload selector %s, port %s, hosts %v).' },
  IST0146: { code: 'IST0146', name: 'ImageAutoWithoutInjectionWarning', level: FindingLevel.WARNING, template: '%s %s contains `image: auto` but does not match any Istio injection webhook selectors.' },
  IST0147: { code: 'IST0147', name: 'ImageAutoWithoutInjectionError', level: FindingLevel.ERROR, template: '%s %s contains `image: auto` but does not match any Istio injection webhook selectors.' },
  IST0148: { code: 'IST0148', name: 'NamespaceInjectionEnabledByDefault', level: FindingLevel.INFO, template: 'is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.' },
  IST0149: { code: 'IST0149', name: 'JwtClaimBasedRoutingWithoutRequestAuthN', level: FindingLevel.ERROR, template: 'The virtual service uses the JWT claim based routing (key: %s) but found no request authentication for the gateway (%s) pod (%s). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.' },
  IST0150: { code: 'IST0150', name: 'ExternalNameServiceTypeInvalidPortName', level: FindingLevel.WARNING, template: 'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly' },
  IST0151: { code: 'IST0151', name: 'EnvoyFilterUsesRelativeOperation', level: FindingLevel.WARNING, template: 'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.' },
  IST0152: { code: 'IST0152', name: 'EnvoyFilterUsesReplaceOperationIncorrectly', level: FindingLevel.ERROR, template: 'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.' },
  IST0153: { code: 'IST0153', name: 'EnvoyFilterUsesAddOperationIncorrectly', level: FindingLevel.ERROR, template: 'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.' },
  IST0154: { code: 'IST0154', name: 'EnvoyFilterUsesRemoveOperationIncorrectly', level: FindingLevel.ERROR, template: 'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.' },
  IST0155: { code: 'IST0155', name: 'EnvoyFilterUsesRelativeOperationWithProxyVersion', level: FindingLevel.WARNING, template: 'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.' },
  IST0156: { code: 'IST0156', name: 'UnsupportedGatewayAPIVersion', level: FindingLevel.ERROR, template: 'The Gateway API CRD version %v is lower than the minimum version: %v' },
  IST0172: { code: 'IST0172', name: 'FutureUnsupportedGatewayAPIVersion', level: FindingLevel.WARNING, template: 'The Gateway API CRD version %v is lower than the minimum version: %v' },
  IST0157: { code: 'IST0157', name: 'InvalidTelemetryProvider', level: FindingLevel.WARNING, template: 'The Telemetry %v in namespace %q with empty providers will be ignored.' },
  IST0158: { code: 'IST0158', name: 'PodsIstioProxyImageMismatchInNamespace', level: FindingLevel.WARNING, template: 'The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: %v). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.' },
  IST0159: { code: 'IST0159', name: 'ConflictingTelemetryWorkloadSelectors', level: FindingLevel.ERROR, template: 'The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.' },
  IST0160: { code: 'IST0160', name: 'MultipleTelemetriesWithoutWorkloadSelectors', level: FindingLevel.ERROR, template: 'The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior.' },
  IST0161: { code: 'IST0161', name: 'InvalidGatewayCredential', level: FindingLevel.ERROR, template: 'The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work as expected.' },
  IST0162: { code: 'IST0162', name: 'GatewayPortNotDefinedOnService', level: FindingLevel.WARNING, template: 'The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available.' },
  IST0163: { code: 'IST0163', name: 'InvalidExternalControlPlaneConfig', level: FindingLevel.WARNING, template: 'The hostname (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster %s. Traffic may not flow properly.' },
  IST0164: { code: 'IST0164', name: 'ExternalControlPlaneAddressIsNotAHostname', level: FindingLevel.INFO, template: 'The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.' },
  IST0165: { code: 'IST0165', name: 'ReferencedInternalGateway', level: FindingLevel.WARNING, template: 'Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s.' },
  IST0166: { code: 'IST0166', name: 'IneffectiveSelector', level: FindingLevel.WARNING, template: 'Ineffective selector on Kubernetes Gateway %s. Use the TargetRef field instead.' },
  IST0167: { code: 'IST0167', name: 'IneffectivePolicy', level: FindingLevel.WARNING, template: 'The policy has no impact: %s.' },
  IST0168: { code: 'IST0168', name: 'UnknownUpgradeCompatibility', level: FindingLevel.WARNING, template: 'The configuration %q changed in release %s, but compatibility cannot be automatically detected: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.' },
  IST0169: { code: 'IST0169', name: 'UpdateIncompatibility', level: FindingLevel.WARNING, template: 'The configuration %q changed in release %s: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.' },
  IST0170: { code: 'IST0170', name: 'MultiClusterInconsistentService', level: FindingLevel.WARNING, template: 'The service %v in namespace %q is inconsistent across clusters %q, which can lead to undefined behaviors. The inconsistent behaviors are: %v.' },
  IST0171: { code: 'IST0171', name: 'NegativeConditionStatus', level: FindingLevel.WARNING, template: 'A condition with a negative status is present: type=%s, reason=%s, message=%s.' },
  IST0173: { code: 'IST0173', name: 'DestinationRuleSubsetNotSelectPods', level: FindingLevel.ERROR, template: 'The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).' },
  IST0174: { code: 'IST0174', name: 'UnknownDestinationRuleHost', level: FindingLevel.WARNING, template: 'The host %s defined in the DestinationRule does not match any services in the mesh.' },
  IST0175: { code: 'IST0175', name: 'JwksUriFetchUnrestricted', level: FindingLevel.WARNING, template: 'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but %d RequestAuthentication resource(s) exist (%s). Consider configuring it to restrict JWKS URI fetches to trusted networks.' },
};

/**
 * Kiali's validations that istioctl analyze has no message for, as Kiali words them (Kiali
 * v2.30.0 `models/istio_validation.go`; KIA0102 in the words of its fix on Kiali's master, which
 * the check follows). Kiali's `unknown` severity is Info here; KIA0104 is a warning, as Kiali
 * reports it under Istio's default outbound policy ALLOW_ANY.
 * @see https://kiali.io/docs/features/validations/
 */
export const KIALI_MESSAGES: Readonly<Record<string, MessageType>> = {
  KIA0002: { code: 'KIA0002', name: 'generic.multimatch.selectorless', level: FindingLevel.ERROR, template: 'More than one selector-less object in the same namespace' },
  KIA0003: { code: 'KIA0003', name: 'generic.multimatch.selector', level: FindingLevel.ERROR, template: 'More than one object applied to the same workload' },
  KIA0004: { code: 'KIA0004', name: 'generic.selector.workloadnotfound', level: FindingLevel.WARNING, template: 'No matching workload found for the selector in this namespace' },
  KIA0005: { code: 'KIA0005', name: 'generic.exportto.namespacenotfound', level: FindingLevel.ERROR, template: 'No matching namespace found or namespace is not accessible' },
  KIA0102: { code: 'KIA0102', name: 'authorizationpolicy.to.wrongmethod', level: FindingLevel.WARNING, template: 'Only HTTP methods and Istio wildcards are allowed' },
  KIA0104: { code: 'KIA0104', name: 'authorizationpolicy.nodest.matchingregistry', level: FindingLevel.WARNING, template: 'This host has no matching entry in the service registry' },
  KIA0105: { code: 'KIA0105', name: 'authorizationpolicy.mtls.needstobeenabled', level: FindingLevel.ERROR, template: 'This field requires mTLS to be enabled' },
  KIA0106: { code: 'KIA0106', name: 'authorizationpolicy.source.principalnotfound', level: FindingLevel.ERROR, template: 'Service Account not found for this principal' },
  KIA0108: { code: 'KIA0108', name: 'authorizationpolicy.source.principalforeign', level: FindingLevel.WARNING, template: 'Unable to verify principal, trust domain is not known to Kiali' },
  KIA0109: { code: 'KIA0109', name: 'authorizationpolicy.ambient.l7nowaypoint', level: FindingLevel.WARNING, template: 'L7 AuthorizationPolicy in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)' },
  KIA0110: { code: 'KIA0110', name: 'authorizationpolicy.ambient.l7notargetrefs', level: FindingLevel.WARNING, template: 'L7 AuthorizationPolicy in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints' },
  KIA0201: { code: 'KIA0201', name: 'destinationrules.multimatch', level: FindingLevel.WARNING, template: 'More than one DestinationRules for the same host subset combination' },
  KIA0204: { code: 'KIA0204', name: 'destinationrules.trafficpolicy.notlssettings', level: FindingLevel.WARNING, template: 'mTLS settings of a non-local Destination Rule are overridden' },
  KIA0205: { code: 'KIA0205', name: 'destinationrules.mtls.meshpolicymissing', level: FindingLevel.ERROR, template: 'PeerAuthentication enabling mTLS at mesh level is missing' },
  KIA0206: { code: 'KIA0206', name: 'destinationrules.mtls.nspolicymissing', level: FindingLevel.ERROR, template: 'PeerAuthentication enabling namespace-wide mTLS is missing' },
  KIA0207: { code: 'KIA0207', name: 'destinationrules.mtls.policymtlsenabled', level: FindingLevel.ERROR, template: 'PeerAuthentication with TLS strict mode found, it should be permissive' },
  KIA0208: { code: 'KIA0208', name: 'destinationrules.mtls.meshpolicymtlsenabled', level: FindingLevel.ERROR, template: 'PeerAuthentication enabling mTLS found, permissive mode needed' },
  KIA0209: { code: 'KIA0209', name: 'destinationrules.nodest.subsetnolabels', level: FindingLevel.WARNING, template: 'This subset has not labels' },
  KIA0210: { code: 'KIA0210', name: 'destinationrule.ambient.l7nowaypoint', level: FindingLevel.WARNING, template: 'L7 DestinationRule features in Ambient namespace require waypoint enrollment (istio.io/use-waypoint)' },
  KIA0211: { code: 'KIA0211', name: 'destinationrule.ambient.servicenotcaptured', level: FindingLevel.WARNING, template: 'L7 DestinationRule targets a service not enrolled to use a waypoint (istio.io/use-waypoint)' },
  KIA0212: { code: 'KIA0212', name: 'destinationrule.ambient.notinservicenamespace', level: FindingLevel.WARNING, template: 'L7 DestinationRule should be in the same namespace as the Ambient destination service to take effect' },
  KIA0401: { code: 'KIA0401', name: 'peerauthentication.mtls.destinationrulemissing', level: FindingLevel.ERROR, template: 'Mesh-wide Destination Rule enabling mTLS is missing' },
  KIA0501: { code: 'KIA0501', name: 'peerauthentications.mtls.destinationrulemissing', level: FindingLevel.ERROR, template: 'Destination Rule enabling namespace-wide mTLS is missing' },
  KIA0505: { code: 'KIA0505', name: 'peerauthentications.mtls.disabledestinationrulemissing', level: FindingLevel.ERROR, template: 'Destination Rule disabling namespace-wide mTLS is missing' },
  KIA0506: { code: 'KIA0506', name: 'peerauthentications.mtls.disablemeshdestinationrulemissing', level: FindingLevel.ERROR, template: 'Destination Rule disabling mesh-wide mTLS is missing' },
  KIA0701: { code: 'KIA0701', name: 'service.deployment.port.mismatch', level: FindingLevel.WARNING, template: 'Deployment exposing same port as Service not found' },
  KIA1004: { code: 'KIA1004', name: 'sidecar.egress.servicenotfound', level: FindingLevel.WARNING, template: 'This host has no matching entry in the service registry' },
  KIA1006: { code: 'KIA1006', name: 'sidecar.global.selector', level: FindingLevel.WARNING, template: 'Global default sidecar should not have workloadSelector' },
  KIA1102: { code: 'KIA1102', name: 'virtualservices.nogateway', level: FindingLevel.ERROR, template: 'VirtualService is pointing to a non-existent gateway' },
  KIA1104: { code: 'KIA1104', name: 'virtualservices.route.singleweight', level: FindingLevel.WARNING, template: 'The weight is assumed to be 100 because there is only one route destination' },
  KIA1105: { code: 'KIA1105', name: 'virtualservices.route.repeatedsubset', level: FindingLevel.WARNING, template: 'This host subset combination is already referenced in another route destination' },
  KIA1108: { code: 'KIA1108', name: 'virtualservices.gateway.oldnomenclature', level: FindingLevel.INFO, template: 'Preferred nomenclature: <gateway namespace>/<gateway name>' },
  KIA1109: { code: 'KIA1109', name: 'virtualservice.ambient.l7nowaypoint', level: FindingLevel.WARNING, template: 'L7 VirtualService for mesh traffic in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)' },
  KIA1110: { code: 'KIA1110', name: 'requestauthentication.ambient.l7nowaypoint', level: FindingLevel.WARNING, template: 'RequestAuthentication in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)' },
  KIA1111: { code: 'KIA1111', name: 'wasmplugin.ambient.l7nowaypoint', level: FindingLevel.WARNING, template: 'WasmPlugin in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)' },
  KIA1112: { code: 'KIA1112', name: 'telemetry.ambient.l7nowaypoint', level: FindingLevel.WARNING, template: 'L7 Telemetry in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)' },
  KIA1113: { code: 'KIA1113', name: 'virtualservice.ambient.servicenotcaptured', level: FindingLevel.WARNING, template: 'L7 VirtualService targets a service not enrolled to use a waypoint (istio.io/use-waypoint)' },
  KIA1114: { code: 'KIA1114', name: 'virtualservice.ambient.notinservicenamespace', level: FindingLevel.WARNING, template: 'L7 VirtualService should be in the same namespace as the Ambient destination service to take effect' },
  KIA1115: { code: 'KIA1115', name: 'requestauthentication.ambient.l7notargetrefs', level: FindingLevel.WARNING, template: 'RequestAuthentication in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints' },
  KIA1116: { code: 'KIA1116', name: 'wasmplugin.ambient.l7notargetrefs', level: FindingLevel.WARNING, template: 'WasmPlugin in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints' },
  KIA1117: { code: 'KIA1117', name: 'telemetry.ambient.l7notargetrefs', level: FindingLevel.WARNING, template: 'L7 Telemetry in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints' },
  KIA1211: { code: 'KIA1211', name: 'serviceentries.multimatch', level: FindingLevel.WARNING, template: 'More than one ServiceEntry for the same host and port' },
  KIA1212: { code: 'KIA1212', name: 'serviceentries.port.protocol.conflict', level: FindingLevel.WARNING, template: 'ServiceEntries have conflicting protocols for the same host and port' },
  KIA1301: { code: 'KIA1301', name: 'workload.authorizationpolicy.needstobecovered', level: FindingLevel.WARNING, template: 'This workload is not covered by any authorization policy' },
  KIA1311: { code: 'KIA1311', name: 'workload.ambient.sidecarandlabel', level: FindingLevel.ERROR, template: 'This workload has both sidecar and Ambient label' },
  KIA1312: { code: 'KIA1312', name: 'workload.ambient.waypointandnotambient', level: FindingLevel.WARNING, template: 'This workload has waypoint labels but is not in Ambient' },
  KIA1313: { code: 'KIA1313', name: 'workload.ambient.waypointnotfound', level: FindingLevel.ERROR, template: 'This workload has annotated waypoint but it does not exist or is misconfigured' },
  KIA1317: { code: 'KIA1317', name: 'workload.ambient.authpolicybutnowaypoint', level: FindingLevel.WARNING, template: 'This workload has L7 Authorization Policies but no Waypoint' },
  KIA1401: { code: 'KIA1401', name: 'k8sroutes.nok8sgateway', level: FindingLevel.ERROR, template: 'Route is pointing to a non-existent or inaccessible K8s gateway' },
  KIA1402: { code: 'KIA1402', name: 'k8sroutes.nohost.namenotfound', level: FindingLevel.ERROR, template: 'Reference doesn\'t have a valid service (Service name not found)' },
  KIA1501: { code: 'KIA1501', name: 'k8sgateways.multimatch.listener', level: FindingLevel.WARNING, template: 'More than one K8s Gateway for the same host port combination' },
  KIA1502: { code: 'KIA1502', name: 'k8sgateways.multimatch.ip', level: FindingLevel.WARNING, template: 'More than one K8s Gateway for the same address and type combination' },
  KIA1504: { code: 'KIA1504', name: 'k8sgateways.gatewayclassnotfound', level: FindingLevel.ERROR, template: 'Gateway API Class not found in Kiali configuration' },
  KIA1601: { code: 'KIA1601', name: 'k8sreferencegrants.from.namespacenotfound', level: FindingLevel.ERROR, template: 'Namespace is not found or is not accessible' },
  KIA1701: { code: 'KIA1701', name: 'workloadgroup.template.serviceaccount.notfound', level: FindingLevel.WARNING, template: 'Service Account not found in this namespace' },
  KIA1702: { code: 'KIA1702', name: 'workloadgroup.labels.duplicate', level: FindingLevel.WARNING, template: 'More than one Workload Group with duplicate labels found in the same namespace' },
};

/** This library's own checks, for mistakes neither istioctl nor Kiali reports. */
export const LIBRARY_MESSAGES: Readonly<Record<string, MessageType>> = {
  CI0001: { code: 'CI0001', name: 'WorkloadWithoutAppVersionLabels', level: FindingLevel.WARNING, template: 'The pod template has no %s label.' },
  CI0002: { code: 'CI0002', name: 'AllowPolicyWithoutRules', level: FindingLevel.WARNING, template: 'It has no rules, so it denies every request to %s.' },
  CI0101: { code: 'CI0101', name: 'SchemaViolation', level: FindingLevel.ERROR, template: 'The API server refuses it: %s' },
  CI0102: { code: 'CI0102', name: 'KubernetesValidation', level: FindingLevel.ERROR, template: 'The API server refuses it: %s' },
  CI0103: { code: 'CI0103', name: 'KubernetesWarning', level: FindingLevel.WARNING, template: 'The API server accepts it, but: %s' },
  CI0201: { code: 'CI0201', name: 'RouteBackendSelectsNoPods', level: FindingLevel.ERROR, template: 'The backend Service %s selects no pods, so requests routed to it fail (503).' },
  CI0202: { code: 'CI0202', name: 'RouteBackendNotPermitted', level: FindingLevel.ERROR, template: 'The backend Service %s is in namespace %s, and no ReferenceGrant there lets HTTPRoutes of %s use it.' },
  CI0301: { code: 'CI0301', name: 'MeshVirtualServiceInAmbient', level: FindingLevel.WARNING, template: 'It routes mesh traffic to %s in ambient namespace %s, where waypoints implement HTTPRoutes: a VirtualService there is Alpha, and ztunnel applies none.' },
  CI0302: { code: 'CI0302', name: 'UnusedWaypoint', level: FindingLevel.WARNING, template: 'Nothing is enrolled in waypoint %s (no istio.io/use-waypoint label names it), so it takes no traffic.' },
  CI0303: { code: 'CI0303', name: 'MissingWaypoint', level: FindingLevel.ERROR, template: 'It is enrolled in waypoint %s (istio.io/use-waypoint), which cannot take its traffic: %s. Its L7 routes and policies take no effect.' },
  CI0401: { code: 'CI0401', name: 'DuplicateObject', level: FindingLevel.ERROR, template: 'The app has this kind, namespace and name twice (the other at %s): applied, one overwrites the other.' },
  CI0402: { code: 'CI0402', name: 'PolicyWithoutDataPlane', level: FindingLevel.WARNING, template: 'Namespace %s has no data plane (no sidecar injection, not ambient), so nothing enforces the security policies in it: %s.' },
  CI0403: { code: 'CI0403', name: 'PolicyInRootNamespace', level: FindingLevel.WARNING, template: 'It has no selector or targetRefs and is in the root namespace %s: it applies to every workload of the mesh.' },
  CI0404: { code: 'CI0404', name: 'UndeclaredNamespace', level: FindingLevel.WARNING, template: 'Its namespace %s is declared nowhere in the app (no Namespace object); %d objects of the app are in it.' },
};

/** Every message the checks can report, by code. */
export const MESSAGES: Readonly<Record<string, MessageType>> = { ...ISTIO_MESSAGES, ...KIALI_MESSAGES, ...LIBRARY_MESSAGES };

/** Renders a Go fmt template the way istioctl does for these argument types. */
export function formatMessage(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%([svqd%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (verb === 'q') return goQuote(String(arg));
    return goValue(arg);
  });
}

function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (v instanceof Error) return v.message;
  return String(v);
}

// Go's %q: a double-quoted string with Go escapes; JSON's are the same for the text we quote.
function goQuote(s: string): string {
  return JSON.stringify(s);
}
