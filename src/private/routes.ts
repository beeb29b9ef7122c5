import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as istio from '../../imports/networking.istio.io';
import { HTTP_STATUS_CODES, SUPPORTED_RETRY_ON } from '../checks/istio-webhook';
import { HttpMatch, HttpRouteRule, RouteDestination, StringMatch, StringMatchKind, TrafficApi } from '../mesh/routing';
import { serviceRef } from './hosts';
import { checkDnsLabel, checkInt, checkPort, checkShape, DNS_LABEL, fail, PORT } from './validation';

/** A rule whose defaults are resolved: every destination has a host. */
export interface ResolvedRule extends HttpRouteRule {
  readonly destinations: Array<RouteDestination & { readonly host: string }>;
}

const HOST = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/;

const DURATION = 'a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7))';

/** Checks a duration Istio's webhook accepts: whole milliseconds, at least 1 ms. */
export function checkDuration(scope: Construct, prop: string, d: Duration): number {
  const ms = d instanceof Duration ? d.toMilliseconds({ integral: false }) : NaN;
  if (!Number.isInteger(ms) || ms < 1) {
    fail(scope, prop, d instanceof Duration ? `${ms}ms` : d, DURATION);
  }
  return ms;
}

/** Istio writes protobuf durations: seconds with a fraction, `7s`, `0.5s`. */
export function istioDuration(d: Duration): string {
  return `${d.toMilliseconds({ integral: false }) / 1000}s`;
}

/** The Gateway API writes GEP-2257 durations: `7s`, `1s500ms`, `2m`. */
export function gatewayDuration(d: Duration): string {
  let ms = d.toMilliseconds({ integral: false });
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) out += `${n}${unit}`;
    ms -= n * size;
  }
  return out;
}

function checkPercentage(scope: Construct, prop: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 100)) fail(scope, prop, value, 'a percentage greater than 0 and at most 100');
  return value;
}

function checkStringMatch(scope: Construct, prop: string, m: StringMatch, api: TrafficApi, isUri: boolean): void {
  if (!(m instanceof StringMatch)) fail(scope, prop, m, 'a StringMatch (StringMatch.exact(), .prefix() or .regex())');
  if (typeof m.value !== 'string' || m.value === '') fail(scope, prop, m.value, 'a non-empty string');
  if (isUri && m.kind !== StringMatchKind.REGEX) checkPath(scope, prop, m.value);
  if (m.kind === StringMatchKind.REGEX) {
    try {
      // Envoy matches with RE2: no lookaround or backreferences, which JavaScript would accept.
      // Loaded on first use: most apps have no regex, and synth time counts.
      (require('@bufbuild/re2') as typeof import('@bufbuild/re2')).RE2JS.compile(m.value);
    } catch (e) {
      fail(scope, prop, m.value, `an RE2 regular expression (${(e as Error).message})`);
    }
  }
  if (api === TrafficApi.GATEWAY_API && !isUri && m.kind === StringMatchKind.PREFIX) {
    fail(scope, prop, `prefix ${m.value}`, 'an exact or regex header match with TrafficApi.GATEWAY_API, which has no header prefix match; use StringMatch.regex()');
  }
}

// The Gateway API's rules for exact and prefix paths (its CRD's CEL rules), applied to both APIs
// so that one route model renders to either: a normalized absolute path.
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;
function checkPath(scope: Construct, prop: string, path: string): void {
  const bad = !path.startsWith('/') || path.length > 1024 || !PATH_CHARS.test(path)
    || ['//', '/./', '/../', '%2f', '%2F', '#'].some((s) => path.includes(s)) || path.endsWith('/..') || path.endsWith('/.');
  if (bad) fail(scope, prop, path, 'a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters');
}

function checkMatch(scope: Construct, prop: string, match: HttpMatch, api: TrafficApi): void {
  match = checkShape(scope, 'HttpMatch', match, {
    uri: [StringMatch, 'a StringMatch (StringMatch.exact(), .prefix() or .regex())'], headers: ['object', 'an object of header names and StringMatches'],
  }, `${prop}.`);
  if (match.uri === undefined && Object.keys(match.headers ?? {}).length === 0) {
    fail(scope, prop, match, 'a match with a uri or at least one header (leave matches out to match every request)');
  }
  if (match.uri) checkStringMatch(scope, `${prop}.uri`, match.uri, api, true);
  for (const [name, m] of Object.entries(match.headers ?? {})) checkHeaderMatch(scope, `${prop}.headers`, name, m, api);
}

