import { isIP } from 'node:net';
import { Analyzer } from './analyzer';
import { AnalyzedResource } from './resources';
import { goQuote, has } from './util';

// Istio's annotations (istio.io/api v1.28.9 annotation/annotations.yaml, as
// annotation.AllResourceAnnotations() lists them): name, the kinds it applies to, deprecated.
const ANNOTATIONS: ReadonlyMap<string, { resources: readonly string[]; deprecated: boolean }> = new Map(([
  ['alpha.istio.io/canonical-serviceaccounts', 'Service', true],
  ['alpha.istio.io/kubernetes-serviceaccounts', 'Service', true],
  ['ambient.istio.io/bypass-inbound-capture', 'Pod'],
  ['ambient.istio.io/dns-capture', 'Pod'],
  ['ambient.istio.io/redirection', 'Pod'],
  ['ambient.istio.io/waypoint-inbound-binding', 'GatewayClass,Gateway'],
  ['galley.istio.io/analyze-suppress', 'Any'],
  ['gateway.istio.io/controller-version', 'Any'],
  ['gateway.istio.io/name-override', 'Gateway'],
  ['gateway.istio.io/service-account', 'Gateway'],
  ['inject.istio.io/templates', 'Pod'],
  ['istio.io/autoRegistrationGroup', 'WorkloadEntry'],
  ['istio.io/connectedAt', 'WorkloadEntry'],
  ['istio.io/disconnectedAt', 'WorkloadEntry'],
  ['istio.io/dry-run', 'AuthorizationPolicy'],
  ['istio.io/reroute-virtual-interfaces', 'Pod'],
  ['istio.io/rev', 'Pod'],
  ['istio.io/workloadController', 'WorkloadEntry'],
  ['kubernetes.io/ingress.class', 'Ingress'],
  ['networking.istio.io/exportTo', 'Service'],
  ['networking.istio.io/service-type', 'Gateway'],
  ['networking.istio.io/traffic-distribution', 'Service,ServiceEntry'],
  ['prometheus.istio.io/merge-metrics', 'Pod'],
  ['proxy.istio.io/config', 'Pod'],
  ['proxy.istio.io/overrides', 'Pod'],
  ['readiness.status.sidecar.istio.io/applicationPorts', 'Pod'],
  ['readiness.status.sidecar.istio.io/failureThreshold', 'Pod'],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', 'Pod'],
  ['readiness.status.sidecar.istio.io/periodSeconds', 'Pod'],
  ['sidecar.istio.io/agentLogLevel', 'Pod'],
  ['sidecar.istio.io/bootstrapOverride', 'Pod'],
  ['sidecar.istio.io/componentLogLevel', 'Pod'],
  ['sidecar.istio.io/discoveryAddress', 'Pod', true],
  ['sidecar.istio.io/extraStatTags', 'Pod', true],
  ['sidecar.istio.io/inject', 'Pod', true],
  ['sidecar.istio.io/interceptionMode', 'Pod'],
  ['sidecar.istio.io/logLevel', 'Pod'],
  ['sidecar.istio.io/nativeSidecar', 'Pod'],
  ['sidecar.istio.io/proxyCPU', 'Pod'],
  ['sidecar.istio.io/proxyCPULimit', 'Pod'],
  ['sidecar.istio.io/proxyImage', 'Pod'],
  ['sidecar.istio.io/proxyImageType', 'Pod'],
  ['sidecar.istio.io/proxyMemory', 'Pod'],
  ['sidecar.istio.io/proxyMemoryLimit', 'Pod'],
  ['sidecar.istio.io/rewriteAppHTTPProbers', 'Pod'],
  ['sidecar.istio.io/statsCompression', 'Pod'],
  ['sidecar.istio.io/statsEvictionInterval', 'Pod'],
  ['sidecar.istio.io/statsFlushInterval', 'Pod'],
  ['sidecar.istio.io/statsHistogramBins', 'Pod'],
  ['sidecar.istio.io/statsHistogramBuckets', 'Pod'],
  ['sidecar.istio.io/statsInclusionPrefixes', 'Pod', true],
  ['sidecar.istio.io/statsInclusionRegexps', 'Pod', true],
  ['sidecar.istio.io/statsInclusionSuffixes', 'Pod', true],
  ['sidecar.istio.io/status', 'Pod'],
  ['sidecar.istio.io/userVolume', 'Pod'],
  ['sidecar.istio.io/userVolumeMount', 'Pod'],
  ['status.sidecar.istio.io/port', 'Pod'],
  ['topology.istio.io/controlPlaneClusters', 'Namespace'],
  ['traffic.istio.io/nodeSelector', 'Service'],
  ['traffic.sidecar.istio.io/excludeInboundPorts', 'Pod'],
  ['traffic.sidecar.istio.io/excludeInterfaces', 'Pod'],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'Pod'],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', 'Pod'],
  ['traffic.sidecar.istio.io/includeInboundPorts', 'Pod'],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', 'Pod'],
  ['traffic.sidecar.istio.io/includeOutboundPorts', 'Pod'],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', 'Pod', true],
] as Array<[string, string, boolean?]>).map(([name, resources, deprecated]) => [name, { resources: resources.split(','), deprecated: deprecated === true }]));

