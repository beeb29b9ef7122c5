import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fqdn } from '../private/app-index';
import { groupOf, nsOf, resourceId } from '../private/manifests';
import { enableSynthSessions, oncePerSynth, synthJson } from '../private/synth-session';

/** How bad a finding is. */
export enum FindingSeverity {
  /** Traffic or policy is broken: synthesis fails. */
  ERROR = 'Error',
  /** Probably a mistake: printed, synthesis goes on. */
  WARNING = 'Warning',
}

/** A check of the analyzer. */
export interface AnalyzerCheck {
  /** The code: Istio's (`IST…`) or Kiali's (`KIA…`) where one exists, else this library's (`CI…`). */
  readonly code: string;
  /** How bad its findings are. */
  readonly severity: FindingSeverity;
  /** What it finds. */
  readonly title: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Every check the analyzer runs, by code. */
export const ANALYZER_CHECKS: Readonly<Record<string, AnalyzerCheck>> = {
  IST0101: {
    code: 'IST0101', severity: FindingSeverity.ERROR, title: 'Referenced resource not found',
    fix: 'Add the Service, DestinationRule subset, Gateway or parent the route refers to, or fix the reference.',
  },
  IST0102: {
    code: 'IST0102', severity: FindingSeverity.WARNING, title: 'Namespace not enabled for Istio injection',
    fix: 'Create the namespace with MeshNamespace (istio-injection: enabled), or label it istio-injection=disabled to opt out explicitly.',
  },
  IST0109: {
    code: 'IST0109', severity: FindingSeverity.ERROR, title: 'Conflicting VirtualServices for one host on the mesh gateway',
    fix: 'Merge the VirtualServices into one per host (one ServiceRoutes per service).',
  },
  IST0118: {
    code: 'IST0118', severity: FindingSeverity.WARNING, title: 'Service port name without a protocol prefix',
    fix: 'Name the port <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, udp, mongo, mysql, redis) or set appProtocol.',
  },
  KIA0106: {
    code: 'KIA0106', severity: FindingSeverity.ERROR, title: 'AuthorizationPolicy principal names no ServiceAccount in the app',
    fix: 'Use the principal of an existing service account (MeshService.principal), or create the ServiceAccount.',
  },
  KIA0203: {
    code: 'KIA0203', severity: FindingSeverity.WARNING, title: 'DestinationRule subset labels match no pod template',
    fix: 'Deploy the version (MeshService.addVersion) or fix the subset labels; suppress with galley.istio.io/analyze-suppress for subsets declared ahead of their version.',
  },
  CI0001: {
    code: 'CI0001', severity: FindingSeverity.WARNING, title: 'Workload in the mesh without app and version labels',
    fix: 'Label the pod template with app and version (MeshService does): Kiali and Istio telemetry group workloads by them.',
  },
  CI0002: {
    code: 'CI0002', severity: FindingSeverity.WARNING, title: 'ALLOW AuthorizationPolicy without rules denies every request',
    fix: 'Add rules, or create it with AuthorizationPolicy.allowNothing() when deny-by-default is the intent.',
  },
};

/** One problem the analyzer found. */
export interface MeshFinding {
  /** The check's code. */
  readonly code: string;
  /** How bad it is. */
  readonly severity: FindingSeverity;
  /** The object, `Kind namespace/name`. */
  readonly resource: string;
  /** What is wrong. */
  readonly message: string;
  /** True when the object's `galley.istio.io/analyze-suppress` annotation lists the code. */
  readonly suppressed: boolean;
}

/** The annotation istioctl analyze reads to suppress codes on one object; this analyzer does too. */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/** Renders a finding the way istioctl analyze prints one. */
export function formatFinding(f: MeshFinding): string {
  return `${f.severity} [${f.code}] (${f.resource}) ${f.message}`;
}

/**
 * Suppresses analyzer codes on one object (the `galley.istio.io/analyze-suppress` annotation,
 * which istioctl analyze honors too). Say why next to the call.
 */
export function suppressFindings(obj: ApiObject, codes: string[]): void {
  const existing = obj.metadata.toJson().annotations?.[SUPPRESS_ANNOTATION] as string | undefined;
  const all = [...new Set([...(existing ? existing.split(',') : []), ...codes])];
  obj.metadata.addAnnotation(SUPPRESS_ANNOTATION, all.join(','));
}

// Istio's protocol prefixes (grpc-web splits to grpc).
const PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'tcp', 'tls', 'udp', 'mongo', 'mysql', 'redis'];
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

