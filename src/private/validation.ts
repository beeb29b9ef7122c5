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

/** A Kubernetes object name that must also be a DNS label (Services, Namespaces). */
export function checkDnsLabel(scope: Construct, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_1123_LABEL.test(value)) {
    fail(scope, prop, value, 'a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)');
  }
  return value;
}

/** A Kubernetes object name of the DNS-subdomain kind (Deployments, ServiceAccounts). */
export function checkDnsSubdomain(scope: Construct, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS_1123_SUBDOMAIN.test(value)) {
    fail(scope, prop, value, 'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)');
  }
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
