// The analyzers after istioctl analyze (Istio 1.28.10), one small manifest set per message code
// that yields exactly that finding, and near-misses that yield nothing. Each case cites the Go
// source at 1.28.10 (pkg/config/analysis/analyzers/... abbreviated A/...). Cases are our own.
import { analyzeMesh, AnalyzeOptions, formatFinding, ManifestIndex } from '../src';
import { validGatewaySecret } from '../src/checks/analyzers/gateway';
import { TEST_CERTIFICATE, tlsSecret } from './util/certificates';

/**
 * The unsuppressed findings of istioctl's analyzers, as istioctl prints them: level, code,
 * resource, message. Kiali's and this library's codes, and the admission checks (IST0106 and
 * IST0133 from the webhook's validation, CI0102 from the API server's) have their own tests.
 */
function analyze(objects: any[], options: AnalyzeOptions = {}): string[] {
  return analyzeMesh(objects, { schemas: false, ...options })
    .filter((f) => !f.suppressed && f.code.startsWith('IST') && f.code !== 'IST0106' && f.code !== 'IST0133').map(formatFinding);
}

// ------------------------------------------------------------------------------ builders
const NET = 'networking.istio.io/v1';
const ns = (name: string, labels: Record<string, string> = { 'istio-injection': 'enabled' }, annotations?: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, ...(annotations ? { annotations } : {}) } });
const svc = (namespace: string, name: string, spec: any, metadata: any = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...metadata }, spec });
const http = (port = 80, name = 'http') => ({ name, port, protocol: 'TCP', targetPort: port });
const web = (namespace = 'apps', ports = [http()]) => svc(namespace, 'web', { selector: { app: 'web' }, ports });
const container = (extra: any = {}) => ({ name: 'app', image: 'example/app:1', ...extra });
const pod = (namespace: string, name: string, labels: Record<string, string>, spec: any = { containers: [container()] }, annotations?: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels, ...(annotations ? { annotations } : {}) }, spec });
const deploy = (namespace: string, name: string, labels: Record<string, string>, spec: any = { containers: [container()] }, annotations?: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels, ...(annotations ? { annotations } : {}) }, spec } },
});
const webV1 = (namespace = 'apps') => deploy(namespace, 'web-v1', { app: 'web', version: 'v1' });
const res = (apiVersion: string, kind: string, namespace: string | undefined, name: string, spec: any, metadata: any = {}) =>
  ({ apiVersion, kind, metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...metadata }, spec });
const vs = (namespace: string, name: string, spec: any) => res(NET, 'VirtualService', namespace, name, spec);
const dr = (namespace: string, name: string, spec: any) => res(NET, 'DestinationRule', namespace, name, spec);
const gateway = (namespace: string, name: string, servers: any[], selector: Record<string, string> = { istio: 'ingressgateway' }) =>
  res(NET, 'Gateway', namespace, name, { selector, servers });
const server = (port: number, hosts: string[], extra: any = {}) => ({ port: { number: port, name: `p${port}`, protocol: 'HTTP' }, hosts, ...extra });
const route = (host: string, extra: any = {}) => ({ destination: { host, ...extra } });
const ap = (namespace: string, name: string, spec: any) => res('security.istio.io/v1', 'AuthorizationPolicy', namespace, name, spec);
const telemetry = (namespace: string, name: string, spec: any) => res('telemetry.istio.io/v1', 'Telemetry', namespace, name, spec);
const sidecar = (namespace: string, name: string, spec: any = {}) => res(NET, 'Sidecar', namespace, name, spec);
const envoyFilter = (name: string, spec: any) => res('networking.istio.io/v1alpha3', 'EnvoyFilter', 'apps', name, spec);
const configMap = (name: string, values: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'istio-system' }, data: { values: JSON.stringify(values) } });
const mutatingWebhook = (name: string, webhooks: any[], labels?: Record<string, string>) =>
  ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name, ...(labels ? { labels } : {}) }, webhooks });
const istiod = svc('istio-system', 'istiod', { selector: { app: 'istiod' }, ports: [{ name: 'https-webhook', port: 443, targetPort: 15017 }] }, { labels: { app: 'istiod', istio: 'pilot' } });

describe('annotations.K8sAnalyzer', () => {
  test('IST0108: an unknown Istio annotation (A/annotations/annotations.go:94)', () => {
    expect(analyze([svc('apps', 'web', {}, { annotations: { 'networking.istio.io/exportThat': '.' } })])).toEqual([
      'Warning [IST0108] (Service apps/web) Unknown annotation: networking.istio.io/exportThat',
    ]);
  });

  test('IST0107: an annotation on a kind it does not apply to (A/annotations/annotations.go:123)', () => {
    expect(analyze([pod('apps', 'web', { app: 'web' }, undefined, { 'networking.istio.io/exportTo': '.' })])).toEqual([
      'Warning [IST0107] (Pod apps/web) Misplaced annotation: networking.istio.io/exportTo can only be applied to Service',
    ]);
  });

  test('IST0125: an invalid annotation value (A/annotations/annotations.go:133, pkg/kube/inject/validate.go:77-87)', () => {
    expect(analyze([pod('apps', 'web', { app: 'web' }, undefined, { 'sidecar.istio.io/interceptionMode': 'DNAT' })])).toEqual([
      'Warning [IST0125] (Pod apps/web) Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: DNAT',
    ]);
    expect(analyze([pod('apps', 'web', {}, undefined, { 'readiness.status.sidecar.istio.io/periodSeconds': '-1', 'traffic.sidecar.istio.io/excludeOutboundPorts': '80,x' })])).toEqual([
      'Warning [IST0125] (Pod apps/web) Invalid annotation readiness.status.sidecar.istio.io/periodSeconds: strconv.ParseUint: parsing "-1": invalid syntax',
      'Warning [IST0125] (Pod apps/web) Invalid annotation traffic.sidecar.istio.io/excludeOutboundPorts: excludeOutboundPorts invalid: failed parsing port \'x\': failed parsing port \'x\': strconv.ParseUint: parsing "x": invalid syntax',
    ]);
  });

  test('IST0135: a deprecated annotation, on a pod template too (A/annotations/annotations.go:107)', () => {
    expect(analyze([deploy('apps', 'web', { app: 'web' }, undefined, { 'sidecar.istio.io/inject': 'true' })])).toEqual([
      'Info [IST0135] (Deployment apps/web) Annotation "sidecar.istio.io/inject" has been deprecated in favor of the "sidecar.istio.io/inject" label and may not work in future Istio versions.',
    ]);
  });

  test('near-miss: valid values, the inject label beside the annotation, other prefixes (A/annotations/annotations.go:100-103, 144-160)', () => {
    expect(analyze([
      deploy('apps', 'web', { 'app': 'web', 'sidecar.istio.io/inject': 'true' }, undefined, {
        'sidecar.istio.io/inject': 'true',
        'sidecar.istio.io/interceptionMode': 'TPROXY',
        'sidecar.istio.io/proxyCPU': '100m',
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8,fd00::/8',
        'kubectl.kubernetes.io/restartedAt': 'now',
      }),
      svc('apps', 'web', {}, { annotations: { 'networking.istio.io/exportTo': '.', 'istio.io/rev': 'canary' } }),
    ])).toEqual([]);
  });
});

