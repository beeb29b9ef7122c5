// AuthorizationPolicy at an ambient pod's ztunnel (L4). istiod converts each policy for ztunnel
// (istio:pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go:395-592) and ztunnel
// matches the result against the connection (ztunnel:src/rbac.rs:85-181, src/state.rs:536-600).
// The conversion is not the sidecar's: HTTP fields are cut out rather than matched, and a clause
// left with nothing to match never matches, so both are simulated here as the code does them.
import { nsOf } from '../../private/manifests';
import { policiesFor, ruleId } from './authorization';
import { EnforcementPoint } from './enforcement';
import { Mesh } from './mesh';
import { SimulatedEnforcement } from './types';

const HTTP_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
// authorization.go:492-509: remote IPs are known to the waypoint only, like request principals.
const HTTP_SOURCE = ['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'];
// authorization.go:586-592: every other `when` key is an HTTP attribute to ztunnel.
const L4_WHEN = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/** The HTTP attributes of a rule, as istiod lists them in the policy's status (authorization.go:511-575). */
export function ztunnelHttpFields(rule: any): string[] {
  const found = new Set<string>();
  for (const t of rule?.to ?? []) for (const k of HTTP_OPERATION) if (t?.operation?.[k]?.length) found.add(k);
  for (const f of rule?.from ?? []) for (const k of HTTP_SOURCE) if (f?.source?.[k]?.length) found.add(k);
  for (const w of rule?.when ?? []) if (!L4_WHEN.has(String(w?.key))) found.add(String(w?.key));
  return [...found].sort();
}

/** The connection as ztunnel sees it: the peer identity (absent on plain text) and the pod port. */
interface Connection {
  readonly principal?: string;
  readonly port: number;
}

/** One converted match (rbac.rs:212-237): each field's values OR, fields AND; IPs are unknown to the simulator. */
interface Match {
  principals?: string[]; notPrincipals?: string[];
  namespaces?: string[]; notNamespaces?: string[];
  serviceAccounts?: string[]; notServiceAccounts?: string[];
  ports?: number[]; notPorts?: number[];
  ips?: string[]; notIps?: string[];
}

/** A policy value as ztunnel matches strings (authorization.go:604-627): `*` any non-empty, `*x` suffix, `x*` prefix, else exact. */
function stringMatches(value: string, actual: string): boolean {
  if (value === '*') return actual !== '';
  if (value.startsWith('*')) return actual.endsWith(value.slice(1));
  if (value.endsWith('*')) return actual.startsWith(value.slice(0, -1));
  return actual === value;
}

/** Ports that parse (authorization.go:648-658 drops the others). */
const ports = (values: readonly string[] | undefined): number[] => (values ?? []).map(Number).filter((p) => Number.isInteger(p) && p >= 0 && p <= 65535);

const isEmpty = (m: Match): boolean => Object.values(m).every((v) => !v?.length);

/** Positive values: any matches (none given: true); negative values: none matches (rbac.rs:184-207). */
function field<T>(values: readonly T[] | undefined, notValues: readonly T[] | undefined, test: (v: T) => boolean): boolean {
  return (!values?.length || values.some(test)) && (!notValues?.length || !notValues.some(test));
}

function matchMatches(m: Match, conn: Connection, policyNamespace: string): boolean {
  // rbac.rs:87-98: the identity without `spiffe://`, and its namespace; both empty on plain text.
  const id = conn.principal ?? '';
  const ns = /\/ns\/([^/]+)\//.exec(id)?.[1] ?? '';
  const sa = /\/sa\/([^/]+)$/.exec(id)?.[1];
  return field(m.ips, m.notIps, () => false)
    && field(m.ports, m.notPorts, (p) => p === conn.port)
    && field(m.serviceAccounts, m.notServiceAccounts, (v) => {
      const [vNs, vSa] = v.includes('/') ? v.split('/', 2) : [policyNamespace, v];
      return conn.principal !== undefined && vNs === ns && vSa === sa;
    })
    && field(m.principals, m.notPrincipals, (v) => conn.principal !== undefined && stringMatches(v, id))
    && field(m.namespaces, m.notNamespaces, (v) => stringMatches(v, ns));
}

/** The `when` condition as ztunnel gets it (authorization.go:556-575): only the L4 keys fill the match. */
function whenMatch(w: any): Match {
  const values: string[] = w?.values ?? [];
  const notValues: string[] = w?.notValues ?? [];
  switch (String(w?.key)) {
    case 'source.namespace': return { namespaces: values, notNamespaces: notValues };
    case 'source.principal': return { principals: values, notPrincipals: notValues };
    case 'destination.port': return { ports: ports(values), notPorts: ports(notValues) };
    case 'source.ip':
    case 'destination.ip': return { ips: values, notIps: notValues };
    default: return {};
  }
}

/**
 * Whether a rule matches at ztunnel, or `dropped` when istiod leaves it out: an ALLOW rule with an
 * HTTP attribute ("L7 policies never match for ALLOW", authorization.go:577-581). A DENY rule keeps
 * its L4 parts only; each `to`, `from` and `when` is a clause that matches when one of its
 * non-empty matches does, so a clause cut down to nothing never matches (rbac.rs:109-169, tested
 * by `rbac_empty_policy`, rbac.rs:525-537). A rule without clauses (`{}`) matches everything.
 */