/** Annotations never reported (maturity.AlwaysIgnoredAnnotations, maturity/maturity.go:61-70). */
const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

// ------------------------------------------------------------------ value validation
// pkg/kube/inject/validate.go:39-56 (AnnotationValidation), with Go's error texts.

function parseUint(value: string, bits: number): void {
  if (!/^\d+$/.test(value)) throw new Error(`strconv.ParseUint: parsing ${goQuote(value)}: invalid syntax`);
  if (value.replace(/^0+/, '').length > 10 || Number(value) >= 2 ** bits) throw new Error(`strconv.ParseUint: parsing ${goQuote(value)}: value out of range`);
}

function parsePort(port: string): void {
  try {
    parseUint(port.trim(), 16);
  } catch (e) {
    throw new Error(`failed parsing port '${port}': ${(e as Error).message}`);
  }
}

function portList(name: string, ports: string): void {
  const trimmed = ports.trim();
  if (!trimmed) return;
  for (const p of trimmed.split(',')) {
    try {
      parsePort(p);
    } catch (e) {
      throw new Error(`${name} invalid: failed parsing port '${p}': ${(e as Error).message}`);
    }
  }
}

// netip.ParsePrefix, the errors it gives.
function parsePrefix(cidr: string): void {
  const fail = (why: string) => new Error(`netip.ParsePrefix(${goQuote(cidr)}): ${why}`);
  const slash = cidr.lastIndexOf('/');
  if (slash < 0) throw fail('no \'/\'');
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  if (addr.includes('%')) throw fail('IPv6 zones cannot be present in a prefix');
  const family = isIP(addr);
  if (family === 0) throw fail(`ParseAddr(${goQuote(addr)}): unable to parse IP`);
  if (!/^\d+$/.test(bits) || (bits.length > 1 && bits.startsWith('0'))) throw fail(`bad bits after slash: ${goQuote(bits)}`);
  if (Number(bits) > (family === 4 ? 32 : 128)) throw fail('prefix length out of range');
}

function cidrList(name: string, cidrs: string): void {
  if (!cidrs) return;
  for (const cidr of cidrs.split(',')) {
    try {
      parsePrefix(cidr);
    } catch (e) {
      throw new Error(`${name} invalid: failed parsing cidr '${cidr}': ${(e as Error).message}`);
    }
  }
}

// resource.ParseQuantity (k8s.io/apimachinery), the errors it gives.
const QUANTITY_FORMAT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
function parseQuantity(value: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw new Error('value contains control characters');
  const m = new RegExp(QUANTITY_FORMAT).exec(value);
  if (!m) throw new Error(`quantities must match the regular expression '${QUANTITY_FORMAT}'`);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1])) throw new Error('unable to parse numeric part of quantity');
  if (!/^(|[numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)$/.test(m[2])) throw new Error('unable to parse quantity\'s suffix');
}