describe('authn.BlockedCIDRsAnalyzer', () => {
  const ra = res('security.istio.io/v1', 'RequestAuthentication', 'apps', 'jwt', { jwtRules: [{ issuer: 'https://issuer.example.com' }] });
  const istiodDeployment = (env: any[] = []) => ({ ...deploy('istio-system', 'istiod', { app: 'istiod' }, { containers: [container({ name: 'discovery', env })] }), metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } } });

  test('IST0175: RequestAuthentications and istiod without BLOCKED_CIDRS_IN_JWKS_URIS (A/authn/blockedcidrs.go:70)', () => {
    expect(analyze([ra, istiodDeployment()])).toEqual([
      'Warning [IST0175] (Deployment istio-system/istiod) BLOCKED_CIDRS_IN_JWKS_URIS is not configured but 1 RequestAuthentication resource(s) exist (apps/jwt). Consider configuring it to restrict JWKS URI fetches to trusted networks.',
    ]);
  });

  test('near-miss: the variable set (A/authn/blockedcidrs.go:81-89)', () => {
    expect(analyze([ra, istiodDeployment([{ name: 'BLOCKED_CIDRS_IN_JWKS_URIS', value: '169.254.169.254/32' }])])).toEqual([]);
  });
});

describe('auth.AuthorizationPoliciesAnalyzer', () => {
  test('IST0127: a selector no pod in the mesh matches, in a namespace and mesh-wide (A/authz/authorizationpolicies.go:75, 96)', () => {
    expect(analyze([
      ns('apps'), webV1(),
      ap('apps', 'allow-api', { selector: { matchLabels: { app: 'api' } }, rules: [{}] }),
      ap('istio-system', 'deny-api', { selector: { matchLabels: { app: 'api' } }, action: 'DENY', rules: [{}] }),
    ])).toEqual([
      'Warning [IST0127] (AuthorizationPolicy apps/allow-api) No matching workloads for this resource with the following labels: app=api',
      'Warning [IST0127] (AuthorizationPolicy istio-system/deny-api) No matching workloads for this resource with the following labels: app=api',
    ]);
  });

  test('IST0127: a namespace-wide policy where no pod is in the mesh (A/authz/authorizationpolicies.go:88)', () => {
    expect(analyze([ns('apps', { 'istio-injection': 'disabled' }), webV1(), ap('apps', 'allow-all', { rules: [{}] })])).toEqual([
      'Warning [IST0127] (AuthorizationPolicy apps/allow-all) No matching workloads for this resource with the following labels: ',
    ]);
  });

  test('IST0101: a source namespace no Namespace matches (A/authz/authorizationpolicies.go:147)', () => {
    expect(analyze([
      ns('apps'), webV1(),
      ap('apps', 'allow-web', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { namespaces: ['apps', 'shop'], notNamespaces: ['a*'] } }] }] }),
    ])).toEqual([
      'Error [IST0101] (AuthorizationPolicy apps/allow-web) Referenced namespace not found: "shop"',
    ]);
  });

  test('near-miss: pod templates of injected and ambient namespaces, wildcard namespaces (A/authz/authorizationpolicies.go:191-214, 173-186)', () => {
    expect(analyze([
      ns('apps'), ns('mesh', { 'istio.io/dataplane-mode': 'ambient' }), webV1(), deploy('mesh', 'api-v1', { app: 'api', version: 'v1' }),
      ap('apps', 'allow-web', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { namespaces: ['*', 'me*', '*ps', 'APPS'] } }] }] }),
      ap('mesh', 'allow-api', { selector: { matchLabels: { app: 'api' } }, rules: [{}] }),
      ap('istio-system', 'mesh-wide', { rules: [{}] }),
    ])).toEqual([]);
  });
});

describe('conditions.ConditionAnalyzer', () => {
  test('IST0171: negative conditions in the status (A/conditions/conditions.go:66, 76)', () => {
    const service = { ...svc('apps', 'web', {}), status: { conditions: [{ type: 'istio.io/WaypointBound', status: 'False', reason: 'WaypointNotFound', message: 'waypoint apps/w not found' }] } };
    const policy = { ...ap('istio-system', 'waypoint', { rules: [{}] }), status: { conditions: [{ type: 'WaypointAccepted', status: 'True', reason: 'PartiallyInvalid', message: 'rule 1 ignored' }] } };
    expect(analyze([service, policy])).toEqual([
      'Warning [IST0171] (Service apps/web) A condition with a negative status is present: type=istio.io/WaypointBound, reason=WaypointNotFound, message=waypoint apps/w not found.',
      'Warning [IST0171] (AuthorizationPolicy istio-system/waypoint) A condition with a negative status is present: type=WaypointAccepted, reason=PartiallyInvalid, message=rule 1 ignored.',
    ]);
  });

  test('near-miss: positive conditions (A/conditions/conditions.go:91-128)', () => {
    expect(analyze([{ ...svc('apps', 'web', {}), status: { conditions: [{ type: 'istio.io/WaypointBound', status: 'True', reason: 'Bound', message: '' }] } }])).toEqual([]);
  });
});

describe('deployment.MultiServiceAnalyzer', () => {
  test('IST0116: one port, two protocols (A/deployment/services.go:99)', () => {
    expect(analyze([
      ns('apps'), webV1(),
      svc('apps', 'web-tcp', { selector: { app: 'web' }, ports: [{ name: 'tcp-web', port: 8080, protocol: 'TCP' }] }),
      svc('apps', 'web-udp', { selector: { app: 'web' }, ports: [{ name: 'udp-web', port: 8080, protocol: 'UDP' }] }),
    ])).toEqual([
      'Warning [IST0116] (Deployment apps/web-v1) This deployment web-v1 is associated with multiple services using port 8080 but different protocols: [apps/web-tcp apps/web-udp]',
    ]);
  });

  test('IST0137: one target port, two ports (A/deployment/services.go:133)', () => {
    expect(analyze([
      ns('apps'), webV1(),
      svc('apps', 'web-a', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
      svc('apps', 'web-b', { selector: { app: 'web' }, ports: [{ name: 'http', port: 9080, targetPort: 8080 }] }),
    ])).toEqual([
      'Warning [IST0137] (Deployment apps/web-v1) This deployment web-v1 is associated with multiple services [apps/web-a apps/web-b] using targetPort "8080" but different ports: [80 9080].',
    ]);
  });

  test('near-miss: the same Services for a Deployment outside the mesh (A/deployment/services.go:65-69)', () => {
    expect(analyze([
      ns('apps', { 'istio-injection': 'disabled' }), webV1(),
      svc('apps', 'web-a', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
      svc('apps', 'web-b', { selector: { app: 'web' }, ports: [{ name: 'http', port: 9080, targetPort: 8080 }] }),
    ])).toEqual([]);
  });
});

describe('applicationUID.Analyzer', () => {
  test('IST0144: UID 1337 on a Pod, once however often, and on a StatefulSet\'s template (A/deployment/pod.go:65, 89)', () => {
    const statefulSet = { ...deploy('apps', 'db', { app: 'db' }, { containers: [container({ securityContext: { runAsUser: 1337 } })] }), apiVersion: 'apps/v1', kind: 'StatefulSet' };
    expect(analyze([pod('apps', 'web', {}, { securityContext: { runAsUser: 1337 }, containers: [container({ securityContext: { runAsUser: 1337 } })] }), statefulSet])).toEqual([
      'Warning [IST0144] (Pod apps/web) User ID (UID) 1337 is reserved for the sidecar proxy.',
      'Warning [IST0144] (StatefulSet apps/db) User ID (UID) 1337 is reserved for the sidecar proxy.',
    ]);
  });

  test('near-miss: the proxy\'s own container, and the control plane (A/deployment/pod.go:59-61, 70)', () => {
    expect(analyze([
      pod('apps', 'web', {}, { containers: [container(), { name: 'istio-proxy', image: 'proxyv2', securityContext: { runAsUser: 1337 } }] }),
      { ...pod('istio-system', 'gw', {}, { securityContext: { runAsUser: 1337 }, containers: [container()] }), metadata: { name: 'gw', namespace: 'istio-system', labels: { istio: 'ingressgateway' } } },
    ])).toEqual([]);
  });
});

describe('destinationrule.CaCertificateAnalyzer', () => {
  const entry = res(NET, 'ServiceEntry', 'apps', 'api', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' });

  test('IST0128, IST0129: TLS origination without caCertificates (A/destinationrule/ca-certificates.go:58, 73)', () => {
    expect(analyze([entry, dr('apps', 'api', {
      host: 'api.example.com',
      trafficPolicy: { tls: { mode: 'SIMPLE' }, portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'MUTUAL', credentialName: 'client' } }] },
    })])).toEqual([
      'Warning [IST0128] (DestinationRule apps/api) DestinationRule apps/api in namespace apps has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com',
      'Warning [IST0129] (DestinationRule apps/api) DestinationRule apps/api in namespace apps has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api.example.com at port number:443',
    ]);
  });

  test('near-miss: caCertificates, or a credentialName with a workloadSelector (A/destinationrule/ca-certificates.go:57, 72)', () => {
    expect(analyze([entry, dr('apps', 'api', {
      host: 'api.example.com',
      workloadSelector: { matchLabels: { app: 'web' } },
      trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/ca.pem' }, portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'MUTUAL', credentialName: 'client' } }] },
    })])).toEqual([]);
  });
});