/**
 * Checks one header match: a lowercase name (Istio's webhook and the Gateway API's CRD refuse
 * others) and a match that the API can express. `prop` is the field as the user wrote it.
 */
export function checkHeaderMatch(scope: Construct, prop: string, name: string, match: StringMatch, api: TrafficApi, nameProp = `${prop} key`, valueProp = `${prop}["${name}"]`): void {
  if (!HEADER_NAME.test(name)) fail(scope, nameProp, name, 'a lowercase HTTP header name');
  checkStringMatch(scope, valueProp, match, api, false);
}

function checkHost(scope: Construct, prop: string, host: string): string {
  if (typeof host !== 'string' || host.length > 253 || !HOST.test(host) || host === '*' || host.split('.').some((label) => label.length > 63)) {
    fail(scope, prop, host, 'a Service name or fully qualified host name (labels of at most 63 characters, 253 in all)');
  }
  // Istio expands only dotless names; `reviews.bookinfo` would be taken as a full host name.
  const parts = host.split('.');
  if (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) {
    fail(scope, prop, host, `a short Service name or a fully qualified one (${parts[0]}.${parts[1]}.svc.cluster.local): Istio does not expand "${host}"`);
  }
  return host;
}

/**
 * Checks a rule at construction time and resolves the default destination host.
 * @param defaultHost the routed service, for destinations without a host
 */