export function ztunnelRuleMatches(rule: any, action: string, conn: Connection, policyNamespace: string): boolean | 'dropped' {
  if (action === 'ALLOW' && ztunnelHttpFields(rule).length) return 'dropped';
  const clauses: Match[][] = [];
  const to: any[] = rule?.to ?? [];
  const from: any[] = rule?.from ?? [];
  if (to.length) clauses.push(to.map((t) => ({ ports: ports(t?.operation?.ports), notPorts: ports(t?.operation?.notPorts) })));
  if (from.length) {
    clauses.push(from.map((f) => {
      const s = f?.source ?? {};
      return {
        ips: s.ipBlocks, notIps: s.notIpBlocks, namespaces: s.namespaces, notNamespaces: s.notNamespaces,
        serviceAccounts: s.serviceAccounts, notServiceAccounts: s.notServiceAccounts, principals: s.principals, notPrincipals: s.notPrincipals,
      };
    }));
  }
  for (const w of rule?.when ?? []) clauses.push([whenMatch(w)]);
  return clauses.every((clause) => clause.some((m) => !isEmpty(m) && matchMatches(m, conn, policyNamespace)));
}

const policyName = (p: any): string => `AuthorizationPolicy ${nsOf(p)}/${p.metadata?.name}`;

/**
 * The decision of a pod's ztunnel for a connection (state.rs:536-600): the policies with a
 * selector picking the pod, those of its namespace without a selector, and those of the root
 * namespace without one (authorization.go:404-411; policies with targetRefs are the waypoint's,
 * dry-run ones are not sent, policies.go:171-174); a matching DENY refuses, then no ALLOW policy
 * allows, then a matching ALLOW allows, else refused. AUDIT and CUSTOM are not sent to ztunnel
 * ("ztunnel does not support the CUSTOM action", authorization.go:419-423). A refused HBONE
 * connection gets 401 (ztunnel:src/proxy/inbound.rs:218-221): the caller's ztunnel resets the
 * application's connection, a waypoint or gateway answers 503.
 */
export function ztunnelAuthorize(mesh: Mesh, point: EnforcementPoint, principal: string | undefined, refusal: number | string, notes: string[]): SimulatedEnforcement {
  const base = { at: point.at, kind: point.kind, layer: point.layer, port: point.port, principal };
  const conn: Connection = { principal, port: point.port };
  const deny: any[] = [];
  const allow: any[] = [];
  const hits = new Map<any, number[]>();
  const matched: string[] = [];
  for (const p of policiesFor(mesh, 'AuthorizationPolicy', point.workload)) {
    if (p.metadata?.annotations?.['istio.io/dry-run'] === 'true') continue;
    const action = String(p.spec?.action ?? 'ALLOW');
    if (action !== 'ALLOW' && action !== 'DENY') {
      notes.push(`${policyName(p)} (${action}) is not sent to ztunnel ("ztunnel does not support the ${action} action"): it does not apply at ${point.at}.`);
      continue;
    }
    const rules: any[] = p.spec?.rules ?? [];
    const ids: number[] = [];
    rules.forEach((rule, i) => {
      const http = ztunnelHttpFields(rule);
      if (http.length) {
        notes.push(`${policyName(p)} rule ${i}: ztunnel does not support HTTP attributes (found: ${http.join(', ')}); at ${point.at} ${action === 'ALLOW' ? 'the rule is omitted from the ALLOW policy' : 'the DENY rule is enforced on its L4 fields alone'}.`);
      }
      if (ztunnelRuleMatches(rule, action, conn, nsOf(p)) === true) {
        ids.push(i);
        matched.push(ruleId(p, i));
      }
    });
    hits.set(p, ids);
    (action === 'DENY' ? deny : allow).push(p);
  }
  const who = principal ?? 'a plain-text connection (no peer identity)';
  // A plain-text connection (a caller outside the mesh) is closed; an HBONE one is answered 401.
  const refused = principal === undefined ? 'ztunnel closes the plain-text connection'
    : `ztunnel refuses the connection (HBONE 401)${typeof refusal === 'number' ? `, so the proxy before it answers ${refusal}` : ''}`;
  const denied = deny.find((p) => hits.get(p)!.length);
  if (denied) {
    const rule = hits.get(denied)![0];
    return { ...base, allowed: false, policy: policyName(denied), rule, action: 'DENY', response: refusal, matched,
      reason: `${policyName(denied)} rule ${rule} (DENY) matches ${who} at ${point.at}: ${refused}.` };
  }
  if (!allow.length) return { ...base, allowed: true, policy: 'no policy', matched, reason: `No ALLOW or DENY AuthorizationPolicy applies at ${point.at}: allowed.` };
  const allowing = allow.find((p) => hits.get(p)!.length);
  if (allowing) {
    const rule = hits.get(allowing)![0];
    return { ...base, allowed: true, policy: policyName(allowing), rule, action: 'ALLOW', matched,
      reason: `${policyName(allowing)} rule ${rule} (ALLOW) matches ${who} at ${point.at}.` };
  }
  // Name the allow-nothing policy when there is one, as the sidecar's result does (AZ-4).
  const deciding = allow.find((p) => !(p.spec?.rules ?? []).length) ?? allow[0];
  return { ...base, allowed: false, policy: policyName(deciding), action: 'ALLOW', response: refusal, matched,
    reason: `ALLOW policies apply at ${point.at} (${allow.map((p) => p.metadata?.name).join(', ')}) and none matches ${who}: ${refused}.` };
}