describe('destinationrule.SubsetSelectPodAnalyzer', () => {
  test('IST0174: a host that is no Service or ServiceEntry (A/destinationrule/subset.go:91)', () => {
    expect(analyze([dr('apps', 'ghost', { host: 'ghost' })])).toEqual([
      'Warning [IST0174] (DestinationRule apps/ghost) The host ghost defined in the DestinationRule does not match any services in the mesh.',
    ]);
  });

  test('IST0173: a subset whose labels select no pod (A/destinationrule/subset.go:152)', () => {
    expect(analyze([web(), webV1(), dr('apps', 'web', { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] })])).toEqual([
      'Error [IST0173] (DestinationRule apps/web) The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    ]);
  });

  test('near-miss: subset labels a pod has in any namespace, node topology labels (A/destinationrule/subset.go:107-145)', () => {
    expect(analyze([
      web(), webV1(), deploy('shop', 'cart-v2', { app: 'cart', version: 'v2' }),
      { ...pod('apps', 'web-zonal', { app: 'web' }), spec: { nodeName: 'node-1', containers: [container()] } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': 'eu-1' } } },
      dr('apps', 'web', { host: 'web.apps.svc.cluster.local', subsets: [{ name: 'v2', labels: { version: 'v2' } }, { name: 'eu-1', labels: { 'topology.kubernetes.io/zone': 'eu-1' } }] }),
    ])).toEqual([]);
  });
});

describe('deprecation.DeprecationAnalyzer', () => {
  test('IST0002: deprecated fields and removed CRDs (A/deprecation/deprecation.go:101, 112, 126)', () => {
    expect(analyze([
      web(),
      vs('apps', 'web', { hosts: ['web'], http: [{ fault: { delay: { percent: 50, fixedDelay: '1s' } }, route: [route('web')] }] }),
      sidecar('apps', 'default', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'egress', port: { number: 80 } } } }),
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'serviceroles.rbac.istio.io' }, spec: { group: 'rbac.istio.io', names: { kind: 'ServiceRole' } } },
    ])).toEqual([
      'Warning [IST0002] (VirtualService apps/web) Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
      'Warning [IST0002] (Sidecar apps/default) Deprecated: OutboundTrafficPolicy.EgressProxy ignored',
      'Warning [IST0002] (CustomResourceDefinition serviceroles.rbac.istio.io) Deprecated: Custom resource type rbac.istio.io ServiceRole is removed',
    ]);
  });

  test('near-miss: percentage (A/deprecation/deprecation.go:120-124)', () => {
    expect(analyze([web(), vs('apps', 'web', { hosts: ['web'], http: [{ fault: { delay: { percentage: { value: 50 }, fixedDelay: '1s' } }, route: [route('web')] }] })])).toEqual([]);
  });
});

