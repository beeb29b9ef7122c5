// AuthorizationPolicy and RequestAuthentication at one enforcement point (SEMANTICS.md sections A,
// B and C): which policies apply (AZ-8), how a rule matches (RM-1 to RM-14), and the CUSTOM, DENY,
// ALLOW order (AZ-1) with the deciding rule named as Envoy names it (AZ-3).
import { nsOf } from '../../private/manifests';
import { EnforcementPoint } from './enforcement';
import { policyPathMatches, policyValueMatches } from './match';
import { GATEWAY_NAME_LABEL, GWAPI, Mesh, ROOT_NAMESPACE, SEC, SimWaypoint, SimWorkload, WAYPOINT_CLASS, selects } from './mesh';
import { SimulatedEnforcement, SimulatedJwt } from './types';

/** What an enforcement point knows of a request. */
export interface RequestAttributes {
  /** The peer principal (`cluster.local/ns/x/sa/y`), absent on plain text. */
  readonly principal?: string;
  /** The `:authority` (Host header, with its port when sent). */
  readonly host: string;
  readonly method: string;
  /** The normalized path, without the query. */
  readonly path: string;
  /** Headers by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The validated token, when RequestAuthentication accepted one. */
  readonly jwt?: SimulatedJwt;
  /** The TLS server name of an mTLS connection. */
  readonly sni?: string;
}

/** A policy's `targetRefs`, or its single legacy `targetRef`. */
const targetRefsOf = (policy: any): any[] => (policy.spec?.targetRefs?.length ? policy.spec.targetRefs : policy.spec?.targetRef ? [policy.spec.targetRef] : []);

/**
 * Whether a policy (AuthorizationPolicy or RequestAuthentication) applies to a workload (AZ-8):
 * policies of the root namespace and of the workload's namespace; no selector means every
 * workload there (the whole mesh from the root namespace); a selector must be a subset of the pod
 * labels; `targetRefs` only attach to Gateway API gateway pods (kind Gateway, same namespace),
 * which also take selector and namespace-wide policies.
 */
export function policyApplies(policy: any, workload: SimWorkload): boolean {
  const ns = nsOf(policy);
  if (ns !== ROOT_NAMESPACE && ns !== workload.namespace) return false;
  const targetRefs = targetRefsOf(policy);
  const gatewayName = workload.labels[GATEWAY_NAME_LABEL];
  if (targetRefs.length) {
    if (gatewayName === undefined) return false; // sidecars ignore targetRefs (policyattachment.go:130-137)
    return targetRefs.some((t) => ns === workload.namespace && (t.namespace ?? ns) === ns
      && t.kind === 'Gateway' && (t.group ?? GWAPI) === GWAPI && t.name === gatewayName);
  }
  return selects(policy.spec?.selector?.matchLabels, workload.labels);
}

/** The policies of a kind that apply to a workload: root namespace first, oldest first. */
export function policiesFor(mesh: Mesh, kind: 'AuthorizationPolicy' | 'RequestAuthentication' | 'PeerAuthentication', workload: SimWorkload): any[] {
  const namespaces = workload.namespace === ROOT_NAMESPACE ? [ROOT_NAMESPACE] : [ROOT_NAMESPACE, workload.namespace];
  return namespaces.flatMap((ns) => mesh.inNamespace(SEC, kind, ns)).filter((p) => policyApplies(p, workload));
}

/**
 * Whether a policy attaches to a waypoint for a request to `service` (istio:pilot/pkg/model/policyattachment.go:123-195):
 * only through targetRefs (a waypoint ignores selector and namespace-wide policies): to the Service
 * (`group: ""`, the policy in the Service's namespace), to the waypoint's Gateway (same namespace),
 * or to the GatewayClass `istio-waypoint` from the root namespace.
 */
export function attachesToWaypoint(policy: any, waypoint: SimWaypoint, service: any): boolean {
  const ns = nsOf(policy);
  return targetRefsOf(policy).some((t) => {
    const group = t.group === 'core' ? '' : t.group ?? GWAPI;
    if (t.kind === 'Service' && group === '') return t.name === service?.metadata?.name && ns === nsOf(service);
    if (t.kind === 'GatewayClass' && group === GWAPI) return ns === ROOT_NAMESPACE && t.name === WAYPOINT_CLASS;
    return t.kind === 'Gateway' && group === GWAPI && ns === waypoint.namespace && (t.namespace ?? ns) === ns && t.name === waypoint.name;
  });
}

