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
 * Kiali's validations that istioctl analyze has no message for, as Kiali words them.
 * @see https://kiali.io/docs/features/validations/
 */
export const KIALI_MESSAGES: Readonly<Record<string, MessageType>> = {
  KIA0106: { code: 'KIA0106', name: 'authorizationpolicy.source.principalnotfound', level: FindingLevel.ERROR, template: 'Service Account not found for this principal: %q' },
};

/** This library's own checks, for mistakes neither istioctl nor Kiali reports. */
export const LIBRARY_MESSAGES: Readonly<Record<string, MessageType>> = {
  CI0001: { code: 'CI0001', name: 'WorkloadWithoutAppVersionLabels', level: FindingLevel.WARNING, template: 'The pod template has no %s label.' },
  CI0002: { code: 'CI0002', name: 'AllowPolicyWithoutRules', level: FindingLevel.WARNING, template: 'It has no rules, so it denies every request to %s.' },
  CI0101: { code: 'CI0101', name: 'SchemaViolation', level: FindingLevel.ERROR, template: 'The API server refuses it: %s' },
  CI0201: { code: 'CI0201', name: 'RouteBackendSelectsNoPods', level: FindingLevel.ERROR, template: 'The backend Service %s selects no pods, so requests routed to it fail (503).' },
  CI0202: { code: 'CI0202', name: 'RouteBackendNotPermitted', level: FindingLevel.ERROR, template: 'The backend Service %s is in namespace %s, and no ReferenceGrant there lets HTTPRoutes of %s use it.' },
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