describe('envoyfilter.EnvoyPatchAnalyzer', () => {
  const lua = { name: 'envoy.lua', typed_config: {} };
  const patch = (operation: string, applyTo: string, value: any = lua, match: any = { context: 'SIDECAR_INBOUND' }) => ({ applyTo, match, patch: { operation, value } });

  test('IST0151: a relative operation without priority (A/envoyfilter/envoyfilter.go:61)', () => {
    expect(analyze([envoyFilter('lua', { configPatches: [patch('INSERT_BEFORE', 'HTTP_FILTER')] })])).toEqual([
      'Warning [IST0151] (EnvoyFilter apps/lua) This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    ]);
  });

  test('IST0155: a relative operation on a filter an earlier EnvoyFilter patches for one proxy version (A/envoyfilter/envoyfilter.go:77)', () => {
    expect(analyze([
      envoyFilter('lua-1-28', { configPatches: [patch('MERGE', 'HTTP_FILTER', lua, { context: 'SIDECAR_INBOUND', proxy: { proxyVersion: '^1\\.28.*' } })] }),
      envoyFilter('lua', { configPatches: [patch('INSERT_AFTER', 'HTTP_FILTER')] }),
    ])).toEqual([
      'Warning [IST0155] (EnvoyFilter apps/lua) This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    ]);
  });

  test('IST0152, IST0153, IST0154: operations the target ignores (A/envoyfilter/envoyfilter.go:122, 134, 149)', () => {
    expect(analyze([
      envoyFilter('replace', { priority: 1, configPatches: [patch('REPLACE', 'CLUSTER', { name: 'outbound|80||web' })] }),
      envoyFilter('add', { configPatches: [patch('ADD', 'HTTP_ROUTE', { name: 'extra' })] }),
      envoyFilter('remove', { configPatches: [patch('REMOVE', 'ROUTE_CONFIGURATION', undefined)] }),
    ])).toEqual([
      'Error [IST0152] (EnvoyFilter apps/replace) The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
      'Error [IST0153] (EnvoyFilter apps/add) The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
      'Error [IST0154] (EnvoyFilter apps/remove) The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    ]);
  });

  test('near-miss: a priority, absolute operations (A/envoyfilter/envoyfilter.go:57-59, 117-125)', () => {
    expect(analyze([envoyFilter('lua', { priority: 10, configPatches: [patch('INSERT_BEFORE', 'HTTP_FILTER'), patch('INSERT_FIRST', 'HTTP_FILTER'), patch('ADD', 'CLUSTER', { name: 'c' })] })])).toEqual([]);
  });
});

describe('externalcontrolplane.ExternalControlPlaneAnalyzer', () => {
  const validating = (url: string) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'istiod-default-validator' },
    webhooks: [{ name: 'validation.istio.io', clientConfig: { url } }],
  });

  test('IST0164: a webhook URL to an IP address (A/externalcontrolplane/externalcontrolplane.go:66)', () => {
    expect(analyze([validating('https://10.0.0.1:15017/validate')])).toEqual([
      'Info [IST0164] (ValidatingWebhookConfiguration istiod-default-validator) The address (https://10.0.0.1:15017/validate) that was provided for the webhook (validation.istio.io) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.',
    ]);
  });

  test('IST0163: a URL that does not parse, and neither URL nor Service (A/externalcontrolplane/externalcontrolplane.go:62, 69)', () => {
    expect(analyze([validating('https://istiod.example.com:webhook/validate'), mutatingWebhook('istio-sidecar-injector', [{ name: 'sidecar-injector.istio.io', clientConfig: {} }])])).toEqual([
      'Warning [IST0163] (ValidatingWebhookConfiguration istiod-default-validator) The hostname (https://istiod.example.com:webhook/validate) that was provided for the webhook (validation.istio.io) to reach the ingress gateway on the external control plane cluster was provided in an invalid format. Traffic may not flow properly.',
      'Warning [IST0163] (MutatingWebhookConfiguration istio-sidecar-injector) The hostname () that was provided for the webhook (sidecar-injector.istio.io) to reach the ingress gateway on the external control plane cluster is blank. Traffic may not flow properly.',
    ]);
  });

  test('near-miss: a host name (A/externalcontrolplane/externalcontrolplane.go:118-135)', () => {
    expect(analyze([validating('https://istiod.example.com:15017/validate')])).toEqual([]);
  });
});

describe('gateway.IngressGatewayPortAnalyzer', () => {
  test('IST0162: a port the gateway\'s Service does not lead to (A/gateway/gateway.go:128)', () => {
    expect(analyze([gateway('apps', 'gw', [server(9999, ['*'])])])).toEqual([
      'Warning [IST0162] (Gateway apps/gw) The gateway is listening on a target port (port 9999) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
    ]);
  });

  test('IST0101: a selector no pod has, printed once for the three analyzers that find it (A/gateway/gateway.go:109, secret.go:63)', () => {
    const findings = analyzeMesh([gateway('apps', 'gw', [server(80, ['*'])], { istio: 'egressgateway' })], { schemas: false });
    expect(findings.map((f) => [formatFinding(f), f.analyzer])).toEqual([
      ['Error [IST0101] (Gateway apps/gw) Referenced selector not found: "istio=egressgateway"', 'gateway.IngressGatewayPortAnalyzer'],
    ]);
  });

  test('near-miss: the default ingress gateway\'s ports, its pod\'s too (A/gateway/gateway.go:83-101, local/defaults.go)', () => {
    expect(analyze([gateway('apps', 'gw', [server(80, ['*']), server(8080, ['a.example.com']), server(15443, ['b.example.com'])])])).toEqual([]);
  });

  test('with ingressControllerMode OFF, no default ingress gateway is assumed (istiod_analyze.go:489)', () => {
    expect(analyze([gateway('apps', 'gw', [server(80, ['*'])])], { meshConfig: { ingressControllerMode: 'OFF' } })).toEqual([
      'Error [IST0101] (Gateway apps/gw) Referenced selector not found: "istio=ingressgateway"',
    ]);
  });
});

describe('gateway.CertificateAnalyzer', () => {
  const tls = (credentialName: string) => ({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName } });

  test('IST0138: two gateways for the same pods with one certificate (A/gateway/certificate.go:72)', () => {
    expect(analyze([
      tlsSecret('shared-cert', 'istio-system'),
      gateway('apps', 'a', [{ ...tls('shared-cert'), hosts: ['a.example.com'] }]),
      gateway('apps', 'b', [{ ...tls('shared-cert'), hosts: ['b.example.com'] }]),
    ])).toEqual([
      'Warning [IST0138] (Gateway apps/a) Duplicate certificate in multiple gateways [apps/a apps/b] may cause 404s if clients re-use HTTP2 connections.',
      'Warning [IST0138] (Gateway apps/b) Duplicate certificate in multiple gateways [apps/b apps/a] may cause 404s if clients re-use HTTP2 connections.',
    ]);
  });

  test('near-miss: a certificate each (A/gateway/certificate.go:85-102)', () => {
    expect(analyze([
      tlsSecret('a-cert', 'istio-system'), tlsSecret('b-cert', 'istio-system'),
      gateway('apps', 'a', [{ ...tls('a-cert'), hosts: ['a.example.com'] }]),
      gateway('apps', 'b', [{ ...tls('b-cert'), hosts: ['b.example.com'] }]),
    ])).toEqual([]);
  });
});

describe('gateway.SecretAnalyzer', () => {
  const https = (credentialName: string) => ({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['web.example.com'], tls: { mode: 'SIMPLE', credentialName } });

  test('IST0101: a credential missing from the gateway pods\' namespace (A/gateway/secret.go:87)', () => {
    expect(analyze([tlsSecret('web-cert', 'apps'), gateway('apps', 'gw', [https('web-cert')])])).toEqual([
      'Error [IST0101] (Gateway apps/gw) Referenced credentialName not found: "web-cert"',
    ]);
  });

  test('IST0161: a credential without a valid certificate and key (A/gateway/secret.go:97)', () => {
    const keyless = { ...tlsSecret('web-cert', 'istio-system'), data: { 'tls.crt': Buffer.from(TEST_CERTIFICATE).toString('base64') } };
    expect(analyze([keyless, gateway('apps', 'gw', [https('web-cert')])])).toEqual([
      'Error [IST0161] (Gateway apps/gw) The credential referenced by the Gateway gw in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
    ]);
  });

  test('near-miss: a valid credential; a certificate is valid only in its time (pilot/pkg/xds/sds.go:221-238)', () => {
    expect(analyze([tlsSecret('web-cert', 'istio-system'), gateway('apps', 'gw', [https('web-cert')])])).toEqual([]);
    expect(validGatewaySecret(tlsSecret('c', 'istio-system'))).toBe(true);
    expect(validGatewaySecret(tlsSecret('c', 'istio-system'), Date.UTC(3000, 0, 1))).toBe(false);
  });
});

describe('gateway.ConflictingGatewayAnalyzer', () => {
  test('IST0145: two gateways for the same pods claiming one host on one port (A/gateway/conflictinggateway.go:132)', () => {
    expect(analyze([gateway('apps', 'a', [server(80, ['shop.example.com'])]), gateway('ops', 'b', [server(80, ['shop.example.com', 'ops.example.com'])])])).toEqual([
      'Error [IST0145] (Gateway apps/a) Conflict with gateways ops/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com).',
      'Error [IST0145] (Gateway ops/b) Conflict with gateways apps/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com,ops.example.com).',
    ]);
  });

  test('IST0101: a gateway without servers (A/gateway/conflictinggateway.go:101)', () => {
    expect(analyze([gateway('apps', 'empty', [])])).toEqual([
      'Error [IST0101] (Gateway apps/empty) Referenced selector not found: "istio=ingressgateway"',
    ]);
  });

  test('near-miss: other ports, other binds (A/gateway/conflictinggateway.go:112-126, pilot/pkg/model/gateway.go:543-557)', () => {
    expect(analyze([
      gateway('apps', 'a', [server(80, ['shop.example.com'])]),
      gateway('apps', 'b', [server(443, ['shop.example.com'])]),
      gateway('apps', 'c', [server(80, ['shop.example.com'], { bind: '10.0.0.1' })]),
    ])).toEqual([]);
  });
});

describe('injection.Analyzer', () => {
  test('IST0102: a namespace not enabled for injection (A/injection/injection.go:114)', () => {
    expect(analyze([ns('shop', {})])).toEqual([
      'Info [IST0102] (Namespace shop) The namespace is not enabled for Istio injection. Run \'kubectl label namespace shop istio-injection=enabled\' to enable it, or \'kubectl label namespace shop istio-injection=disabled\' to explicitly mark it as not needing injection.',
    ]);
  });

  test('IST0123: two injection labels (A/injection/injection.go:86)', () => {
    expect(analyze([ns('shop', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' })])).toEqual([
      'Warning [IST0123] (Namespace shop) The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one injection label exists.',
    ]);
  });

  test('IST0148: a namespace the injector enables by default (A/injection/injection.go:109)', () => {
    expect(analyze([configMap('istio-sidecar-injector', { sidecarInjectorWebhook: { enableNamespacesByDefault: true } }), ns('shop', {})])).toEqual([
      'Info [IST0148] (Namespace shop) is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
    ]);
  });

  test('IST0103: a Pod of an injected namespace without a proxy (A/injection/injection.go:163)', () => {
    expect(analyze([ns('shop'), pod('shop', 'web', { app: 'web', version: 'v1' })])).toEqual([
      'Warning [IST0103] (Pod shop/web) The pod shop/web is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    ]);
  });

  test('near-miss: istio-system, opted-out pods, host network, pod templates (A/injection/injection.go:67-69, 138-150)', () => {
    expect(analyze([
      ns('istio-system', {}), ns('shop'),
      pod('shop', 'opted-out', { 'app': 'web', 'version': 'v1', 'sidecar.istio.io/inject': 'false' }),
      { ...pod('shop', 'node-agent', { app: 'agent', version: 'v1' }), spec: { hostNetwork: true, containers: [container()] } },
      deploy('shop', 'web-v1', { app: 'web', version: 'v1' }),
    ])).toEqual([]);
  });
});

describe('injection.ImageAnalyzer', () => {
  const injector = configMap('istio-sidecar-injector', { global: { hub: 'docker.io/istio', tag: '1.28.10', proxy: { image: 'proxyv2' } } });
  const proxied = (image: string) => pod('shop', 'web', { app: 'web', version: 'v1' }, { containers: [container(), { name: 'istio-proxy', image }] });

  test('IST0158: a proxy image other than the injector\'s (A/injection/injection-image.go:149)', () => {
    expect(analyze([injector, ns('shop'), proxied('docker.io/istio/proxyv2:1.28.0')])).toEqual([
      'Warning [IST0158] (Namespace shop) The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [web]). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    ]);
  });

  test('near-miss: the image with the mesh\'s image type (A/injection/injection-image.go:127-142, util/proxyconfig.go:41-75)', () => {
    expect(analyze([injector, ns('shop'), proxied('docker.io/istio/proxyv2:1.28.10-distroless')], { meshConfig: { defaultConfig: { image: { imageType: 'distroless' } } } })).toEqual([]);
  });
});

describe('injection.ImageAutoAnalyzer', () => {
  const auto = { containers: [container(), { name: 'istio-proxy', image: 'auto' }] };

  test('IST0147, IST0146: `image: auto` in a Pod, and in a template no webhook injects (A/injection/image-auto.go:75, 86)', () => {
    expect(analyze([pod('apps', 'web', {}, auto), deploy('apps', 'api', { app: 'api' }, auto)])).toEqual([
      'Error [IST0147] (Pod apps/web) Pod web contains `image: auto` but does not match any Istio injection webhook selectors.',
      'Warning [IST0146] (Deployment apps/api) Deployment api contains `image: auto` but does not match any Istio injection webhook selectors.',
    ]);
  });

  test('near-miss: a webhook selecting the namespace (A/injection/image-auto.go:111-132)', () => {
    expect(analyze([
      istiod, ns('apps'),
      mutatingWebhook('istio-revision-tag-default', [{ name: 'sidecar-injector.istio.io', namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } }, clientConfig: { service: { namespace: 'istio-system', name: 'istiod' } } }]),
      deploy('apps', 'api', { app: 'api', version: 'v1' }, auto),
    ])).toEqual([]);
  });
});

describe('k8sgateway.SelectorAnalyzer', () => {
  const edge = res('gateway.networking.k8s.io/v1', 'Gateway', 'apps', 'edge', { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] });

  test('IST0166: a policy selecting a Gateway API gateway\'s pods (A/k8sgateway/workloadselector.go:73)', () => {
    expect(analyze([edge, ap('apps', 'edge-allow', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } }, rules: [{}] })])).toEqual([
      'Warning [IST0166] (AuthorizationPolicy apps/edge-allow) Ineffective selector on Kubernetes Gateway edge. Use the TargetRef field instead.',
    ]);
  });

  test('near-miss: targetRefs (A/k8sgateway/workloadselector.go:62-68)', () => {
    expect(analyze([edge, ap('apps', 'edge-allow', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], rules: [{}] })])).toEqual([]);
  });
});

