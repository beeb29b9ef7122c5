import { Chart } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Throws a construction-time error that names the construct path, the prop, the value
 * received and what is allowed: `Bookinfo/reviews: replicas must be ..., got -1`. Every error
 * of a construct goes through here. `scope` is the construct, or its path before it exists.
 */
export function fail(scope: Construct | string, prop: string, value: unknown, allowed: string): never {
  throw new Error(`${typeof scope === 'string' ? scope : scope.node.path}: ${prop} must be ${allowed}, got ${describe(value)}`);
}

/** A value of an enum (a string enum of this library), or a failure listing the allowed values. */
export function checkEnum<T extends string>(scope: Construct, prop: string, value: T, values: Record<string, T>): T {
  const allowed = Object.values(values);
  if (!allowed.includes(value)) fail(scope, prop, value, `one of ${allowed.join(', ')}`);
  return value;
}

/** Renders a received value for an error message, whatever plain JavaScript passed. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `a function ${value.name || '(anonymous)'}`;
  if (Construct.isConstruct(value)) return `${value.constructor.name} ${value.node.path}`;
  try {
    return JSON.stringify(value);
  } catch {
    return `a ${(value as object).constructor?.name ?? 'value'} that cannot be shown`;
  }
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What a DNS-1123 label is, for messages. */
export const DNS_LABEL = 'a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
/** What a DNS-1123 subdomain is, for messages. */
export const DNS_SUBDOMAIN = 'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)';
/** What a port is, for messages. */
export const PORT = 'an integer from 1 to 65535';
/** What labels are, for messages. */
export const LABELS = 'an object of Kubernetes labels (keys and string values)';

/** A Kubernetes object name that must also be a DNS label (Services, Namespaces). */
export function checkDnsLabel(scope: Construct | string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_1123_LABEL.test(value)) fail(scope, prop, value, DNS_LABEL);
  return value;
}

/** What a DNS-1035 label is, for messages. */
export const DNS_1035 = 'a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters), as Kubernetes requires of Service names';
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A Service name: the API server wants a DNS-1035 label (it must start with a letter). */
export function checkServiceName(scope: Construct | string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_1035_LABEL.test(value)) fail(scope, prop, value, DNS_1035);
  return value;
}

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * Annotations as the API server checks them: qualified-name keys (an optional DNS-subdomain
 * prefix of at most 253 characters, a name of at most 63), string values, 256 KiB in all.
 */
export function checkAnnotations(scope: Construct | string, prop: string, annotations: Record<string, string> | undefined): Record<string, string> {
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const prefix = key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '';
    if (!QUALIFIED_NAME.test(key) || prefix.length > 253) fail(scope, `${prop} key`, key, 'a qualified name: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    if (typeof value !== 'string') fail(scope, `${prop}["${key}"]`, value, 'a string');
    size += key.length + value.length;
  }
  if (size > 262144) fail(scope, prop, `${size} bytes`, 'at most 256 KiB of keys and values in all');
  return { ...(annotations ?? {}) };
}

/** A Kubernetes object name of the DNS-subdomain kind (Deployments, ServiceAccounts). */
export function checkDnsSubdomain(scope: Construct | string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS_1123_SUBDOMAIN.test(value)) fail(scope, prop, value, DNS_SUBDOMAIN);
  return value;
}

/** An integer within [min, max]. */
export function checkInt(scope: Construct, prop: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(scope, prop, value, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** A TCP/UDP port number. */
export function checkPort(scope: Construct, prop: string, value: number): number {
  return checkInt(scope, prop, value, 1, 65535);
}

const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kubernetes label keys and values. */
export function checkLabels(scope: Construct, prop: string, labels: Record<string, string> | undefined): Record<string, string> {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!LABEL_NAME.test(key)) fail(scope, `${prop} key`, key, 'a Kubernetes label key ([prefix/]name, name at most 63 characters)');
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      fail(scope, `${prop}["${key}"]`, value, 'a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)');
    }
  }
  return { ...(labels ?? {}) };
}

/** Rejects duplicates in a list of names. */
export function checkUnique(scope: Construct, prop: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) fail(scope, prop, values, `a list without duplicates ("${v}" appears twice)`);
    seen.add(v);
  }
}

/** A non-empty string, e.g. an image reference. */
export function checkNonEmpty(scope: Construct, prop: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    fail(scope, prop, value, 'a non-empty string without whitespace');
  }
  return value;
}

/**
 * The namespace of a construct's objects: the prop, else the chart's. Mesh objects always get an
 * explicit namespace, so one that has neither is an error.
 */
export function resolveNamespace(scope: Construct, namespace: string | undefined): string {
  const resolved = namespace ?? Chart.of(scope).namespace;
  if (resolved === undefined) fail(scope, 'namespace', resolved, 'set, here or on the chart, because every mesh object needs an explicit namespace');
  return checkDnsLabel(scope, 'namespace', resolved);
}

/**
 * The kind of value a prop holds, as plain JavaScript sees it: `strings`/`numbers`/`objects` are
 * lists of those; `map` is an object of strings (labels, env); a class stands for its instances
 * (constructs, Duration, StringMatch...).
 */
export type ValueKind = 'string' | 'number' | 'boolean' | 'strings' | 'numbers' | 'objects' | 'map' | 'object' | { readonly prototype: object };

/** Each prop's kind and what a message says is allowed. */
export type Shape = Readonly<Record<string, readonly [ValueKind, string]>>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasKind(value: unknown, kind: ValueKind): boolean {
  switch (kind) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'strings': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'numbers': return Array.isArray(value) && value.every((v) => typeof v === 'number');
    case 'objects': return Array.isArray(value) && value.every((v) => isPlainObject(v));
    case 'map': return isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string');
    case 'object': return isPlainObject(value);
    default: return value instanceof (kind as unknown as new () => object);
  }
}

/**
 * Checks the shape of what plain JavaScript (or a JSON config) passed as props: an object, each
 * listed prop left out or of its kind (`null` is not "left out"), so that the code after it meets
 * only the types it declares and answers every mistake with a precise message. Returns the props,
 * `{}` when left out.
 * @param what the props' type name, for a props value that is not an object at all
 * @param prefix the path of nested props, e.g. `tls.`
 */
export function checkShape<T extends object>(scope: Construct | string, what: string, props: T | undefined, shape: Shape, prefix = ''): T {
  if (props === undefined) return {} as T;
  if (!isPlainObject(props)) fail(scope, prefix ? prefix.replace(/\.$/, '') : 'props', props, `an object of ${what}`);
  for (const [prop, [kind, allowed]] of Object.entries(shape)) {
    const value = (props as Record<string, unknown>)[prop];
    if (value !== undefined && !hasKind(value, kind)) fail(scope, `${prefix}${prop}`, value, allowed);
  }
  return props;
}

/** A boolean, or a failure. */
export function checkBool(scope: Construct | string, prop: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(scope, prop, value, 'true or false');
  return value;
}

/** What an enum allows, for messages: `one of a, b, c`. */
export function oneOf(values: Record<string, string>): string {
  return `one of ${Object.values(values).join(', ')}`;
}