/** The policies of a kind an enforcement point applies (a waypoint's by targetRefs, AZ-8 for the others): root namespace first, oldest first. */
export function policiesAt(mesh: Mesh, kind: 'AuthorizationPolicy' | 'RequestAuthentication', point: EnforcementPoint): any[] {
  if (!point.waypoint) return policiesFor(mesh, kind, point.workload);
  const { waypoint, service } = point;
  const namespaces = [...new Set([ROOT_NAMESPACE, waypoint.namespace, nsOf(service)])];
  return namespaces.flatMap((ns) => mesh.inNamespace(SEC, kind, ns)).filter((p) => attachesToWaypoint(p, waypoint, service));
}

/** Result of RequestAuthentication at an enforcement point (C-1). */
export interface Authentication {
  /** The token, when validated: it gives the request principal `iss/sub`. */
  readonly jwt?: SimulatedJwt;
  /** 401 when the token is refused. */
  readonly response?: number;
  readonly reason?: string;
  /** The RequestAuthentications that apply (`RequestAuthentication ns/name, ...`), when some do. */
  readonly policies?: string;
  /** Whether the token goes on to the next hop (`forwardOriginalToken`, default false). */
  readonly forward: boolean;
}

/**
 * RequestAuthentication (C-1): without a token the request simply has no request principal. With
 * one, a RequestAuthentication of the workload must name its issuer (and accept its audience),
 * else 401. When none applies, the token is not validated and gives no principal.
 */
export function authenticate(mesh: Mesh, point: EnforcementPoint, jwt: SimulatedJwt | undefined): Authentication {
  if (!jwt) return { forward: true };
  const policies = policiesAt(mesh, 'RequestAuthentication', point);
  if (policies.length === 0) {
    return { forward: true, reason: `no RequestAuthentication applies at ${point.at}: the token is not validated, so the request has no request principal there` };
  }
  const rule = policies.flatMap((p) => p.spec?.jwtRules ?? []).find((r: any) => r?.issuer === jwt.iss);
  const names = policies.map((p) => `RequestAuthentication ${nsOf(p)}/${p.metadata?.name}`).join(', ');
  if (!rule) return { forward: false, policies: names, response: 401, reason: `${names} at ${point.at} has no jwtRules for issuer ${jwt.iss}: "Jwt issuer is not configured" (401)` };
  if (rule.audiences?.length && !(jwt.aud ?? []).some((a) => rule.audiences.includes(a))) {
    return { forward: false, policies: names, response: 401, reason: `${names} accepts issuer ${jwt.iss} only for audiences ${rule.audiences.join(', ')}: "Audiences in Jwt are not allowed" (401)` };
  }
  return { jwt, policies: names, forward: rule.forwardOriginalToken === true };
}

const HTTP_ONLY_SOURCE = ['requestPrincipals', 'notRequestPrincipals'];
const HTTP_ONLY_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const httpOnlyKey = (key: string): boolean => key.startsWith('request.headers[') || key.startsWith('request.auth.');
const KNOWN_KEYS = new Set(['source.ip', 'remote.ip', 'source.namespace', 'source.principal', 'source.serviceAccount', 'request.auth.principal',
  'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni']);
const knownKey = (key: string): boolean => KNOWN_KEYS.has(key) || /^request\.headers\[[^\]]+\]$/.test(key)
  || /^request\.auth\.claims(\[[^\]]+\])+$/.test(key) || key.startsWith('experimental.envoy.filters.');

/** `values` OR together, `notValues` is the negation of their OR, and both AND (RM-2). */
function field(values: readonly string[] | undefined, notValues: readonly string[] | undefined, test: (v: string) => boolean): boolean {
  if (values?.length && !values.some(test)) return false;
  if (notValues?.length && notValues.some(test)) return false;
  return true;
}

const spiffe = (principal: string | undefined): string => (principal ? `spiffe://${principal}` : '');

