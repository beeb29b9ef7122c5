/**
 * Cases for kube-validation.ts. Line numbers refer to the Kubernetes 1.28 sources (v1.28.4 /
 * apimachinery v0.28.3):
 *   validation.go  = pkg/apis/core/validation/validation.go
 *   util/validation.go = staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 *   objectmeta.go, generic.go = staging/src/k8s.io/apimachinery/pkg/api/validation/
 *   meta/v1/validation.go = staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 *   quantity.go = staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go
 * For pkg/apis/apps/validation and pkg/apis/batch/validation the function is named (see RULES.md about the
 * copies those were read from). The manifests are written for these tests.
 */
import { kubeValidation, kubeStatusMessage, parseQuantity, qString, qCmp, ValidationProblem, Quantity } from '../src/checks/kube-apiserver';

type M = Record<string, unknown>;
const errors = (o: unknown) => kubeValidation(o).filter((p: ValidationProblem) => p.level === 'error').map((p) => p.message);
const warnings = (o: unknown) => kubeValidation(o).filter((p: ValidationProblem) => p.level === 'warning').map((p) => p.message);

const ctr = (extra: M = {}): M => ({ name: 'app', image: 'nginx:1.25', ...extra });
const pod = (spec: M, metadata: M = {}): M => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', ...metadata }, spec });
const deploy = (spec: M, metadata: M = {}): M => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...metadata }, spec });
/** A Deployment whose pod spec is `podSpec` (selector and labels agree). */
const podIn = (podSpec: M): M => deploy({ selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } });
const svc = (spec: M, metadata: M = {}): M => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', ...metadata }, spec });
const sa = (metadata: M): M => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { namespace: 'shop', ...metadata } });
const T = 'spec.template.spec.';

// Messages built from the Go constants (util/validation.go:30-445)
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QNAME_PART =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const ENV_NAME =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const QUANTITY_RE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('dispatch', () => {
  test('kinds outside the list are not validated', () => {
    // only the registry strategies this port covers
    expect(kubeValidation({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } })).toEqual([]);
    expect(kubeValidation({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'x' } })).toEqual([]);
    expect(kubeValidation(null)).toEqual([]);
  });

  test('a typical Deployment, Service, ServiceAccount and Namespace are accepted', () => {
    expect(kubeValidation(podIn({ containers: [ctr({ ports: [{ containerPort: 8080, name: 'http' }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } } })] }))).toEqual([]);
    expect(kubeValidation(svc({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'grpc', port: 9090, targetPort: 9090 }] }))).toEqual([]);
    expect(kubeValidation(sa({ name: 'deployer', labels: { 'app.kubernetes.io/name': 'web' } }))).toEqual([]);
    expect(kubeValidation({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).toEqual([]);
  });
});