const VALIDATORS: Readonly<Record<string, (value: string) => void>> = {
  'sidecar.istio.io/interceptionMode': (v) => {
    if (!['REDIRECT', 'TPROXY', 'NONE'].includes(v)) throw new Error(`interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`);
  },
  'status.sidecar.istio.io/port': (v) => {
    try {
      parsePort(v);
    } catch (e) {
      throw new Error(`excludeInboundPorts invalid: ${(e as Error).message}`);
    }
  },
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => parseUint(v, 32),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => parseUint(v, 32),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) => { if (v !== '*') cidrList('includeIPRanges', v); },
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => cidrList('excludeIPRanges', v),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) => { if (v !== '*') portList('includeInboundPorts', v); },
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => portList('excludeInboundPorts', v),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => portList('excludeOutboundPorts', v),
  'prometheus.istio.io/merge-metrics': (v) => {
    if (!['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) throw new Error(`strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`);
  },
  'sidecar.istio.io/proxyCPU': parseQuantity,
  'sidecar.istio.io/proxyMemory': parseQuantity,
  'sidecar.istio.io/proxyCPULimit': parseQuantity,
  'sidecar.istio.io/proxyMemoryLimit': parseQuantity,
  // proxy.istio.io/config is validated as a ProxyConfig by istioctl (agent.ValidateMeshConfigProxyConfig):
  // that belongs to the webhook validation rules, not to this analyzer.
};

/** `istioAnnotation` (annotations.go:144-160): in an `…istio.io` prefix, or `kubernetes.io/ingress.class`. */
const istioAnnotation = (ann: string): boolean => ann === 'kubernetes.io/ingress.class' || ann.split('/')[0].endsWith('istio.io');

/**
 * annotations.K8sAnalyzer (IST0107, IST0108, IST0125, IST0135): Istio annotations that are
 * unknown, deprecated, on a kind they do not apply to, or with an invalid value, on Namespaces,
 * Services, Pods and Deployments (pkg/config/analysis/analyzers/annotations/annotations.go).
 * A pod template's annotations are checked as a Pod's.
 */
export const k8sAnnotations: Analyzer = {
  name: 'annotations.K8sAnalyzer',
  codes: ['IST0107', 'IST0108', 'IST0125', 'IST0135'],
  analyze({ resources, report }) {
    const check = (r: AnalyzedResource, kind: string, annotations: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>) => {
      for (const [ann, value] of Object.entries(annotations)) {
        if (!istioAnnotation(ann) || ALWAYS_IGNORED.has(ann)) continue;
        const def = ANNOTATIONS.get(ann);
        if (!def) {
          report('IST0108', r, [ann]);
          continue;
        }
        if (def.deprecated && !(ann === 'sidecar.istio.io/inject' && has(labels, 'sidecar.istio.io/inject'))) {
          report('IST0135', r, [ann, ann === 'sidecar.istio.io/inject' ? ' in favor of the "sidecar.istio.io/inject" label' : '']);
        }
        if (def.resources.includes('Any')) continue;
        if (!def.resources.includes(kind)) {
          report('IST0107', r, [ann, def.resources.join(', ')], { fix: `Move ${ann} to the ${def.resources.join(' or ')} it applies to (a Deployment's pods take it on the pod template).` });
          continue;
        }
        try {
          VALIDATORS[ann]?.(value);
        } catch (e) {
          report('IST0125', r, [ann, (e as Error).message]);
        }
      }
    };
    for (const r of resources.list('Namespace')) check(r, 'Namespace', r.annotations, r.labels);
    for (const r of resources.list('Service')) check(r, 'Service', r.annotations, r.labels);
    for (const p of resources.pods) check(p.resource, 'Pod', p.annotations, p.labels);
    for (const r of resources.list('Deployment')) check(r, 'Deployment', r.annotations, r.labels);
  },
};