interface Workload {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly id: string;
  readonly obj: any;
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * Analyzes synthesized objects (plain manifests) for istioctl-analyze-class mistakes and returns
 * the findings, suppressed ones included (flagged). See {@link ANALYZER_CHECKS}.
 */
export function analyzeMesh(objects: any[]): MeshFinding[] {
  const findings: MeshFinding[] = [];
  const add = (code: string, obj: any, message: string) => {
    const suppress = String(obj?.metadata?.annotations?.[SUPPRESS_ANNOTATION] ?? '').split(',').map((s) => s.trim());
    findings.push({ code, severity: ANALYZER_CHECKS[code].severity, resource: resourceId(obj), message, suppressed: suppress.includes(code) || suppress.includes('*') });
  };
  const of = (kind: string, group: string) => objects.filter((o) => o?.kind === kind && groupOf(o) === group);

  // The index of what the app defines.
  const services = new Map<string, any>();
  for (const s of of('Service', '')) services.set(fqdn(s.metadata.name, nsOf(s)), s);
  const serviceEntryHosts = new Set(of('ServiceEntry', 'networking.istio.io').flatMap((se) => se.spec?.hosts ?? []));
  const destinationRules = new Map<string, any[]>();
  for (const dr of of('DestinationRule', 'networking.istio.io')) {
    const host = fqdn(dr.spec?.host ?? '', nsOf(dr));
    destinationRules.set(host, [...(destinationRules.get(host) ?? []), dr]);
  }
  const istioGateways = new Set(of('Gateway', 'networking.istio.io').map((g) => `${nsOf(g)}/${g.metadata.name}`));
  const gatewayApiGateways = of('Gateway', 'gateway.networking.k8s.io');
  const k8sGateways = new Set(gatewayApiGateways.map((g) => `${nsOf(g)}/${g.metadata.name}`));
  const namespaces = new Map<string, any>(of('Namespace', '').map((n) => [n.metadata.name, n]));
  // Istio deploys a Gateway API gateway as <name>-<class> with a service account of that name.
  const serviceAccounts = new Set([
    ...of('ServiceAccount', '').map((sa) => `${nsOf(sa)}/${sa.metadata.name}`),
    ...gatewayApiGateways.map((g) => `${nsOf(g)}/${g.metadata.name}-${g.spec?.gatewayClassName}`),
  ]);
  const workloads: Workload[] = objects.filter((o) => WORKLOAD_KINDS.has(o?.kind) && o.spec?.template).map((o) => ({
    namespace: nsOf(o), labels: o.spec.template.metadata?.labels ?? {}, id: resourceId(o), obj: o,
  }));
  const inMesh = (ns: string) => {
    const labels = namespaces.get(ns)?.metadata?.labels ?? {};
    return labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined || labels['istio.io/dataplane-mode'] === 'ambient';
  };

  const hostExists = (host: string, ns: string) => host.includes('*') || services.has(fqdn(host, ns)) || serviceEntryHosts.has(host) || serviceEntryHosts.has(fqdn(host, ns));

  // IST0101 and IST0109: VirtualServices.
  const meshHosts = new Map<string, string[]>();
  for (const vs of of('VirtualService', 'networking.istio.io')) {
    const ns = nsOf(vs);
    const spec = vs.spec ?? {};
    const destinations = [
      ...['http', 'tcp', 'tls'].flatMap((p) => (spec[p] ?? []).flatMap((r: any) => (r.route ?? []).map((d: any) => d.destination))),
      ...(spec.http ?? []).flatMap((r: any) => [r.mirror, ...(r.mirrors ?? []).map((m: any) => m.destination)]),
    ].filter((d) => d?.host);
    for (const d of destinations) {
      if (!hostExists(d.host, ns)) {
        add('IST0101', vs, `Referenced host not found: "${d.host}"`);
      } else if (d.subset && !(destinationRules.get(fqdn(d.host, ns)) ?? []).some((dr) => (dr.spec.subsets ?? []).some((s: any) => s.name === d.subset))) {
        add('IST0101', vs, `Referenced host+subset in destinationrule not found: "${d.host}+${d.subset}"`);
      }
    }
    const gateways: string[] = [...(spec.gateways ?? []), ...(spec.http ?? []).flatMap((r: any) => (r.match ?? []).flatMap((m: any) => m.gateways ?? []))];
    for (const g of new Set(gateways)) {
      if (g !== 'mesh' && !istioGateways.has(g.includes('/') ? g : `${ns}/${g}`)) add('IST0101', vs, `Referenced gateway not found: "${g}"`);
    }
    if (!spec.gateways?.length || spec.gateways.includes('mesh')) {
      for (const h of spec.hosts ?? []) {
        const key = fqdn(h, ns);
        meshHosts.set(key, [...(meshHosts.get(key) ?? []), `${ns}/${vs.metadata.name}`]);
      }
    }
  }
  for (const [host, names] of meshHosts) {
    if (names.length < 2) continue;
    const first = of('VirtualService', 'networking.istio.io').find((vs) => `${nsOf(vs)}/${vs.metadata.name}` === names[0]);
    add('IST0109', first, `The VirtualServices ${names.join(',')} associated with mesh gateway define the same host ${host} which can lead to undefined behavior. Merge them into one.`);
  }

  // IST0101: HTTPRoute parents and backends.
  for (const route of of('HTTPRoute', 'gateway.networking.k8s.io')) {
    const ns = nsOf(route);
    for (const p of route.spec?.parentRefs ?? []) {
      const group = p.group ?? 'gateway.networking.k8s.io';
      const kind = p.kind ?? 'Gateway';
      const key = `${p.namespace ?? ns}/${p.name}`;
      if (group === 'gateway.networking.k8s.io' && kind === 'Gateway' && !k8sGateways.has(key)) add('IST0101', route, `Referenced parent not found: "Gateway ${key}"`);
      if (group === '' && kind === 'Service' && !services.has(fqdn(p.name, p.namespace ?? ns))) add('IST0101', route, `Referenced parent not found: "Service ${key}"`);
    }
    const backends = (route.spec?.rules ?? []).flatMap((r: any) => [
      ...(r.backendRefs ?? []),
      ...(r.filters ?? []).map((f: any) => f.requestMirror?.backendRef).filter((b: any) => b),
    ]);
    for (const b of backends) {
      if ((b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service' && !services.has(fqdn(b.name, b.namespace ?? ns))) {
        add('IST0101', route, `Referenced backend not found: "Service ${b.namespace ?? ns}/${b.name}"`);
      }
    }
  }

  // IST0118: Service port names.
  for (const s of services.values()) {
    for (const p of s.spec?.ports ?? []) {
      if (!p.appProtocol && !PROTOCOLS.includes(String(p.name ?? '').split('-')[0])) {
        add('IST0118', s, `Port name ${p.name ?? '(unnamed)'} (port: ${p.port}) doesn't follow the naming convention of Istio port.`);
      }
    }
  }

  // IST0102: namespaces with workloads, not in the mesh and not opted out.
  for (const [name, ns] of namespaces) {
    const labels = ns.metadata?.labels ?? {};
    if (inMesh(name) || labels['istio-injection'] === 'disabled') continue;
    if (workloads.some((w) => w.namespace === name)) {
      add('IST0102', ns, `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${name} istio-injection=disabled' to explicitly mark it as not needing injection.`);
    }
  }

  // CI0001: workloads in the mesh without app/version labels (Kiali also accepts the app.kubernetes.io ones).
  for (const w of workloads) {
    if (!inMesh(w.namespace)) continue;
    const missing = [['app', 'app.kubernetes.io/name'], ['version', 'app.kubernetes.io/version']]
      .filter(([a, b]) => w.labels[a] === undefined && w.labels[b] === undefined).map(([a]) => a);
    if (missing.length) add('CI0001', w.obj, `The pod template has no ${missing.join(' and ')} label.`);
  }

  // KIA0203: DestinationRule subsets that select no pods of the host's Service. Workloads are
  // indexed by namespace and label, so a large mesh is checked in linear time.
  const byLabel = new Map<string, Workload[]>();
  for (const w of workloads) {
    for (const [k, v] of Object.entries(w.labels)) {
      const key = `${w.namespace}\u0000${k}=${v}`;
      const list = byLabel.get(key);
      if (list) list.push(w); else byLabel.set(key, [w]);
    }
  }
  const selects = (ns: string, selector: Record<string, string>): boolean => {
    const entries = Object.entries(selector);
    if (entries.length === 0) return workloads.some((w) => w.namespace === ns);
    const candidates = entries.map(([k, v]) => byLabel.get(`${ns}\u0000${k}=${v}`) ?? [])
      .reduce((a, b) => (b.length < a.length ? b : a));
    return candidates.some((w) => matches(selector, w.labels));
  };
  for (const drs of destinationRules.values()) {
    for (const dr of drs) {
      const svc = services.get(fqdn(dr.spec.host, nsOf(dr)));
      if (!svc) continue;
      for (const subset of dr.spec.subsets ?? []) {
        const selector = { ...(svc.spec?.selector ?? {}), ...(subset.labels ?? {}) };
        if (!selects(nsOf(svc), selector)) {
          add('KIA0203', dr, `Subset "${subset.name}" selects no pods: no pod template in ${nsOf(svc)} has the labels ${JSON.stringify(selector)}.`);
        }
      }
    }
  }

  // KIA0106 and CI0002: AuthorizationPolicies.
  for (const ap of of('AuthorizationPolicy', 'security.istio.io')) {
    const spec = ap.spec ?? {};
    if ((spec.action ?? 'ALLOW') === 'ALLOW' && !spec.provider && !(spec.rules ?? []).length) {
      const scope = spec.selector?.matchLabels ? `the workloads labelled ${JSON.stringify(spec.selector.matchLabels)}` : `every workload of namespace ${nsOf(ap)}`;
      add('CI0002', ap, `It has no rules, so it denies every request to ${scope}.`);
    }
    for (const rule of spec.rules ?? []) {
      for (const from of rule.from ?? []) {
        for (const principal of [...(from.source?.principals ?? []), ...(from.source?.notPrincipals ?? [])]) {
          const m = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
          if (!m || principal.includes('*') || !namespaces.has(m[1])) continue; // only namespaces the app defines
          if (!serviceAccounts.has(`${m[1]}/${m[2]}`)) add('KIA0106', ap, `Service Account not found for this principal: "${principal}"`);
        }
      }
    }
  }
  return findings;
}

/** Options of {@link MeshAnalyzer.attach}. */
export interface MeshAnalyzerOptions {
  /**
   * Where warnings go.
   * @default - stderr
   */
  readonly warn?: (line: string) => void;
}

const attached = new WeakSet<IConstruct>();

/** Runs {@link analyzeMesh} when a cdk8s app is synthesized. */
export class MeshAnalyzer {
  /**
   * Analyzes the whole app at synthesis, before anything is written: errors fail `app.synth()`
   * (and `Testing.synth()`), warnings are printed. Suppressed findings are left out.
   */
  public static attach(scope: IConstruct, options: MeshAnalyzerOptions = {}): void {
    const root = scope.node.root;
    if (attached.has(root)) return;
    attached.add(root);
    const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    enableSynthSessions(root);
    root.node.addValidation({
      validate: () => oncePerSynth(root, 'mesh-analyzer', () => {
        const objects = root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map(synthJson);
        const findings = analyzeMesh(objects).filter((f) => !f.suppressed);
        findings.filter((f) => f.severity === FindingSeverity.WARNING).forEach((f) => warn(formatFinding(f)));
        return findings.filter((f) => f.severity === FindingSeverity.ERROR).map(formatFinding);
      }),
    });
  }
}