export function checkRule(scope: Construct, prop: string, rule: HttpRouteRule, api: TrafficApi, defaultHost?: string): ResolvedRule {
  if (rule === undefined) fail(scope, prop, rule, 'a rule with destinations (HttpRouteRule)');
  rule = checkShape(scope, 'HttpRouteRule', rule, {
    name: ['string', DNS_LABEL], matches: ['objects', 'a list of matches, each { uri?, headers? } (HttpMatch)'],
    destinations: ['objects', 'a non-empty list of destinations, each { host?, subset?, weight?, port? }'], timeout: [Duration, DURATION],
    retries: ['object', 'an object of HttpRetries { attempts, perTryTimeout?, retryOn? }'], fault: ['object', 'an object of HttpFault { delay?, abort? }'],
    mirror: ['object', 'an object of HttpMirror { host, subset?, port?, percentage? }'],
  }, `${prop}.`);
  if (!Array.isArray(rule.destinations) || rule.destinations.length === 0) {
    fail(scope, `${prop}.destinations`, rule.destinations, 'a non-empty list of destinations, each { host?, subset?, weight?, port? }');
  }
  if (rule.name !== undefined) checkDnsLabel(scope, `${prop}.name`, rule.name);
  (rule.matches ?? []).forEach((m, i) => checkMatch(scope, `${prop}.matches[${i}]`, m, api));

  const destinations = rule.destinations.map((d, i) => {
    const at = `${prop}.destinations[${i}]`;
    d = checkShape(scope, 'RouteDestination', d, { host: ['string', 'a Service name or fully qualified host name'], subset: ['string', DNS_LABEL], weight: ['number', 'an integer from 0 to 100'], port: ['number', PORT] }, `${at}.`);
    const host = d.host ?? defaultHost;
    if (host === undefined) fail(scope, `${at}.host`, host, 'set (there is no default service here)');
    checkHost(scope, `${at}.host`, host);
    if (d.subset !== undefined) checkDnsLabel(scope, `${at}.subset`, d.subset);
    if (d.weight !== undefined) checkInt(scope, `${at}.weight`, d.weight, 0, 100);
    if (d.port !== undefined) checkPort(scope, `${at}.port`, d.port);
    return { ...d, host };
  });
  const weights = destinations.map((d) => d.weight);
  if (destinations.length > 1 || weights[0] !== undefined) {
    const total = weights.reduce<number>((s, w) => s + (w ?? NaN), 0);
    if (total !== 100) {
      const shown = destinations.map((d) => `${d.host}${d.subset ? `/${d.subset}` : ''}=${d.weight ?? 'unset'}`).join(', ');
      fail(scope, `${prop}.destinations weights`, shown, 'integers that add up to 100 (Istio would normalize other sums silently; this library asks for the exact split)');
    }
  }

  if (rule.timeout !== undefined) checkDuration(scope, `${prop}.timeout`, rule.timeout);
  if (rule.retries !== undefined) {
    checkShape(scope, 'HttpRetries', rule.retries, { attempts: ['number', 'an integer from 0 to 100'], perTryTimeout: [Duration, DURATION], retryOn: ['strings', 'a list of Envoy retry conditions such as "5xx"'] }, `${prop}.retries.`);
    if (api === TrafficApi.GATEWAY_API) fail(scope, `${prop}.retries`, rule.retries, 'left out with TrafficApi.GATEWAY_API (retries are not in its standard channel); use TrafficApi.ISTIO');
    checkInt(scope, `${prop}.retries.attempts`, rule.retries.attempts, 0, 100);
    if (rule.retries.perTryTimeout !== undefined) checkDuration(scope, `${prop}.retries.perTryTimeout`, rule.retries.perTryTimeout);
    const retryOn = rule.retries.retryOn ?? [];
    for (const cond of retryOn) {
      // validation.go:2630-2640 (validateHTTPRetry): Envoy's conditions Istio knows, or an HTTP status.
      if (!SUPPORTED_RETRY_ON.has(cond) && !HTTP_STATUS_CODES.has(Number(cond))) {
        fail(scope, `${prop}.retries.retryOn`, cond, `a retry condition Istio accepts (${[...SUPPORTED_RETRY_ON].join(', ')}) or an HTTP status code`);
      }
    }
    if (rule.retries.attempts === 0 && (rule.retries.perTryTimeout !== undefined || retryOn.length > 0)) {
      // validation.go:2626: "http retry policy configured when attempts are set to 0 (disabled)".
      fail(scope, `${prop}.retries.attempts`, 0, 'at least 1 with perTryTimeout or retryOn (0 disables retries, and Istio refuses a retry policy then)');
    }
  }
  if (rule.fault !== undefined) {
    checkShape(scope, 'HttpFault', rule.fault, { delay: ['object', 'an object of DelayFault { fixedDelay, percentage }'], abort: ['object', 'an object of AbortFault { httpStatus, percentage }'] }, `${prop}.fault.`);
    if (api === TrafficApi.GATEWAY_API) fail(scope, `${prop}.fault`, rule.fault, 'left out with TrafficApi.GATEWAY_API (it has no fault injection); use TrafficApi.ISTIO');
    if (!rule.fault.delay && !rule.fault.abort) fail(scope, `${prop}.fault`, rule.fault, 'a delay, an abort or both');
    if (rule.fault.delay) {
      checkDuration(scope, `${prop}.fault.delay.fixedDelay`, rule.fault.delay.fixedDelay);
      checkPercentage(scope, `${prop}.fault.delay.percentage`, rule.fault.delay.percentage);
    }
    if (rule.fault.abort) {
      checkInt(scope, `${prop}.fault.abort.httpStatus`, rule.fault.abort.httpStatus, 200, 599);
      checkPercentage(scope, `${prop}.fault.abort.percentage`, rule.fault.abort.percentage);
    }
  }
  if (rule.mirror !== undefined) {
    checkShape(scope, 'HttpMirror', rule.mirror, { host: ['string', 'a Service name or fully qualified host name'], subset: ['string', DNS_LABEL], port: ['number', PORT], percentage: ['number', 'an integer from 1 to 100'] }, `${prop}.mirror.`);
    checkHost(scope, `${prop}.mirror.host`, rule.mirror.host);
    if (rule.mirror.subset !== undefined) checkDnsLabel(scope, `${prop}.mirror.subset`, rule.mirror.subset);
    if (rule.mirror.port !== undefined) checkPort(scope, `${prop}.mirror.port`, rule.mirror.port);
    if (rule.mirror.percentage !== undefined) checkInt(scope, `${prop}.mirror.percentage`, rule.mirror.percentage, 1, 100);
  }
  return { ...rule, destinations };
}