/** `principals` (RM-4): the value against the peer identity; no principal on plain text (RM-7). */
const principalMatches = (value: string, principal: string | undefined): boolean =>
  policyValueMatches(value.replace(/^spiffe:\/\//, ''), principal);

/** `namespaces` (RM-5): regex `.*\/ns/<value>/.*` on the identity, `*` inside the value becomes `.*`. */
function namespaceMatches(value: string, principal: string | undefined): boolean {
  if (!principal) return false;
  const ns = value.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^.*/ns/${ns}/.*$`).test(spiffe(principal));
}

/** `serviceAccounts` (RM-6): `ns/sa` or `sa` in the policy's namespace. */
function serviceAccountMatches(value: string, policyNamespace: string, principal: string | undefined): boolean {
  if (!principal) return false;
  const [ns, sa] = value.includes('/') ? value.split('/', 2) : [policyNamespace, value];
  const q = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^spiffe://.+/ns/${q(ns)}/(.+/|)sa/${q(sa)}(/.+)?$`).test(spiffe(principal));
}

/** `requestPrincipals` (RM-8): `iss/sub` split at the last `/`, with Istio's wildcard forms (generator.go). */
function requestPrincipalMatches(value: string, jwt: SimulatedJwt | undefined): boolean {
  if (!jwt) return false;
  const { iss, sub } = jwt;
  const any = (s: string) => s.length > 0;
  const idx = value.lastIndexOf('/');
  const found = idx >= 0;
  const [vIss, vSub] = found ? [value.slice(0, idx), value.slice(idx + 1)] : [value, ''];
  if (value === '*') return any(iss) && any(sub);
  if (value.startsWith('*')) {
    if (found) return (vIss === '*' ? any(iss) : iss.endsWith(vIss.slice(1))) && sub === vSub;
    return any(iss) && sub.endsWith(value.slice(1));
  }
  if (value.endsWith('*')) {
    if (found) return iss === vIss && (vSub === '*' ? any(sub) : sub.startsWith(vSub.slice(0, -1)));
    return iss.startsWith(value.slice(0, -1)) && any(sub);
  }
  return iss === vIss && sub === vSub;
}

/** A claim by path (`request.auth.claims[groups]`, nested `[a][b]`), as a list of strings. */
function claimValues(jwt: SimulatedJwt | undefined, key: string): string[] {
  if (!jwt) return [];
  const path = [...key.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
  let v: any = { iss: jwt.iss, sub: jwt.sub, aud: jwt.aud, azp: jwt.azp, ...jwt.claims };
  for (const p of path) v = v?.[p];
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** Context of one rule evaluation. */
interface RuleContext {
  readonly attrs: RequestAttributes;
  readonly port: number;
  readonly policyNamespace: string;
  /** On an L4 point, DENY/AUDIT rules drop HTTP-only fields (AZ-9). */
  readonly dropHttp: boolean;
}

/** A `when` condition (RM-14); undefined for an unknown key. */
function conditionMatches(when: any, ctx: RuleContext): boolean | undefined {
  const key = String(when?.key ?? '');
  if (!knownKey(key)) return undefined;
  if (ctx.dropHttp && httpOnlyKey(key)) return true;
  const { attrs } = ctx;
  const values: string[] | undefined = when.values;
  const notValues: string[] | undefined = when.notValues;
  const header = /^request\.headers\[([^\]]+)\]$/.exec(key);
  if (header) return field(values, notValues, (v) => policyValueMatches(v, attrs.headers[header[1].toLowerCase()]));
  if (key.startsWith('request.auth.claims')) return field(values, notValues, (v) => claimValues(attrs.jwt, key).some((c) => policyValueMatches(v, c)));
  switch (key) {
    case 'source.principal': return field(values, notValues, (v) => principalMatches(v, attrs.principal));
    case 'source.namespace': return field(values, notValues, (v) => namespaceMatches(v, attrs.principal));
    case 'source.serviceAccount': return field(values, notValues, (v) => serviceAccountMatches(v, ctx.policyNamespace, attrs.principal));
    case 'request.auth.principal': return field(values, notValues, (v) => requestPrincipalMatches(v, attrs.jwt));
    case 'request.auth.audiences': return field(values, notValues, (v) => (attrs.jwt?.aud ?? []).some((a) => policyValueMatches(v, a)));
    case 'request.auth.presenter': return field(values, notValues, (v) => policyValueMatches(v, attrs.jwt?.azp));
    case 'destination.port': return field(values, notValues, (v) => v === String(ctx.port));
    case 'connection.sni': return field(values, notValues, (v) => policyValueMatches(v, attrs.sni));
    // No IP addresses in a simulation, nor Envoy filter state: such values never match.
    default: return field(values, notValues, () => false);
  }
}

function sourceMatches(source: any, ctx: RuleContext): boolean {
  const s = source ?? {};
  const { attrs } = ctx;
  return field(s.principals, s.notPrincipals, (v) => principalMatches(v, attrs.principal))
    && field(s.namespaces, s.notNamespaces, (v) => namespaceMatches(v, attrs.principal))
    && field(s.serviceAccounts, s.notServiceAccounts, (v) => serviceAccountMatches(v, ctx.policyNamespace, attrs.principal))
    && (ctx.dropHttp || field(s.requestPrincipals, s.notRequestPrincipals, (v) => requestPrincipalMatches(v, attrs.jwt)))
    && field(s.ipBlocks, s.notIpBlocks, () => false)
    && field(s.remoteIpBlocks, s.notRemoteIpBlocks, () => false);
}

function operationMatches(operation: any, ctx: RuleContext): boolean {
  const o = operation ?? {};
  const { attrs } = ctx;
  return field(o.ports, o.notPorts, (v) => String(v) === String(ctx.port))
    && (ctx.dropHttp || (field(o.hosts, o.notHosts, (v) => policyValueMatches(v, attrs.host, true))
      && field(o.methods, o.notMethods, (v) => policyValueMatches(v, attrs.method))
      && field(o.paths, o.notPaths, (v) => policyPathMatches(v, attrs.path))));
}

/** Whether a rule uses a field an L4 point cannot see (AZ-9). */
function usesHttpFields(rule: any): boolean {
  return (rule?.from ?? []).some((f: any) => HTTP_ONLY_SOURCE.some((k) => f?.source?.[k]?.length))
    || (rule?.to ?? []).some((t: any) => HTTP_ONLY_OPERATION.some((k) => t?.operation?.[k]?.length))
    || (rule?.when ?? []).some((w: any) => httpOnlyKey(String(w?.key ?? '')));
}

/**
 * Whether one rule matches (RM-1): any `from`, any `to`, every `when`; an empty rule always.
 * `skip` when Istio drops the rule: an unknown `when` key, or HTTP-only fields in an ALLOW rule at
 * an L4 point (AZ-9).
 */
export function ruleMatches(rule: any, action: string, layer: 'L7' | 'L4', ctx: Omit<RuleContext, 'dropHttp'>): boolean | 'skip' {
  if ((rule?.when ?? []).some((w: any) => !knownKey(String(w?.key ?? '')))) return 'skip';
  const l4 = layer === 'L4';
  if (l4 && action === 'ALLOW' && usesHttpFields(rule)) return 'skip';
  const full: RuleContext = { ...ctx, dropHttp: l4 };
  const from: any[] = rule?.from ?? [];
  const to: any[] = rule?.to ?? [];
  return (from.length === 0 || from.some((f) => sourceMatches(f?.source, full)))
    && (to.length === 0 || to.some((t) => operationMatches(t?.operation, full)))
    && (rule?.when ?? []).every((w: any) => conditionMatches(w, full) === true);
}

/** Envoy's name of a rule (AZ-3): `ns[<ns>]-policy[<name>]-rule[<i>]`. */
export const ruleId = (policy: any, i: number): string => `ns[${nsOf(policy)}]-policy[${policy.metadata?.name}]-rule[${i}]`;

const policyName = (p: any): string => `AuthorizationPolicy ${nsOf(p)}/${p.metadata?.name}`;

/**
 * Evaluates the AuthorizationPolicies of one enforcement point (AZ-1): CUSTOM (reported, assumed
 * to allow), then DENY, then ALLOW; AUDIT and dry-run policies never decide (AZ-6). The deciding
 * rule is the lexicographically first matching one (AZ-3). `notes` gets what does not decide.
 */
export function authorize(mesh: Mesh, point: EnforcementPoint, attrs: RequestAttributes, notes: string[]): SimulatedEnforcement {
  const base = { at: point.at, kind: point.kind, layer: point.layer, port: point.port, principal: attrs.principal, requestPrincipal: attrs.jwt ? `${attrs.jwt.iss}/${attrs.jwt.sub}` : undefined };
  const policies = policiesAt(mesh, 'AuthorizationPolicy', point);
  const matched = new Map<string, { policy: any; rule: number; action: string }>();
  const enforced = { CUSTOM: [] as any[], DENY: [] as any[], ALLOW: [] as any[] };
  const matchedBy = { CUSTOM: [] as string[], DENY: [] as string[], ALLOW: [] as string[] };
  for (const p of policies) {
    const action = String(p.spec?.action ?? 'ALLOW');
    const dryRun = p.metadata?.annotations?.['istio.io/dry-run'] === 'true';
    const rules: any[] = p.spec?.rules ?? [];
    const hits: string[] = [];
    rules.forEach((rule, i) => {
      const m = ruleMatches(rule, action, point.layer, { attrs, port: point.port, policyNamespace: nsOf(p) });
      if (m === 'skip') {
        notes.push(`${policyName(p)} rule ${i} is dropped at ${point.at} (${point.layer === 'L4' && action === 'ALLOW' ? 'HTTP-only fields in an ALLOW rule on a TCP port, AZ-9' : 'an unknown when key, RM-14'}).`);
      } else if (m) {
        hits.push(ruleId(p, i));
        matched.set(ruleId(p, i), { policy: p, rule: i, action });
      }
    });
    if (action === 'AUDIT') {
      if (hits.length) notes.push(`${policyName(p)} (AUDIT) would log the request at ${point.at}; AUDIT never decides (AZ-6).`);
      continue;
    }
    if (dryRun) {
      if (hits.length || (action === 'ALLOW' && rules.length === 0)) notes.push(`${policyName(p)} is dry-run (istio.io/dry-run): it ${hits.length ? `matches (${action})` : 'matches nothing'} but does not decide (AZ-6).`);
      continue;
    }
    if (action in enforced) {
      enforced[action as 'CUSTOM' | 'DENY' | 'ALLOW'].push(p);
      matchedBy[action as 'CUSTOM' | 'DENY' | 'ALLOW'].push(...hits);
    }
  }
  const all = [...matchedBy.CUSTOM, ...matchedBy.DENY, ...matchedBy.ALLOW];
  const first = (ids: string[]) => [...ids].sort()[0];
  const decide = (id: string) => matched.get(id)!;

  for (const p of enforced.CUSTOM) {
    const hits = matchedBy.CUSTOM.filter((id) => decide(id).policy === p);
    if (hits.length) notes.push(`${policyName(p)} (CUSTOM) matches at ${point.at}: provider ${p.spec?.provider?.name ?? '(none)'} decides; the simulation assumes it allows (AZ-7).`);
  }
  if (matchedBy.DENY.length) {
    const d = decide(first(matchedBy.DENY));
    return { ...base, allowed: false, policy: policyName(d.policy), rule: d.rule, action: 'DENY', response: 403, matched: all,
      reason: `${policyName(d.policy)} rule ${d.rule} (DENY) matches at ${point.at}: 403 "RBAC: access denied".` };
  }
  if (enforced.ALLOW.length === 0) {
    return { ...base, allowed: true, policy: 'no policy', matched: all, reason: `No ALLOW or DENY AuthorizationPolicy applies at ${point.at}: allowed.` };
  }
  if (matchedBy.ALLOW.length) {
    const d = decide(first(matchedBy.ALLOW));
    return { ...base, allowed: true, policy: policyName(d.policy), rule: d.rule, action: 'ALLOW', matched: all,
      reason: `${policyName(d.policy)} rule ${d.rule} (ALLOW) matches at ${point.at}.` };
  }
  // Deny by default (AZ-1 step 5): name the allow-nothing policy when there is one (AZ-4).
  const sorted = [...enforced.ALLOW].sort((a, b) => (ruleId(a, 0) < ruleId(b, 0) ? -1 : 1));
  const deciding = sorted.find((p) => !(p.spec?.rules ?? []).length) ?? sorted[0];
  const who = attrs.principal ?? 'a request without a peer principal';
  return { ...base, allowed: false, policy: policyName(deciding), action: 'ALLOW', response: 403, matched: all,
    reason: `ALLOW policies apply at ${point.at} (${sorted.map((p) => p.metadata?.name).join(', ')}) and none matches ${who}: 403 "RBAC: access denied" (rbac_access_denied_matched_policy[none]).` };
}