describe('ObjectMeta', () => {
  test('name is required unless generateName is set', () => {
    // objectmeta.go:172-177
    expect(errors(sa({}))).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(errors(sa({ generateName: 'deployer-' }))).toEqual([]);
  });

  test('generateName is validated as a prefix', () => {
    // objectmeta.go:162-166, generic.go:37 NameIsDNSSubdomain with prefix=true masks the trailing dash
    expect(errors(sa({ generateName: 'Deployer-' }))).toEqual([
      `metadata.generateName: Invalid value: "Deployer-": ${DNS1123_SUBDOMAIN}`,
      `metadata.name: Invalid value: "Deployer-x7k2q": ${DNS1123_SUBDOMAIN}`,
    ]);
  });

  test('ServiceAccount names are DNS-1123 subdomains', () => {
    // validation.go:6117 ValidateServiceAccount -> ValidateServiceAccountName (subdomain)
    expect(errors(sa({ name: 'Deploy_Bot' }))).toEqual([`metadata.name: Invalid value: "Deploy_Bot": ${DNS1123_SUBDOMAIN}`]);
    expect(errors(sa({ name: 'deploy.bot' }))).toEqual([]);
    expect(errors(sa({ name: 'a'.repeat(254) }))).toEqual([`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`]);
  });

  test('namespace must be a DNS-1123 label', () => {
    // objectmeta.go:178-186 ValidateNamespaceName = NameIsDNSLabel
    expect(errors(sa({ name: 'bot', namespace: 'Team.A' }))).toEqual([`metadata.namespace: Invalid value: "Team.A": ${DNS1123_LABEL}`]);
    expect(errors(sa({ name: 'bot', namespace: 'team.a' }))).toEqual(['metadata.namespace: Invalid value: "team.a": must not contain dots']);
  });

  test('label keys are qualified names and values label values', () => {
    // meta/v1/validation.go:105 ValidateLabels; util/validation.go:43 IsQualifiedName, 167 IsValidLabelValue
    const e = errors(sa({ name: 'bot', labels: { 'example.com/team': 'shop', '-team': 'a', 'Example.com/x': 'b', tier: 'back end', owner: 'x'.repeat(64) } }));
    expect(e).toEqual([
      `metadata.labels: Invalid value: "-team": name part ${QNAME_PART}`,
      `metadata.labels: Invalid value: "Example.com/x": prefix part ${DNS1123_SUBDOMAIN}`,
      `metadata.labels: Invalid value: "back end": ${LABEL_VALUE}`,
      `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    ]);
  });

  test('label key edge cases', () => {
    // util/validation.go:51-73: empty prefix, several slashes, name part length
    expect(errors(sa({ name: 'bot', labels: { '/x': 'a' } }))).toEqual(['metadata.labels: Invalid value: "/x": prefix part must be non-empty']);
    expect(errors(sa({ name: 'bot', labels: { 'a/b/c': 'a' } }))).toEqual([
      `metadata.labels: Invalid value: "a/b/c": a qualified name ${QNAME_PART} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
    expect(errors(sa({ name: 'bot', labels: { ['k'.repeat(64)]: 'a' } }))).toEqual([`metadata.labels: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`]);
    expect(errors(sa({ name: 'bot', labels: { 'My.Label_1': '' } }))).toEqual([]);
  });

  test('annotation keys are case-insensitive qualified names', () => {
    // objectmeta.go:44-55 ValidateAnnotations lower-cases the key first
    expect(errors(sa({ name: 'bot', annotations: { 'Example.COM/Note': 'x', 'bad key': 'y' } }))).toEqual([
      `metadata.annotations: Invalid value: "bad key": name part ${QNAME_PART}`,
    ]);
  });

  test('annotations are limited to 256 KiB in total', () => {
    // objectmeta.go:58-66 ValidateAnnotationsSize (key + value bytes), TotalAnnotationSizeLimitB = 262144
    expect(errors(sa({ name: 'bot', annotations: { a: 'x'.repeat(262143) } }))).toEqual([]);
    expect(errors(sa({ name: 'bot', annotations: { a: 'x'.repeat(262144) } }))).toEqual(['metadata.annotations: Too long: must have at most 262144 bytes']);
    // multi-byte characters count as their UTF-8 length
    expect(errors(sa({ name: 'bot', annotations: { a: 'é'.repeat(131072) } }))).toEqual(['metadata.annotations: Too long: must have at most 262144 bytes']);
  });

  test('finalizers', () => {
    // objectmeta.go:111 ValidateFinalizerName, 197 ValidateFinalizers
    expect(errors(sa({ name: 'bot', finalizers: ['cleanup', 'example.com/cleanup', 'kubernetes'] }))).toEqual([
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    expect(errors(sa({ name: 'bot', finalizers: ['orphan', 'foregroundDeletion'] }))).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });

  test('owner references', () => {
    // objectmeta.go:69-108
    expect(errors(sa({ name: 'bot', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '' }] }))).toEqual([
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
  });

  test('generation may not be negative', () => {
    // objectmeta.go:189 ValidateNonnegativeField
    expect(errors(sa({ name: 'bot', generation: -1 }))).toEqual(['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
  });
});

describe('Namespace', () => {
  test('name is a DNS-1123 label', () => {
    // validation.go:6607 ValidateNamespace -> ValidateNamespaceName (NameIsDNSLabel)
    expect(errors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Team.A' } })).toEqual([`metadata.name: Invalid value: "Team.A": ${DNS1123_LABEL}`]);
    expect(errors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n'.repeat(64) } })).toEqual([`metadata.name: Invalid value: "${'n'.repeat(64)}": must be no more than 63 characters`]);
  });

  test('spec.finalizers', () => {
    // validation.go:6606-6615 validateFinalizerName
    expect(errors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, spec: { finalizers: ['kubernetes', 'custom'] } })).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe('Service', () => {
  test('name is a DNS-1035 label', () => {
    // validation.go:5107 ValidateServiceName = NameIsDNS1035Label
    expect(errors(svc({ ports: [{ port: 80 }] }, { name: '1web' }))).toEqual([`metadata.name: Invalid value: "1web": ${DNS1035_LABEL}`]);
    expect(errors(svc({ ports: [{ port: 80 }] }, { name: 'web.v2' }))).toEqual([`metadata.name: Invalid value: "web.v2": ${DNS1035_LABEL}`]);
  });

  test('ports are required except for headless and ExternalName services', () => {
    // validation.go:5119-5121
    expect(errors(svc({ selector: { app: 'web' } }))).toEqual(['spec.ports: Required value']);
    expect(errors(svc({ clusterIP: 'None', selector: { app: 'web' } }))).toEqual([]);
    expect(errors(svc({ type: 'ExternalName', externalName: 'db.example.com' }))).toEqual([]);
  });

  test('port names: required with several ports, DNS-1123 labels, unique', () => {
    // validation.go:5296-5305 validateServicePort
    expect(errors(svc({ ports: [{ port: 80 }, { port: 443, name: 'Https' }, { port: 8443, name: 'web' }, { port: 9443, name: 'web' }] }))).toEqual([
      'spec.ports[0].name: Required value',
      `spec.ports[1].name: Invalid value: "Https": ${DNS1123_LABEL}`,
      'spec.ports[3].name: Duplicate value: "web"',
    ]);
    // a single port needs no name
    expect(errors(svc({ ports: [{ port: 80 }] }))).toEqual([]);
  });

  test('port number, protocol and targetPort', () => {
    // validation.go:5307-5319, 3047 ValidatePortNumOrName, util/validation.go:334 IsValidPortName
    expect(errors(svc({ ports: [{ name: 'a', port: 0, protocol: 'HTTP', targetPort: 70000 }, { name: 'b', port: 81, targetPort: 'web--port' }, { name: 'c', port: 82, targetPort: 'metrics-endpoint1' }] }))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: "web--port": must not contain consecutive hyphens',
      'spec.ports[2].targetPort: Invalid value: "metrics-endpoint1": must be no more than 15 characters',
    ]);
    // targetPort 0 / absent defaults to port (core/v1 defaults.go SetDefaults_Service)
    expect(errors(svc({ ports: [{ port: 8080, targetPort: 0 }] }))).toEqual([]);
  });

  test('duplicate protocol/port pairs', () => {
    // validation.go:5239-5249
    expect(errors(svc({ ports: [{ name: 'a', port: 53, protocol: 'UDP' }, { name: 'b', port: 53, protocol: 'TCP' }, { name: 'c', port: 53, protocol: 'UDP' }] }))).toEqual([
      'spec.ports[2]: Duplicate value: core.ServicePort{Name:"", Protocol:"UDP", AppProtocol:(*string)(nil), Port:53, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  test('selector keys and values follow the label rules', () => {
    // validation.go:5172
    expect(errors(svc({ ports: [{ port: 80 }], selector: { 'app/name/x': 'web', tier: 'front end' } }))).toEqual([
      `spec.selector: Invalid value: "app/name/x": a qualified name ${QNAME_PART} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      `spec.selector: Invalid value: "front end": ${LABEL_VALUE}`,
    ]);
  });

  test('type-specific rules', () => {
    // validation.go:5123-5162 (LoadBalancer/NodePort/ExternalName), 5212-5217 nodePort on ClusterIP
    expect(errors(svc({ type: 'ClusterIP', ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    expect(errors(svc({ type: 'LoadBalancer', clusterIP: 'None', ports: [{ port: 10250 }] }))).toEqual([
      'spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet',
      "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services",
    ]);
    expect(errors(svc({ type: 'ExternalName' }))).toEqual(['spec.externalName: Required value']);
    expect(errors(svc({ type: 'ExternalName', externalName: 'DB.example.com' }))).toEqual([`spec.externalName: Invalid value: "DB.example.com": ${DNS1123_SUBDOMAIN}`]);
    expect(errors(svc({ type: 'Ingress', ports: [{ port: 80 }] }))).toEqual([
      'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  test('session affinity', () => {
    // validation.go:5174-5183, 2980 validateAffinityTimeout
    expect(errors(svc({ ports: [{ port: 80 }], sessionAffinity: 'Sticky' }))).toEqual(['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']);
    expect(errors(svc({ ports: [{ port: 80 }], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } } }))).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400',
    ]);
  });

  test('cluster IPs', () => {
    // validation.go:7262 ValidateServiceClusterIPsRelatedFields
    expect(errors(svc({ ports: [{ port: 80 }], clusterIP: '10.0.0.300' }))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    expect(errors(svc({ ports: [{ port: 80 }], clusterIPs: ['10.0.0.10', '10.0.0.11'] }))).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.0.0.10", "10.0.0.11"}: may specify no more than one IP for each IP family',
    ]);
  });

  test('external IPs may not be special addresses', () => {
    // validation.go:6740-6760 ValidateNonSpecialIP
    expect(errors(svc({ ports: [{ port: 80 }], externalIPs: ['127.0.0.1', '169.254.1.1', '0.0.0.0', '203.0.113.9', 'nope'] }))).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalIPs[1]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'spec.externalIPs[2]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'spec.externalIPs[4]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  test('load balancer source ranges and traffic policies', () => {
    // validation.go:5253-5271, 5343 validateServiceExternalTrafficPolicy
    expect(errors(svc({ ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0.0/8', 'office'] }))).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
      'spec.LoadBalancerSourceRanges: Invalid value: "[10.0.0.0/8 office]": must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ',
    ]);
    expect(errors(svc({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }))).toEqual([
      "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
    ]);
    expect(errors(svc({ type: 'LoadBalancer', ports: [{ port: 80 }], externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['10.0.0.0/8'] }))).toEqual([]);
  });
});

describe('ServiceAccount', () => {
  test('only metadata is validated', () => {
    // validation.go:6116-6120
    expect(errors(sa({ name: 'bot', secrets: [{ name: 'Any_Thing' }] }))).toEqual([]);
  });
});

describe('Pod spec: containers', () => {
  test('containers are required', () => {
    // validation.go:3395-3397
    expect(errors(podIn({ containers: [] }))).toEqual([`${T}containers: Required value`]);
  });

  test('container names are unique DNS-1123 labels', () => {
    // validation.go:3323-3328, 3405-3411
    expect(errors(podIn({ containers: [ctr({ name: '' }), ctr({ name: 'Web_App' }), ctr(), ctr()] }))).toEqual([
      `${T}containers[0].name: Required value`,
      `${T}containers[1].name: Invalid value: "Web_App": ${DNS1123_LABEL}`,
      `${T}containers[3].name: Duplicate value: "app"`,
    ]);
  });

  test('init container names may not clash with containers', () => {
    // validation.go:3254 validateInitContainers
    expect(errors(pod({ initContainers: [ctr()], containers: [ctr()] }))).toEqual(['spec.initContainers[0].name: Duplicate value: "app"']);
  });

  test('image is required', () => {
    // validation.go:3333-3335
    expect(errors(podIn({ containers: [ctr({ image: '' })] }))).toEqual([`${T}containers[0].image: Required value`]);
    expect(errors(podIn({ containers: [{ name: 'app' }] }))).toEqual([`${T}containers[0].image: Required value`]);
  });

  test('image whitespace is rejected for Pods, only warned about in templates', () => {
    // validation.go:3769-3785 validateContainersOnlyForPod (Pod only); pkg/api/pod/warnings.go for templates
    expect(errors(pod({ containers: [ctr({ image: ' nginx' })] }))).toEqual(['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
    expect(errors(podIn({ containers: [ctr({ image: 'nginx ' })] }))).toEqual([]);
    expect(warnings(podIn({ containers: [ctr({ image: 'nginx ' })] }))).toEqual([`${T}containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace`]);
  });

  test('container ports', () => {
    // validation.go:2373-2409 validateContainerPorts
    expect(errors(podIn({ containers: [ctr({ ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 0, name: 'http' }, { containerPort: 70000, hostPort: 70001, name: 'Admin' }, { containerPort: 9090, protocol: 'ICMP' }] })] }))).toEqual([
      `${T}containers[0].ports[1].name: Duplicate value: "http"`,
      `${T}containers[0].ports[1].containerPort: Required value`,
      `${T}containers[0].ports[2].name: Invalid value: "Admin": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
      `${T}containers[0].ports[2].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `${T}containers[0].ports[2].hostPort: Invalid value: 70001: must be between 1 and 65535, inclusive`,
      `${T}containers[0].ports[3].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`,
    ]);
  });

  test('port names need a letter and no edge hyphens', () => {
    // util/validation.go:334-352 IsValidPortName
    expect(errors(podIn({ containers: [ctr({ ports: [{ containerPort: 1, name: '8080' }, { containerPort: 2, name: '-web' }] })] }))).toEqual([
      `${T}containers[0].ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)`,
      `${T}containers[0].ports[1].name: Invalid value: "-web": must not begin or end with a hyphen`,
    ]);
  });

  test('hostPort conflicts across containers', () => {
    // validation.go:3002-3004 AccumulateUniqueHostPorts keys on "<protocol>/<hostIP>/<port>"
    expect(errors(podIn({ containers: [ctr({ ports: [{ containerPort: 80, hostPort: 8080 }] }), ctr({ name: 'side', ports: [{ containerPort: 81, hostPort: 8080 }] })] }))).toEqual([
      `${T}containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`,
    ]);
    // a different protocol or host IP is another port
    expect(errors(podIn({ containers: [ctr({ ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 80, hostPort: 8080, protocol: 'UDP' }, { containerPort: 81, hostPort: 8080, hostIP: '10.0.0.1' }] })] }))).toEqual([]);
  });

  test('environment variable names (1.28 relaxed rule)', () => {
    // validation.go:2412-2425 ValidateEnv, util/validation.go:415 IsEnvVarName
    expect(errors(podIn({ containers: [ctr({ env: [{ name: 'LOG_LEVEL', value: 'x' }, { name: 'my.var-1' }, { name: '2FA' }, { name: '' }, { name: '.' }, { name: 'A B' }] })] }))).toEqual([
      `${T}containers[0].env[2].name: Invalid value: "2FA": ${ENV_NAME}`,
      `${T}containers[0].env[3].name: Required value`,
      `${T}containers[0].env[4].name: Invalid value: ".": must not be '.'`,
      `${T}containers[0].env[5].name: Invalid value: "A B": ${ENV_NAME}`,
    ]);
  });

  test('env valueFrom', () => {
    // validation.go:2448 validateEnvVarValueFrom
    expect(errors(podIn({ containers: [ctr({ env: [{ name: 'A', value: 'x', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' }, secretKeyRef: { name: 's', key: 'b' } } }, { name: 'C', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }] })] }))).toEqual([
      `${T}containers[0].env[0].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
      `${T}containers[0].env[1].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
      `${T}containers[0].env[2].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
    ]);
  });

  test('imagePullPolicy and terminationMessagePolicy values', () => {
    // validation.go:3123 validatePullPolicy, 3337-3347
    expect(errors(podIn({ containers: [ctr({ imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Log' })] }))).toEqual([
      `${T}containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"`,
      `${T}containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`,
    ]);
  });

  test('restartPolicy: sidecar init containers only', () => {
    // validation.go:3270 validateInitContainerRestartPolicy, 3427-3429, 3295-3304
    expect(errors(pod({ initContainers: [ctr({ name: 'proxy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 15021 } } }), ctr({ name: 'setup', restartPolicy: 'OnFailure' }), ctr({ name: 'prep', livenessProbe: { exec: { command: ['true'] } } })], containers: [ctr({ restartPolicy: 'Always' })] }))).toEqual([
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
      'spec.initContainers[1].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.initContainers[2].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
  });
});

describe('Pod spec: resources and quantities', () => {
  test('requests may not exceed limits', () => {
    // validation.go:6327-6336 ValidateResourceRequirements
    expect(errors(podIn({ containers: [ctr({ resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1500m', memory: '1024Mi' } } })] }))).toEqual([
      `${T}containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1500m`,
    ]);
  });

  test('equal quantities written differently are equal', () => {
    // quantity.go Cmp compares values, not strings
    expect(errors(podIn({ containers: [ctr({ resources: { requests: { cpu: '0.5', memory: '1G' }, limits: { cpu: '500m', memory: '1000M' } } })] }))).toEqual([]);
  });

  test('negative quantities and unknown resource names', () => {
    // validation.go:333 ValidateNonnegativeQuantity, 5908 validateResourceName, 5928 validateContainerResourceName
    expect(errors(podIn({ containers: [ctr({ resources: { requests: { memory: '-128Mi', gpu: '1', 'example.com/foo': '1' } } })] }))).toEqual([
      `${T}containers[0].resources.requests[memory]: Invalid value: "-128Mi": must be greater than or equal to 0`,
      `${T}containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
      `${T}containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
      `${T}containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources`,
    ]);
  });

  test('extended resources must be whole numbers equal in requests and limits', () => {
    // validation.go:6330-6333, 6551-6557 ValidateResourceQuantityValue
    const e = errors(podIn({ containers: [ctr({ resources: { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '2' } } })] }));
    expect(e).toEqual([`${T}containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2`]);
    const frac = errors(podIn({ containers: [ctr({ resources: { limits: { 'nvidia.com/gpu': '500m' } } })] }));
    expect(frac).toHaveLength(1);
    expect(frac[0].startsWith(`${T}containers[0].resources.limits[nvidia.com/gpu]: Invalid value: resource.Quantity{`)).toBe(true);
    expect(frac[0].endsWith(': must be an integer')).toBe(true);
  });

  test('hugepages need cpu or memory', () => {
    // validation.go:6354-6356
    expect(errors(podIn({ containers: [ctr({ resources: { limits: { 'hugepages-2Mi': '4Mi' }, requests: { 'hugepages-2Mi': '4Mi' } } })] }))).toEqual([
      `${T}containers[0].resources: Forbidden: HugePages require cpu or memory`,
    ]);
  });

  test('a Pod defaults requests to limits; templates do not', () => {
    // core/v1 defaults.go SetDefaults_Pod copies limits into missing requests
    expect(errors(pod({ containers: [ctr({ resources: { limits: { 'nvidia.com/gpu': '1' } } })] }))).toEqual([]);
    expect(errors(podIn({ containers: [ctr({ resources: { limits: { 'nvidia.com/gpu': '1' } } })] }))).toEqual([]);
  });

  test('a malformed quantity fails decoding before validation', () => {
    // quantity.go:152-154 ErrFormatWrong / ErrSuffix, quantity.go UnmarshalJSON
    expect(kubeValidation(podIn({ containers: [ctr({ resources: { requests: { memory: '1.5 GB' } } })] }))).toEqual([
      {
        level: 'error',
        field: `${T}containers[0].resources.requests[memory]`,
        message: `Deployment in version "v1" cannot be handled as a Deployment: ${QUANTITY_RE}`,
      },
    ]);
    // quantity.go:289-291: the characters are suffix characters but "mi" is no suffix
    expect(errors(pod({ containers: [ctr({ resources: { limits: { memory: '512mi' } } })] }))).toEqual([
      'Pod in version "v1" cannot be handled as a Pod: unable to parse quantity\'s suffix',
    ]);
    // quantity.go:270-272: "b" is not a suffix character
    expect(errors(pod({ containers: [ctr({ resources: { limits: { cpu: '1kb' } } })] }))).toEqual([`Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_RE}`]);
  });

  test('quantity parsing and canonical form', () => {
    // quantity.go:158 parseQuantityString, 275 ParseQuantity, 422 CanonicalizeBytes
    const s = (x: string) => {
      const q = parseQuantity(x);
      return 'err' in q ? `error: ${q.err}` : qString(q);
    };
    expect(s('1000m')).toBe('1');
    expect(s('0.1')).toBe('100m');
    expect(s('1.5Gi')).toBe('1536Mi');
    expect(s('1024Mi')).toBe('1Gi');
    expect(s('2048Ki')).toBe('2Mi');
    expect(s('1e3')).toBe('1e3');
    expect(s('100.035k')).toBe('100.035k'); // already canonical: the parsed string is kept (quantity.go:330-336)
    expect(s('0.0001')).toBe('100u');
    expect(s('.5')).toBe('500m');
    expect(s('12Mb')).toBe(`error: ${QUANTITY_RE}`);
    expect(s('1ki')).toBe("error: unable to parse quantity's suffix");
    expect(s('+5')).toBe('+5'); // canonical digits keep the original string, sign included (quantity.go:335)
    expect(s('2000000000000000000000')).toBe('2'); // 2e21 has no DecimalSI suffix: Go prints the mantissa alone
    expect(s('1,5')).toBe(`error: ${QUANTITY_RE}`);
    expect(s('')).toBe(`error: ${QUANTITY_RE}`);
    const a = parseQuantity('1Gi') as Quantity;
    const b = parseQuantity('1073741824') as Quantity;
    expect(qCmp(a, b)).toBe(0);
    expect(qCmp(parseQuantity('999Mi') as Quantity, a)).toBe(-1);
  });
});

describe('Pod spec: volumes and mounts', () => {
  test('volume names are unique DNS-1123 labels', () => {
    // validation.go:387-420 ValidateVolumes
    expect(errors(podIn({ volumes: [{ name: 'data', emptyDir: {} }, { name: 'data', emptyDir: {} }, { name: 'Cache_1', emptyDir: {} }, { name: 'x', emptyDir: {} }], containers: [ctr()] }))).toEqual([
      `${T}volumes[1].name: Duplicate value: "data"`,
      `${T}volumes[2].name: Invalid value: "Cache_1": ${DNS1123_LABEL}`,
    ]);
  });

  test('a volume has at most one source; none means emptyDir', () => {
    // validation.go:486-737 validateVolumeSource; core/v1 defaults.go:65 SetDefaults_Volume turns no source into emptyDir
    expect(errors(podIn({ volumes: [{ name: 'a' }, { name: 'b', emptyDir: {}, configMap: { name: 'cfg' } }], containers: [ctr()] }))).toEqual([
      `${T}volumes[1].configMap: Forbidden: may not specify more than 1 volume type`,
    ]);
  });

  test('volume source details', () => {
    // validation.go:742 hostPath, 898 secret, 917 configMap, 952 persistentVolumeClaim
    expect(errors(podIn({ volumes: [{ name: 'a', hostPath: { path: '/var/log', type: 'Folder' } }, { name: 'b', secret: { secretName: '', defaultMode: 1024 } }, { name: 'c', configMap: { name: 'cfg', items: [{ key: 'k', path: '../k' }] } }, { name: 'd', persistentVolumeClaim: { claimName: '' } }], containers: [ctr()] }))).toEqual([
      `${T}volumes[0].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"`,
      `${T}volumes[1].secret.secretName: Required value`,
      `${T}volumes[1].secret.defaultMode: Invalid value: 1024: must be a number between 0 and 0777 (octal), both inclusive`,
      `${T}volumes[2].configMap.items[0].path: Invalid value: "../k": must not contain '..'`,
      `${T}volumes[3].persistentVolumeClaim.claimName: Required value`,
    ]);
  });

  test('volume mounts refer to volumes and use distinct paths', () => {
    // validation.go:2701-2741 ValidateVolumeMounts
    expect(errors(podIn({ volumes: [{ name: 'data', emptyDir: {} }], containers: [ctr({ volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'config', mountPath: '/data' }, { name: 'data', mountPath: '' }, { name: 'data', mountPath: '/x', subPath: '/abs' }] })] }))).toEqual([
      `${T}containers[0].volumeMounts[1].name: Not found: "config"`,
      `${T}containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique`,
      `${T}containers[0].volumeMounts[2].mountPath: Required value`,
      // validation.go:2729 uses fldPath (not idxPath) for subPath
      `${T}containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path`,
    ]);
  });

  test('the same path in another container is fine', () => {
    // validation.go:2703 mountpoints are per container
    expect(errors(podIn({ volumes: [{ name: 'data', emptyDir: {} }], containers: [ctr({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }), ctr({ name: 'side', volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }))).toEqual([]);
  });

  test('a projected service account token needs a service account on a Pod', () => {
    // validation.go:3816-3828 validatePodMetadataAndSpec
    const vol = { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } };
    expect(errors(pod({ volumes: [vol], containers: [ctr()] }))).toEqual([
      'spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set',
    ]);
    expect(errors(pod({ serviceAccountName: 'bot', volumes: [vol], containers: [ctr()] }))).toEqual([]);
    expect(errors(pod({ serviceAccountName: 'bot', volumes: [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }] } }], containers: [ctr()] }))).toEqual([
      'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ]);
  });
});

describe('Pod spec: security context', () => {
  test('user and group ids are 0..2147483647', () => {
    // validation.go:4563-4580 validatePodSpecSecurityContext, 6797-6808 ValidateSecurityContext; util/validation.go:309-322
    expect(errors(podIn({ securityContext: { runAsUser: -1, runAsGroup: 2147483648, fsGroup: -2, supplementalGroups: [1000, -3] }, containers: [ctr({ securityContext: { runAsUser: 2147483648, runAsGroup: -1 } })] }))).toEqual([
      `${T}containers[0].securityContext.runAsUser: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`,
      `${T}containers[0].securityContext.runAsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
      `${T}securityContext.fsGroup: Invalid value: -2: must be between 0 and 2147483647, inclusive`,
      `${T}securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
      `${T}securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`,
      `${T}securityContext.supplementalGroups[1]: Invalid value: -3: must be between 0 and 2147483647, inclusive`,
    ]);
    expect(errors(podIn({ securityContext: { runAsUser: 0, fsGroup: 2147483647 }, containers: [ctr({ securityContext: { runAsUser: 65534, runAsNonRoot: true } })] }))).toEqual([]);
  });

  test('allowPrivilegeEscalation=false conflicts with privileged and CAP_SYS_ADMIN', () => {
    // validation.go:6816-6827
    const e = errors(podIn({ containers: [ctr({ securityContext: { allowPrivilegeEscalation: false, privileged: true, capabilities: { add: ['CAP_SYS_ADMIN', 'NET_ADMIN'] } } })] }));
    expect(e).toHaveLength(2);
    expect(e[0].startsWith(`${T}containers[0].securityContext: Invalid value: core.SecurityContext{`)).toBe(true);
    expect(e[0].endsWith(': cannot set `allowPrivilegeEscalation` to false and `privileged` to true')).toBe(true);
    expect(e[1].endsWith(': cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN')).toBe(true);
    // capability names themselves are not validated by the API server
    expect(errors(podIn({ containers: [ctr({ securityContext: { capabilities: { add: ['SYS_ADMIN', 'anything'], drop: ['ALL'] } } })] }))).toEqual([]);
  });

  test('seccomp profile', () => {
    // validation.go validateSeccompProfileField
    expect(errors(podIn({ securityContext: { seccompProfile: { type: 'Localhost' } }, containers: [ctr({ securityContext: { seccompProfile: { type: 'Custom' } } })] }))).toEqual([
      `${T}containers[0].securityContext.seccompProfile.type: Unsupported value: "Custom": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
      `${T}securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost`,
    ]);
  });

  test('sysctls', () => {
    // validation.go:4544-4553 validateSysctls (the regexp printed with %s, validation.go:4523)
    expect(errors(podIn({ securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }, { name: 'Bad..Name', value: '1' }, { name: 'net.core.somaxconn', value: '2' }] }, containers: [ctr()] }))).toEqual([
      `${T}securityContext.sysctls[1].name: Invalid value: "Bad..Name": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`,
      `${T}securityContext.sysctls[2].name: Duplicate value: "net.core.somaxconn"`,
    ]);
  });
});

describe('Pod spec: probes and lifecycle', () => {
  test('a probe needs exactly one handler', () => {
    // validation.go:3069-3107 validateHandler
    expect(errors(podIn({ containers: [ctr({ livenessProbe: { periodSeconds: 5 }, startupProbe: { exec: { command: ['true'] }, httpGet: { port: 8080 } } })] }))).toEqual([
      `${T}containers[0].livenessProbe: Required value: must specify a handler type`,
      `${T}containers[0].startupProbe.httpGet: Forbidden: may not specify more than 1 handler type`,
    ]);
  });

  test('successThreshold must be 1 for liveness and startup probes', () => {
    // validation.go:2869-2871, 2895-2897
    expect(errors(podIn({ containers: [ctr({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 3 }, readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 3 } })] }))).toEqual([
      `${T}containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1`,
    ]);
  });

  test('probe numbers and readiness terminationGracePeriodSeconds', () => {
    // validation.go:2909-2916, 2882-2884
    expect(errors(podIn({ containers: [ctr({ readinessProbe: { httpGet: { port: 'web', path: '/healthz' }, initialDelaySeconds: -1, terminationGracePeriodSeconds: 10 }, livenessProbe: { grpc: { port: 0 }, terminationGracePeriodSeconds: 0 } })] }))).toEqual([
      `${T}containers[0].livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
      `${T}containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`,
      `${T}containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0`,
      `${T}containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`,
    ]);
  });

  test('httpGet details', () => {
    // validation.go validateHTTPGetAction
    expect(errors(podIn({ containers: [ctr({ readinessProbe: { httpGet: { path: '', port: 'Web', scheme: 'FTP', httpHeaders: [{ name: 'X Bad', value: '1' }] } } })] }))).toEqual([
      `${T}containers[0].readinessProbe.httpGet.port: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
      `${T}containers[0].readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`,
      // validation.go:3041 the path is httpHeaders, without index or name
      `${T}containers[0].readinessProbe.httpGet.httpHeaders: Invalid value: "X Bad": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`,
    ]);
  });

  test('lifecycle hooks', () => {
    // validation.go:3110-3120 validateLifecycle
    expect(errors(podIn({ containers: [ctr({ lifecycle: { preStop: { exec: { command: [] } }, postStart: {} } })] }))).toEqual([
      `${T}containers[0].lifecycle.postStart: Required value: must specify a handler type`,
      `${T}containers[0].lifecycle.preStop.exec.command: Required value`,
    ]);
  });
});

describe('Pod spec: other fields', () => {
  test('serviceAccountName is a DNS-1123 subdomain', () => {
    // validation.go:3966-3970
    expect(errors(podIn({ serviceAccountName: 'Build_Bot', containers: [ctr()] }))).toEqual([`${T}serviceAccountName: Invalid value: "Build_Bot": ${DNS1123_SUBDOMAIN}`]);
    expect(errors(podIn({ serviceAccountName: 'build.bot', containers: [ctr()] }))).toEqual([]);
  });

  test('restartPolicy, dnsPolicy and grace periods', () => {
    // validation.go:3438 validateRestartPolicy, 3466 validateDNSPolicy, ValidatePodSpec activeDeadlineSeconds;
    // a negative terminationGracePeriodSeconds is not a validation error in 1.28
    expect(errors(pod({ restartPolicy: 'Sometimes', dnsPolicy: 'Google', activeDeadlineSeconds: 0, terminationGracePeriodSeconds: -5, containers: [ctr()] }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
  });

  test('dnsConfig is required for dnsPolicy None', () => {
    // validation.go:3522 validatePodDNSConfig
    expect(errors(pod({ dnsPolicy: 'None', containers: [ctr()] }))).toEqual(['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
    expect(errors(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1', 'dns.example'] }, containers: [ctr()] }))).toEqual([
      'spec.dnsConfig.nameservers[1]: Invalid value: "dns.example": must be valid IP address',
    ]);
  });

  test('tolerations', () => {
    // validation.go:3722-3762 ValidateTolerations (the whole toleration is the bad value, 3751), 3650 effect order
    expect(errors(pod({ tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'gpu' }, { operator: 'Equal', value: 'x' }, { key: 'a', operator: 'Equal', value: 'b', effect: 'NoRun' }], containers: [ctr()] }))).toEqual([
      'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"dedicated", Operator:"Exists", Value:"gpu", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[2].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  test('nodeSelector labels, imagePullSecrets, hostname', () => {
    // validation.go ValidatePodSpec: nodeSelector (ValidateLabels), hostname (DNS label);
    // validateImagePullSecrets (3608-3617) only rejects fields other than name, so an empty name passes
    expect(errors(pod({ nodeSelector: { 'kubernetes.io/os': 'linux', zone: 'eu west' }, imagePullSecrets: [{ name: '' }], hostname: 'Web.1', containers: [ctr()] }))).toEqual([
      `spec.nodeSelector: Invalid value: "eu west": ${LABEL_VALUE}`,
      `spec.hostname: Invalid value: "Web.1": ${DNS1123_LABEL}`,
    ]);
  });

  test('os.name and the fields a windows or linux pod may not set', () => {
    // validation.go:4019-4029, 7016-7030 validateOS; 4033 validateLinux; 4050-4131 validateWindows
    expect(errors(pod({ os: { name: 'darwin' }, containers: [ctr()] }))).toEqual(['spec.os: Unsupported value: "darwin": supported values: "linux", "windows"']);
    expect(errors(pod({ os: { name: 'linux' }, securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } }, containers: [ctr()] }))).toEqual([
      'spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
    ]);
    expect(errors(pod({ os: { name: 'windows' }, hostPID: true, securityContext: { runAsUser: 1000 }, initContainers: [ctr({ name: 'init', securityContext: { privileged: false } })], containers: [ctr({ securityContext: { capabilities: { drop: ['ALL'] }, runAsUser: 1000 } })] }))).toEqual([
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.initContainers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
    ]);
    expect(errors(pod({ os: { name: 'windows' }, securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } }, containers: [ctr()] }))).toEqual([]);
  });

  test('ephemeral containers cannot be set on create', () => {
    // validation.go:4633-4635 ValidatePodCreate
    expect(errors(pod({ containers: [ctr()], ephemeralContainers: [{ name: 'debug', image: 'busybox' }] }))).toEqual(['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  });

  test('Pod names are subdomains; a warning suggests a DNS label', () => {
    // validation.go:5082 ValidatePodName = NameIsDNSSubdomain; pkg/api/pod/warnings.go GetWarningsForPod
    expect(errors(pod({ containers: [ctr()] }, { name: 'web.v1' }))).toEqual([]);
    expect(warnings(pod({ containers: [ctr()] }, { name: 'web.v1' }))).toEqual([
      "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]",
    ]);
  });
});

describe('Deployment / ReplicaSet', () => {
  test('selector is required and must match the template labels', () => {
    // apps validation.go ValidateDeploymentSpec; ValidatePodTemplateSpecForReplicaSet
    expect(errors(deploy({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } } }))).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(errors(deploy({ selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [ctr()] } } }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"front"}: `selector` does not match template `labels`',
    ]);
  });

  test('an empty selector is invalid', () => {
    // apps validation.go ValidateDeploymentSpec
    expect(errors(deploy({ selector: {}, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } } }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  test('matchExpressions', () => {
    // meta/v1/validation.go:70-93 ValidateLabelSelectorRequirement; apps ValidateReplicaSetSpec "invalid label selector"
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }, { key: 'tier', operator: 'NotIn' }] }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } } } };
    expect(errors(rs)).toEqual([
      "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"web"}}, v1.LabelSelectorRequirement{Key:"tier", Operator:"NotIn", Values:[]string(nil)}}}: invalid label selector',
    ]);
    const ok = { ...rs, spec: { ...rs.spec, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }, { key: 'legacy', operator: 'DoesNotExist' }] } } };
    expect(errors(ok)).toEqual([]);
  });

  test('template restartPolicy must be Always', () => {
    // apps validation.go ValidatePodTemplateSpecForReplicaSet
    expect(errors(podIn({ restartPolicy: 'Never', containers: [ctr()] }))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  test('rolling update parameters', () => {
    // apps validation.go ValidateRollingUpdateDeployment, ValidatePositiveIntOrPercent, IsNotMoreThan100Percent
    const d = (ru: M, extra: M = {}) => deploy({ selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: ru }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } }, ...extra });
    expect(errors(d({ maxUnavailable: 0, maxSurge: 0 }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
    expect(errors(d({ maxUnavailable: '150%', maxSurge: 'ten' }))).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
    expect(errors(d({ maxUnavailable: -1 }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(errors(d({ maxUnavailable: '25%', maxSurge: '25%' }))).toEqual([]);
  });

  test('Recreate may not carry rollingUpdate; replicas and deadlines', () => {
    // apps validation.go ValidateDeploymentStrategy, ValidateDeploymentSpec
    const base = { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } } };
    expect(errors(deploy({ ...base, strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    expect(errors(deploy({ ...base, replicas: -2, minReadySeconds: 30, progressDeadlineSeconds: 30 }))).toEqual([
      'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
    ]);
  });

  test('Deployment name warning for non-DNS-label names', () => {
    // pkg/registry/apps/deployment/strategy.go WarningsOnCreate
    const d = deploy({ selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } } }, { name: 'web.v2' });
    expect(errors(d)).toEqual([]);
    expect(warnings(d)).toEqual([
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
    ]);
  });
});

describe('StatefulSet', () => {
  const sts = (spec: M, metadata: M = {}): M => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop', ...metadata }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [ctr()] } }, ...spec } });

  test('a typical StatefulSet with a claim template is accepted', () => {
    expect(kubeValidation(sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }], template: { metadata: { labels: { app: 'db' } }, spec: { containers: [ctr({ volumeMounts: [{ name: 'data', mountPath: '/var/lib/db' }] })] } } }))).toEqual([]);
  });

  test('names are DNS-1123 labels', () => {
    // apps validation.go ValidateStatefulSetName = NameIsDNSLabel (since 1.27)
    expect(errors(sts({}, { name: 'db.primary' }))).toEqual(['metadata.name: Invalid value: "db.primary": must not contain dots']);
  });

  test('policies, selector and template labels', () => {
    // apps validation.go ValidateStatefulSetSpec
    expect(errors(sts({ podManagementPolicy: 'Random', updateStrategy: { type: 'Canary' }, selector: { matchLabels: { app: 'cache' } } }))).toEqual([
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`',
    ]);
  });

  test('the pod spec is not validated by 1.28 for StatefulSets: reported as warnings', () => {
    // apps validation.go ValidatePodTemplateSpecForStatefulSet only checks labels/annotations
    const s = sts({ template: { metadata: { labels: { app: 'db' } }, spec: { containers: [ctr({ image: '' })] } } });
    expect(errors(s)).toEqual([]);
    expect(warnings(s)).toEqual([`${T}containers[0].image: Required value`]);
  });
});

describe('DaemonSet', () => {
  const ds = (spec: M): M => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [ctr()] } }, ...spec } });

  test('accepted as written', () => {
    expect(kubeValidation(ds({}))).toEqual([]);
  });

  test('selector/template mismatch and rolling update', () => {
    // apps validation.go ValidateDaemonSetSpec, ValidateRollingUpdateDaemonSet
    expect(errors(ds({ template: { metadata: { labels: { app: 'node-agent' } }, spec: { containers: [ctr()] } } }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"node-agent"}: `selector` does not match template `labels`',
    ]);
    expect(errors(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
  });
});

describe('Job', () => {
  const job = (spec: M, metadata: M = {}): M => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop', ...metadata }, spec: { template: { spec: { restartPolicy: 'Never', containers: [ctr()] } }, ...spec } });

  test('accepted with the generated selector', () => {
    // pkg/registry/batch/job/strategy.go generateSelector
    expect(kubeValidation(job({}))).toEqual([]);
  });

  test('restartPolicy must be OnFailure or Never', () => {
    // batch validation.go validateJobSpec (RestartPolicyAlways is the core default)
    expect(errors(job({ template: { spec: { containers: [ctr()] } } }))).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  test('negative counts', () => {
    // batch validation.go validateJobSpec
    expect(errors(job({ parallelism: -1, completions: -1, backoffLimit: -6 }))).toEqual([
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -6: must be greater than or equal to 0',
    ]);
  });

  test('a user selector without manualSelector is rejected', () => {
    // batch validation.go validateGeneratedSelector
    const e = errors(job({ selector: { matchLabels: { app: 'migrate' } } }));
    expect(e[0]).toMatch(/^spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"migrate", "batch\.kubernetes\.io\/controller-uid":"[^"]+"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: `selector` not auto-generated$/);
    expect(e[1]).toMatch(/^spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{.*\}: `selector` does not match template `labels`$/);
    expect(errors(job({ manualSelector: true, selector: { matchLabels: { app: 'migrate' } }, template: { metadata: { labels: { app: 'migrate' } }, spec: { restartPolicy: 'OnFailure', containers: [ctr()] } } }))).toEqual([]);
  });

  test('names longer than 63 characters break the job-name label', () => {
    // generateSelector copies the name into the job-name labels; meta/v1/validation.go:105 ValidateLabels
    const long = 'm'.repeat(64);
    expect(errors(job({}, { name: long }))).toEqual([`spec.template.labels: Invalid value: "${long}": must be no more than 63 characters`]);
  });

  test('the pod template is validated like a Deployment\'s', () => {
    // core validation.go ValidatePodTemplateSpec via batch ValidateJob
    expect(errors(job({ template: { spec: { restartPolicy: 'Never', containers: [ctr({ image: '', env: [{ name: '9LIVES' }] })] } } }))).toEqual([
      `${T}containers[0].image: Required value`,
      `${T}containers[0].env[0].name: Invalid value: "9LIVES": ${ENV_NAME}`,
    ]);
  });
});

describe('kubeStatusMessage', () => {
  test('formats the Status message like the API server', () => {
    // apimachinery errors.NewInvalid: "<Kind>.<group> \"<name>\" is invalid: [<errors>]"
    const d = podIn({ containers: [ctr({ image: '', name: 'App' })] });
    expect(kubeStatusMessage(d, kubeValidation(d))).toBe(
      `Deployment.apps "web" is invalid: [${T}containers[0].name: Invalid value: "App": ${DNS1123_LABEL}, ${T}containers[0].image: Required value]`,
    );
    const s = svc({}, { name: 'web' });
    expect(kubeStatusMessage(s, kubeValidation(s))).toBe('Service "web" is invalid: spec.ports: Required value');
    expect(kubeStatusMessage(svc({ ports: [{ port: 80 }] }), [])).toBeUndefined();
  });
});