/** Destinations that receive traffic: zero weights dropped, a lone weight dropped too. */
function effective(rule: ResolvedRule): Array<RouteDestination & { readonly host: string }> {
  const live = rule.destinations.filter((d) => d.weight !== 0);
  return live.length === 1 ? [{ ...live[0], weight: undefined }] : live;
}

function istioStringMatch(m: StringMatch): { exact?: string; prefix?: string; regex?: string } {
  return { [m.kind]: m.value };
}

/** Renders a rule as a VirtualService `http` entry. */
export function toIstioHttp(rule: ResolvedRule): istio.VirtualServiceSpecHttp {
  const matches = rule.matches?.map((m) => ({
    uri: m.uri && istioStringMatch(m.uri),
    headers: m.headers && Object.keys(m.headers).length
      ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, istioStringMatch(v)])) : undefined,
  }));
  const mirror = rule.mirror;
  return {
    name: rule.name,
    match: matches?.length ? matches : undefined,
    fault: rule.fault && {
      delay: rule.fault.delay && { fixedDelay: istioDuration(rule.fault.delay.fixedDelay), percentage: { value: rule.fault.delay.percentage } },
      abort: rule.fault.abort && { httpStatus: rule.fault.abort.httpStatus, percentage: { value: rule.fault.abort.percentage } },
    },
    route: effective(rule).map((d) => ({
      destination: { host: d.host, subset: d.subset, port: d.port !== undefined ? { number: d.port } : undefined },
      weight: d.weight,
    })),
    timeout: rule.timeout && istioDuration(rule.timeout),
    retries: rule.retries && {
      attempts: rule.retries.attempts,
      perTryTimeout: rule.retries.perTryTimeout && istioDuration(rule.retries.perTryTimeout),
      retryOn: rule.retries.retryOn?.length ? rule.retries.retryOn.join(',') : undefined,
    },
    mirror: mirror && { host: mirror.host, subset: mirror.subset, port: mirror.port !== undefined ? { number: mirror.port } : undefined },
    mirrorPercentage: mirror?.percentage !== undefined ? { value: mirror.percentage } : undefined,
  };
}

/** The port of the Service `name` in `namespace`, when the app defines it with one port. */
export type PortOf = (name: string, namespace: string) => number | undefined;

/**
 * Renders a rule as an HTTPRoute rule; subsets become per-version Services `<host>-<subset>`,
 * with the port of the host's Service (the Gateway API requires one).
 */
export function toGatewayRule(rule: ResolvedRule, namespace: string, portOf: PortOf): gw.HttpRouteSpecRules {
  const backend = (host: string, subset: string | undefined, port: number | undefined) => {
    const ref = serviceRef(host, namespace);
    const name = subset ? `${ref.name}-${subset}` : ref.name;
    const resolved = port ?? portOf(ref.name, ref.namespace);
    return { name, namespace: ref.namespace === namespace ? undefined : ref.namespace, port: resolved };
  };
  const matches = rule.matches?.map((m) => ({
    path: m.uri && {
      type: { exact: gw.HttpRouteSpecRulesMatchesPathType.EXACT, prefix: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, regex: gw.HttpRouteSpecRulesMatchesPathType.REGULAR_EXPRESSION }[m.uri.kind],
      value: m.uri.value,
    },
    headers: m.headers && Object.keys(m.headers).length
      ? Object.entries(m.headers).map(([name, v]) => ({
        type: v.kind === StringMatchKind.REGEX ? gw.HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION : gw.HttpRouteSpecRulesMatchesHeadersType.EXACT,
        name,
        value: v.value,
      })) : undefined,
  }));
  const mirror = rule.mirror;
  return {
    name: rule.name,
    matches: matches?.length ? matches : undefined,
    backendRefs: effective(rule).map((d) => ({ ...backend(d.host, d.subset, d.port), weight: d.weight })),
    timeouts: rule.timeout && { request: gatewayDuration(rule.timeout) },
    filters: mirror && [{
      type: gw.HttpRouteSpecRulesFiltersType.REQUEST_MIRROR,
      requestMirror: { backendRef: backend(mirror.host, mirror.subset, mirror.port), percent: mirror.percentage },
    }],
  };
}