describe('meshnetworks.MeshNetworksAnalyzer', () => {
  const meshNetworks = { networks: { net1: { endpoints: [{ fromRegistry: 'cluster-b' }, { fromCidr: '10.0.0.0/8' }], gateways: [{ address: '1.2.3.4', port: 15443 }] } } };

  test('IST0126: a registry that is no cluster (A/multicluster/meshnetworks.go:83)', () => {
    expect(analyze([], { meshNetworks })).toEqual([
      'Error [IST0126] (MeshNetworks istio-system/meshnetworks) Unknown service registry cluster-b in network net1',
    ]);
  });

  test('near-miss: a remote secret for the cluster (A/multicluster/meshnetworks.go:59-67)', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'istio-remote-secret-b', namespace: 'istio-system', labels: { 'istio/multiCluster': 'true' } }, data: { 'cluster-b': 'a3ViZWNvbmZpZw==' } };
    expect(analyze([secret], { meshNetworks })).toEqual([]);
  });
});

describe('service.PortNameAnalyzer', () => {
  test('IST0118: a port name without a protocol (A/service/portname.go:75)', () => {
    expect(analyze([svc('apps', 'web', { ports: [{ name: 'web', port: 80, targetPort: 8080 }] })])).toEqual([
      'Info [IST0118] (Service apps/web) Port name web (port: 80, targetPort: 8080) doesn\'t follow the naming convention of Istio port.',
    ]);
  });

  test('IST0150: an ExternalName Service\'s tcp port, once per port (A/service/portname.go:79)', () => {
    expect(analyze([svc('apps', 'ext', { type: 'ExternalName', externalName: 'api.example.com', ports: [{ name: 'tcp', port: 443 }, { name: 'api', port: 8443 }] })])).toEqual([
      'Warning [IST0150] (Service apps/ext) Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
      'Warning [IST0150] (Service apps/ext) Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
    ]);
  });

  test('near-miss: appProtocol, prefixes, well-known ports, the control plane, system namespaces (A/service/portname.go:50-72, pkg/config/kube/conversion.go:48-94)', () => {
    expect(analyze([
      svc('apps', 'web', { ports: [{ name: 'web', port: 80, appProtocol: 'http' }, { name: 'grpc-web-api', port: 81 }, { name: 'HTTP2', port: 82 }, { port: 3306 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
      svc('istio-system', 'istiod', { ports: [{ name: 'xds', port: 15010 }] }, { labels: { istio: 'pilot' } }),
      svc('kube-system', 'metrics', { ports: [{ name: 'metrics', port: 443 }] }),
    ])).toEqual([]);
  });
});

describe('sidecar.SelectorAnalyzer', () => {
  const selecting = (name: string, labels: Record<string, string>) => sidecar('apps', name, { workloadSelector: { labels } });

  test('IST0101: a workload selector no pod of the namespace has (A/sidecar/selector.go:91)', () => {
    expect(analyze([webV1(), selecting('api', { app: 'api' })])).toEqual([
      'Error [IST0101] (Sidecar apps/api) Referenced selector not found: "app=api"',
    ]);
  });

  test('IST0110: two Sidecars for one pod template (A/sidecar/selector.go:131)', () => {
    expect(analyze([webV1(), selecting('s2', { app: 'web' }), selecting('s1', { version: 'v1' })])).toEqual([
      'Error [IST0110] (Sidecar apps/s2) The Sidecars [s1 s2] in namespace "apps" select the same workload pod "web-v1", which can lead to undefined behavior.',
      'Error [IST0110] (Sidecar apps/s1) The Sidecars [s1 s2] in namespace "apps" select the same workload pod "web-v1", which can lead to undefined behavior.',
    ]);
  });

  test('IST0111: two Sidecars without selector (A/sidecar/selector.go:159)', () => {
    expect(analyze([sidecar('apps', 'b'), sidecar('apps', 'a', { workloadSelector: { labels: {} } })])).toEqual([
      'Error [IST0111] (Sidecar apps/b) The Sidecars [a b] in namespace "apps" have no workload selector, which can lead to undefined behavior.',
      'Error [IST0111] (Sidecar apps/a) The Sidecars [a b] in namespace "apps" have no workload selector, which can lead to undefined behavior.',
    ]);
  });

  test('IST0167: Sidecars in an ambient namespace and for its workloads (A/sidecar/selector.go:124, 149)', () => {
    expect(analyze([ns('apps', { 'istio.io/dataplane-mode': 'ambient' }), webV1(), sidecar('apps', 'default'), selecting('web', { app: 'web' })])).toEqual([
      'Warning [IST0167] (Sidecar apps/web) The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
      'Warning [IST0167] (Sidecar apps/default) The policy has no impact: namespace is in ambient mode, the policy has no impact.',
    ]);
  });

  test('near-miss: one Sidecar per pod, one without selector (A/sidecar/selector.go:115-118, 157)', () => {
    expect(analyze([webV1(), deploy('apps', 'api-v1', { app: 'api', version: 'v1' }), sidecar('apps', 'default'), selecting('web', { app: 'web' }), selecting('api', { app: 'api' })])).toEqual([]);
  });
});

describe('virtualservice.ConflictingMeshGatewayHostsAnalyzer', () => {
  test('IST0109: two VirtualServices for one host on the mesh (A/virtualservice/conflictingmeshgatewayhosts.go:68)', () => {
    expect(analyze([
      web(),
      vs('apps', 'web-a', { hosts: ['web'], http: [{ route: [route('web')] }] }),
      vs('apps', 'web-b', { hosts: ['web.apps.svc.cluster.local'], gateways: ['mesh'], http: [{ route: [route('web')] }] }),
    ])).toEqual([
      'Error [IST0109] (VirtualService apps/web-a) The VirtualServices apps/web-a,apps/web-b associated with mesh gateway define the same host */web.apps.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
      'Error [IST0109] (VirtualService apps/web-b) The VirtualServices apps/web-a,apps/web-b associated with mesh gateway define the same host */web.apps.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
    ]);
  });

  test('near-miss: each exported to its own namespace only (A/virtualservice/conflictingmeshgatewayhosts.go:121-133)', () => {
    const local = (namespace: string) => vs(namespace, 'web', { hosts: ['web.apps.svc.cluster.local'], exportTo: ['.'], http: [{ route: [route('web.apps.svc.cluster.local')] }] });
    expect(analyze([web(), local('shop'), local('ops')])).toEqual([]);
  });
});

describe('virtualservice.DestinationHostAnalyzer', () => {
  test('IST0101: hosts and ports that do not exist, for routes and mirrors (A/virtualservice/destinationhosts.go:129, 146, 205)', () => {
    expect(analyze([web(), vs('apps', 'web', {
      hosts: ['web'],
      http: [{ route: [route('api'), route('web', { port: { number: 9090 } })], mirror: { host: 'shadow' } }],
    })])).toEqual([
      'Error [IST0101] (VirtualService apps/web) Referenced host not found: "api"',
      'Error [IST0101] (VirtualService apps/web) Referenced host:port not found: "web:9090"',
      'Error [IST0101] (VirtualService apps/web) Referenced mirror host not found: "shadow"',
    ]);
  });

  test('IST0112: no port to a host with several (A/virtualservice/destinationhosts.go:174)', () => {
    expect(analyze([web('apps', [http(80), http(9090, 'grpc')]), vs('apps', 'web', { hosts: ['web'], tcp: [{ route: [route('web')] }] })])).toEqual([
      'Error [IST0112] (VirtualService apps/web) This VirtualService routes to a service "web" that exposes multiple ports [80 9090]. Specifying a port in the destination is required to disambiguate.',
    ]);
  });

  test('IST0140: a gateway route without subset to a host another VirtualService routes by subset (A/virtualservice/destinationhosts.go:79)', () => {
    expect(analyze([
      web(), webV1(), dr('apps', 'web', { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      gateway('apps', 'gw', [server(80, ['web.example.com'])]),
      vs('apps', 'web-mesh', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v1' })] }] }),
      vs('apps', 'web-ingress', { hosts: ['web.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] }),
    ])).toEqual([
      'Warning [IST0140] (VirtualService apps/web-ingress) Subset in virtual service apps/web-mesh has no effect on ingress gateway apps/web-ingress requests',
    ]);
  });

  test('near-miss: a port on a host with several, a ServiceEntry wildcard, an FQDN (A/util/service_lookup.go:109-163)', () => {
    expect(analyze([
      web('apps', [http(80), http(9090, 'grpc')]),
      res(NET, 'ServiceEntry', 'apps', 'ext', { hosts: ['*.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' }),
      vs('apps', 'web', { hosts: ['web'], http: [{ route: [route('web', { port: { number: 9090 } }), route('api.example.com')] }] }),
      vs('ops', 'web', { hosts: ['ops'], exportTo: ['.'], tls: [{ match: [{ sniHosts: ['ops'] }], route: [route('web.apps.svc.cluster.local', { port: { number: 80 } })] }] }),
    ])).toEqual([]);
  });
});

describe('virtualservice.DestinationRuleAnalyzer', () => {
  test('IST0101: subsets no DestinationRule defines, for routes and mirrors (A/virtualservice/destinationrules.go:66, 81)', () => {
    expect(analyze([
      web(), webV1(), dr('apps', 'web', { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      vs('apps', 'web', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v2' })], mirror: { host: 'web', subset: 'v3' } }] }),
    ])).toEqual([
      'Error [IST0101] (VirtualService apps/web) Referenced host+subset in destinationrule not found: "web+v2"',
      'Error [IST0101] (VirtualService apps/web) Referenced mirror+subset in destinationrule not found: "web+v3"',
    ]);
  });

  test('near-miss: a DestinationRule of another namespace naming the host in full (A/util/hosts.go:47-57)', () => {
    expect(analyze([
      web(), webV1(), dr('ops', 'web', { host: 'web.apps.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      vs('apps', 'web', { hosts: ['web'], http: [{ route: [route('web', { subset: 'v1' })] }] }),
    ])).toEqual([]);
  });
});

describe('virtualservice.GatewayAnalyzer', () => {
  test('IST0101 and IST0132: a gateway that does not exist has none of the hosts (A/virtualservice/gateways.go:82, 92)', () => {
    expect(analyze([web(), vs('apps', 'web', { hosts: ['web.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] })])).toEqual([
      'Error [IST0101] (VirtualService apps/web) Referenced gateway not found: "gw"',
      'Warning [IST0132] (VirtualService apps/web) one or more host [web.example.com] defined in VirtualService apps/web not found in Gateway apps/gw.',
    ]);
  });

  test('IST0132: a gateway serving other hosts (A/virtualservice/gateways.go:92)', () => {
    expect(analyze([web(), gateway('apps', 'gw', [server(80, ['shop.example.com', 'ops/web.example.com'])]), vs('apps', 'web', { hosts: ['web.example.com'], gateways: ['gw'], http: [{ route: [route('web')] }] })])).toEqual([
      'Warning [IST0132] (VirtualService apps/web) one or more host [web.example.com] defined in VirtualService apps/web not found in Gateway apps/gw.',
    ]);
  });

  test('IST0165: a gateway Istio generates for a Gateway API one (A/virtualservice/gateways.go:69)', () => {
    expect(analyze([web(), vs('apps', 'web', { hosts: ['web.example.com'], gateways: ['apps/edge~istio-autogenerated-k8s-gateway~http'], http: [{ route: [route('web')] }] })])).toEqual([
      'Warning [IST0165] (VirtualService apps/web) Gateway reference in VirtualService apps/web is to an implementation-generated internal Gateway: apps/edge~istio-autogenerated-k8s-gateway~http.',
    ]);
  });

  test('near-miss: namespace-qualified and wildcard gateway hosts (A/virtualservice/gateways.go:103-153)', () => {
    expect(analyze([
      web(), gateway('ops', 'gw', [server(80, ['./ops.example.com', 'apps/*.example.com']), server(443, ['*/shop.example.com'])]),
      vs('apps', 'web', { hosts: ['web.example.com', 'shop.example.com'], gateways: ['ops/gw'], http: [{ route: [route('web')] }] }),
      vs('ops', 'ops', { hosts: ['ops.example.com'], gateways: ['gw'], http: [{ route: [route('web.apps.svc.cluster.local')] }] }),
    ])).toEqual([]);
  });
});

describe('virtualservice.JWTClaimRouteAnalyzer', () => {
  const objects = [
    web(), gateway('apps', 'gw', [server(80, ['*'])]),
    vs('apps', 'web', { hosts: ['*'], gateways: ['gw'], http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }], route: [route('web')] }] }),
  ];

  test('IST0149: routing on a JWT claim at a gateway no RequestAuthentication covers (A/virtualservice/jwtclaimroute.go:114)', () => {
    expect(analyze(objects)).toEqual([
      'Error [IST0149] (VirtualService apps/web) The virtual service uses the JWT claim based routing (key: @request.auth.claims.group) but found no request authentication for the gateway (apps/gw) pod (istio-ingressgateway-dummypod). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    ]);
  });

  test('near-miss: a RequestAuthentication for the gateway\'s pods in istio-system (A/virtualservice/jwtclaimroute.go:99-111)', () => {
    const ra = res('security.istio.io/v1', 'RequestAuthentication', 'istio-system', 'jwt', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'https://issuer.example.com' }] });
    expect(analyze([...objects, ra])).toEqual([]);
  });
});

describe('serviceentry.Analyzer', () => {
  const entry = (spec: any = {}) => res(NET, 'ServiceEntry', 'apps', 'db', { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }], resolution: 'DNS', ...spec });

  test('IST0134: a TCP ServiceEntry without addresses (A/serviceentry/protocoladdresses.go:73)', () => {
    expect(analyze([entry()])).toEqual([
      'Warning [IST0134] (ServiceEntry apps/db) ServiceEntry addresses are required for this protocol.',
    ]);
  });

  test('near-miss: addresses, or DNS auto-allocation in the mesh config (A/serviceentry/protocoladdresses.go:48-66)', () => {
    expect(analyze([entry({ addresses: ['240.0.0.1'] })])).toEqual([]);
    expect(analyze([entry()], { meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true' } } } })).toEqual([]);
  });
});

describe('webhook.Analyzer', () => {
  const hook = (extra: any = {}) => ({ name: 'sidecar-injector.istio.io', clientConfig: { service: { namespace: 'istio-system', name: 'istiod' } }, ...extra });

  test('IST0139: webhooks that inject one pod twice (A/webhook/webhook.go:123)', () => {
    expect(analyze([
      istiod,
      mutatingWebhook('istio-sidecar-injector', [hook({ namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } })]),
      mutatingWebhook('istio-revision-tag-default', [hook({ namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] } })]),
    ])).toEqual([
      'Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector) Webhook overlaps with others: [istio-revision-tag-default/sidecar-injector.istio.io]. This may cause injection to occur twice.',
      'Error [IST0139] (MutatingWebhookConfiguration istio-revision-tag-default) Webhook overlaps with others: [istio-sidecar-injector/sidecar-injector.istio.io]. This may cause injection to occur twice.',
    ]);
  });

  test('IST0139: a webhook whose Service does not exist (A/webhook/webhook.go:144)', () => {
    expect(analyze([mutatingWebhook('istio-sidecar-injector', [hook()])])).toEqual([
      'Error [IST0139] (MutatingWebhookConfiguration istio-sidecar-injector) Injector refers to a control plane service that does not exist: istio-system/istiod.',
    ]);
  });

  test('near-miss: one webhook per revision (A/webhook/webhook.go:94-126)', () => {
    expect(analyze([
      istiod,
      mutatingWebhook('istio-sidecar-injector', [hook({ namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } })]),
      mutatingWebhook('istio-sidecar-injector-canary', [hook({ namespaceSelector: { matchLabels: { 'istio.io/rev': 'canary' }, matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }] } })]),
    ])).toEqual([]);
  });
});

describe('telemetry analyzers', () => {
  test('IST0157: access logging without providers (A/telemetry/providers.go:56)', () => {
    expect(analyze([telemetry('apps', 'logs', { accessLogging: [{}] })])).toEqual([
      'Warning [IST0157] (Telemetry apps/logs) The Telemetry logs in namespace "apps" with empty providers will be ignored.',
    ]);
  });

  test('IST0101, IST0159: selectors that select no pod, or one pod twice (A/telemetry/selector.go:87, 107)', () => {
    const selecting = (name: string, matchLabels: Record<string, string>) => telemetry('apps', name, { selector: { matchLabels }, tracing: [{ randomSamplingPercentage: 1 }] });
    expect(analyze([webV1(), selecting('api', { app: 'api' }), selecting('t1', { app: 'web' }), selecting('t2', { version: 'v1' })])).toEqual([
      'Error [IST0101] (Telemetry apps/api) Referenced selector not found: "app=api"',
      'Error [IST0159] (Telemetry apps/t1) The Telemetries [t1 t2] in namespace "apps" select the same workload pod "web-v1", which can lead to undefined behavior.',
      'Error [IST0159] (Telemetry apps/t2) The Telemetries [t1 t2] in namespace "apps" select the same workload pod "web-v1", which can lead to undefined behavior.',
    ]);
  });

  test('IST0160: two Telemetries without selector (A/telemetry/default_selector.go:64)', () => {
    expect(analyze([telemetry('apps', 'b', { tracing: [{ randomSamplingPercentage: 1 }] }), telemetry('apps', 'a', { metrics: [{ providers: [{ name: 'prometheus' }] }] })])).toEqual([
      'Error [IST0160] (Telemetry apps/b) The Telemetries [a b] in namespace "apps" have no workload selector, which can lead to undefined behavior.',
      'Error [IST0160] (Telemetry apps/a) The Telemetries [a b] in namespace "apps" have no workload selector, which can lead to undefined behavior.',
    ]);
  });

  test('IST0002: tracing through a Lightstep provider (A/telemetry/lightstep.go:66)', () => {
    const meshConfig = { extensionProviders: [{ name: 'ls', lightstep: { address: 'collector:8184', accessToken: 'token' } }] };
    expect(analyze([telemetry('apps', 'trace', { tracing: [{ providers: [{ name: 'ls' }] }] })], { meshConfig })).toEqual([
      'Warning [IST0002] (Telemetry apps/trace) Deprecated: The Lightstep provider ls is deprecated, please migrate to OpenTelemetry provider.',
    ]);
  });

  test('near-miss: a default access log provider, disabled logging, one Telemetry per pod (A/telemetry/providers.go:45-54)', () => {
    expect(analyze([
      webV1(), telemetry('apps', 'logs', { accessLogging: [{}] }), telemetry('apps', 'off', { selector: { matchLabels: { app: 'web' } }, accessLogging: [{ disabled: true }] }),
    ], { meshConfig: { defaultProviders: { accessLogging: ['envoy'] } } })).toEqual([]);
  });
});

describe('schema.ValidationAnalyzer.VirtualService (the analysis part)', () => {
  const routes = (http: any[]) => [web(), vs('apps', 'web', { hosts: ['web'], http: http.map((r) => ({ route: [route('web')], ...r })) })];

  test('IST0130: a rule after one without matches (pkg/config/validation/validation.go:2037-2041, schema/validation.go:101)', () => {
    expect(analyze(routes([{}, { match: [{ uri: { prefix: '/a' } }] }, {}]))).toEqual([
      'Warning [IST0130] (VirtualService apps/web) VirtualService rule #1 not used (route without matches defined before).',
      'Warning [IST0130] (VirtualService apps/web) VirtualService rule #2 not used (only the last rule can have no matches).',
    ]);
  });

  test('IST0131 and IST0130: a repeated match, a prefix an earlier one covers (pkg/config/validation/validation.go:2049-2083, schema/validation.go:103)', () => {
    expect(analyze(routes([
      { name: 'api', match: [{ uri: { prefix: '/api' } }] },
      { name: 'again', match: [{ name: 'same', uri: { prefix: '/api' } }] },
      { match: [{ uri: { prefix: '/api/v1' } }] },
    ]))).toEqual([
      'Info [IST0131] (VirtualService apps/web) VirtualService rule "again" match "same" is not used (duplicate/overlapping match in rule "api").',
      'Warning [IST0130] (VirtualService apps/web) VirtualService rule "again" not used (all matches used by prior rules).',
      'Info [IST0131] (VirtualService apps/web) VirtualService rule #2 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on "api").',
    ]);
  });

  test('near-miss: the longer prefix first, other methods (pkg/config/validation/validation.go:1946-2023)', () => {
    expect(analyze(routes([
      { match: [{ uri: { prefix: '/api/v1' } }] },
      { match: [{ uri: { prefix: '/api' } }] },
      { match: [{ uri: { prefix: '/api/v2' }, method: { exact: 'POST' } }] },
      {},
    ]))).toEqual([]);
  });
});

describe('the analysis as istioctl runs it', () => {
  test('suppression splits the annotation on commas without trimming (istiod_analyze.go:580-588)', () => {
    const labels = { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' };
    expect(analyze([ns('a', labels, { 'galley.istio.io/analyze-suppress': 'IST0102, IST0123' }), ns('b', labels, { 'galley.istio.io/analyze-suppress': 'IST0102,IST0123' })])).toEqual([
      'Warning [IST0123] (Namespace a) The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. Make sure only one injection label exists.',
    ]);
  });

  test('kind: List is read as its items; a later object replaces an earlier one of the same name (pilot/pkg/config/file/store.go:343-356, 199-246)', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [svc('apps', 'web', { ports: [{ name: 'web', port: 80 }] })] };
    expect(analyze([list])).toEqual([
      'Info [IST0118] (Service apps/web) Port name web (port: 80, targetPort: 0) doesn\'t follow the naming convention of Istio port.',
    ]);
    expect(analyze([list, svc('apps', 'web', { ports: [{ name: 'http', port: 80 }] })])).toEqual([]);
  });

  test('objects without a namespace stay in none, and kinds istioctl does not read are left out (store.go:362, 405-413)', () => {
    expect(analyze([
      svc(undefined as any, 'web', { ports: [http()] }),
      res(NET, 'VirtualService', undefined, 'web', { hosts: ['web'], http: [{ route: [route('web'), route('api')] }] }),
      res('networking.istio.io/v1', 'EnvoyFilter', undefined, 'ignored', { configPatches: [{ applyTo: 'CLUSTER', patch: { operation: 'REPLACE', value: {} } }] }),
    ])).toEqual([
      'Error [IST0101] (VirtualService web) Referenced host not found: "api"',
    ]);
  });

  test('every finding says how to fix it and which analyzer found it', () => {
    const findings = analyzeMesh(new ManifestIndex([svc('apps', 'web', { ports: [{ name: 'web', port: 80 }] })]), { schemas: false });
    expect(findings.map((f) => [f.code, f.analyzer, f.fix])).toEqual([
      ['IST0118', 'service.PortNameAnalyzer', 'Name the port <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, udp, mongo, mysql, redis) or set appProtocol.'],
    ]);
  });
});
