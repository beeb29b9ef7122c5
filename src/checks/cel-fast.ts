// The run-time half of the CRDs' CEL rules compiled to JavaScript (./cel-compile, run by
// scripts/schemas.mjs into schemas/validators/cel.js). A compiled rule gets the value @bufbuild/cel
// would get (the validator's toCel()) and mirrors @bufbuild/cel's semantics for what the CRDs'
// rules use; where the two could differ (an error, a type mismatch, an overflow, anything not
// mirrored) a helper throws, and the validator evaluates the rule with @bufbuild/cel instead. So a
// compiled rule only ever answers "holds" when @bufbuild/cel would, and @bufbuild/cel is loaded
// only for objects that break a rule or reach what is not compiled.

import type * as Cel from '@bufbuild/cel';

// Kubernetes escapes property names for CEL: reserved words become __word__, and "__", ".",
// "-" and "/" get names (https://kubernetes.io/docs/reference/using-api/cel/#escaping).
const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
function celName(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** A missing value as the API server defaults it. */
export function withDefault(schema: any, value: unknown): unknown {
  return value === undefined && schema?.default !== undefined ? schema.default : value;
}

/** Converts a value to CEL's view of it: defaults applied, integers as int, names escaped. */
export function toCel(schema: any, value: any): any {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
  if (typeof value === 'object') {
    if (schema?.properties) {
      const out: Record<string, unknown> = {};
      for (const [k, sub] of Object.entries<any>(schema.properties)) {
        const v = withDefault(sub, value[k]);
        if (v !== undefined) out[celName(k)] = toCel(sub, v);
      }
      return out;
    }
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(schema?.additionalProperties, v)]));
  }
  if (typeof value === 'number' && schema?.type === 'integer') return BigInt(value);
  return value;
}

/** Thrown where the compiled rule cannot answer as @bufbuild/cel would. */
class Bail extends Error {}
const BAIL = new Bail('CEL: evaluate with @bufbuild/cel');

const MIN_INT = -(2n ** 63n);
const MAX_INT = 2n ** 63n - 1n;

function bail(): never {
  throw BAIL;
}

const isMapLike = (v: unknown): v is Map<unknown, unknown> | Record<string, unknown> =>
  v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v) && (v as object).constructor?.name === 'Object');

/** A CEL duration, in nanoseconds. */
class Duration {
  constructor(public readonly nanos: bigint) {}
}

// @bufbuild/cel's parseDuration (duration.js), which compiled rules must agree with.
const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, ms: 1000n * 1000n, s: 1000n ** 3n, m: 1000n ** 3n * 60n, h: 1000n ** 3n * 3600n };
const UNIT = /^(ns|us|µs|ms|s|m|h)/;

function parseDuration(str: string): Duration {
  if (str.length > 128) bail();
  if (/^[-+]?0$/.test(str)) return new Duration(0n);
  const [sign, values] = /^[+-]/.test(str) ? [str[0] === '+' ? 1n : -1n, str.slice(1)] : [1n, str];
  let nanos = 0n;
  let rest = values;
  while (rest.length > 0) {
    const int = /^\d+/.exec(rest)?.[0];
    rest = rest.slice(int?.length ?? 0);
    if (rest[0] === '.') rest = rest.slice(1);
    const fraction = /^\d+/.exec(rest)?.[0];
    rest = rest.slice(fraction?.length ?? 0);
    const unit = UNIT.exec(rest)?.[0];
    rest = rest.slice(unit?.length ?? 0);
    if ((int ?? fraction) === undefined || unit === undefined) bail();
    const factor = UNITS[unit!];
    nanos += BigInt(int ?? 0) * factor + (BigInt(fraction ?? 0) * factor) / 10n ** BigInt(fraction?.length ?? 0);
  }
  const full = sign * nanos;
  if (full > MAX_INT || full < MIN_INT) bail();
  return new Duration(full);
}

function int(v: bigint): bigint {
  if (v < MIN_INT || v > MAX_INT) bail();
  return v;
}

type Order = (a: any, b: any) => boolean;
/** @bufbuild/cel's ordering overloads that compiled rules reach: bool, string, int, double (mixed int/double too), duration. */
function ordered(compare: Order): Order {
  return (a, b) => {
    const ta = typeof a;
    const tb = typeof b;
    if ((ta === 'bigint' || ta === 'number') && (tb === 'bigint' || tb === 'number')) {
      return ta === tb ? compare(a, b) : compare(Number(a), Number(b));
    }
    if ((ta === 'string' && tb === 'string') || (ta === 'boolean' && tb === 'boolean')) return compare(a, b);
    if (a instanceof Duration && b instanceof Duration) return compare(a.nanos, b.nanos);
    return bail();
  };
}

function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'bigint' || ta === 'number') && (tb === 'bigint' || tb === 'number')) return a == b; // eslint-disable-line eqeqeq
  // Lists, maps and durations compare structurally in @bufbuild/cel: not mirrored.
  if (typeof a === 'object' && a !== null) bail();
  if (typeof b === 'object' && b !== null) bail();
  return false;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : bail();
}

/** The helpers compiled rules call (as `h`). */
export const CEL_HELPERS = {
  bail,
  /** A bool operand (of &&, ||, !, ?:). */
  b: (v: unknown): boolean => (typeof v === 'boolean' ? v : bail()),
  /** `x.f`: a map key (struct fields are map keys in the validator's values). */
  sel(v: unknown, f: string): unknown {
    if (v instanceof Map) return v.has(f) ? v.get(f) : bail();
    if (isMapLike(v) && Object.prototype.hasOwnProperty.call(v, f)) return (v as Record<string, unknown>)[f];
    return bail();
  },
  /** `has(x.f)`. */
  has(v: unknown, f: string): boolean {
    if (v instanceof Map) return v.has(f);
    if (isMapLike(v)) return Object.prototype.hasOwnProperty.call(v, f);
    return bail();
  },
  /** `x[i]`. */
  idx(v: unknown, i: unknown): unknown {
    if (Array.isArray(v)) return typeof i === 'bigint' && i >= 0n && i < BigInt(v.length) ? v[Number(i)] : bail();
    if (typeof i === 'string') return CEL_HELPERS.sel(v, i);
    return bail();
  },
  /** The items a comprehension iterates: a list's elements, a map's keys. */
  iter(v: unknown): readonly unknown[] {
    if (Array.isArray(v)) return v;
    if (v instanceof Map) return [...v.keys()];
    if (isMapLike(v)) return Object.keys(v);
    return bail();
  },
  map: (entries: ReadonlyArray<[string, unknown]>): Map<string, unknown> => new Map(entries),
  eq: equals,
  in(x: unknown, c: unknown): boolean {
    if (Array.isArray(c)) return c.some((y) => equals(x, y));
    if (typeof x === 'string') return CEL_HELPERS.has(c, x);
    return bail();
  },
  lt: ordered((a, b) => a < b),
  le: ordered((a, b) => a <= b),
  gt: ordered((a, b) => a > b),
  ge: ordered((a, b) => a >= b),
  add(a: any, b: any): unknown {
    if (typeof a === 'bigint' && typeof b === 'bigint') return int(a + b);
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    return bail();
  },
  sub(a: any, b: any): unknown {
    if (typeof a === 'bigint' && typeof b === 'bigint') return int(a - b);
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return bail();
  },
  mul(a: any, b: any): unknown {
    if (typeof a === 'bigint' && typeof b === 'bigint') return int(a * b);
    if (typeof a === 'number' && typeof b === 'number') return a * b;
    return bail();
  },
  neg(a: unknown): unknown {
    if (typeof a === 'bigint') return int(-a);
    if (typeof a === 'number') return -a;
    return bail();
  },
  size(v: unknown): bigint {
    if (typeof v === 'string') return BigInt([...v].length);
    if (Array.isArray(v)) return BigInt(v.length);
    if (v instanceof Map) return BigInt(v.size);
    if (isMapLike(v)) return BigInt(Object.keys(v).length);
    return bail();
  },
  contains: (s: unknown, t: unknown): boolean => text(s).includes(text(t)),
  startsWith: (s: unknown, t: unknown): boolean => text(s).startsWith(text(t)),
  endsWith: (s: unknown, t: unknown): boolean => text(s).endsWith(text(t)),
  /** `s.matches(re)`, the pattern one that RE2 and JavaScript read alike (checked when compiled). */
  matches: (s: unknown, re: RegExp): boolean => re.test(text(s)),
  split: (s: unknown, sep: unknown): string[] => text(s).split(text(sep)),
  substring(s: unknown, start: unknown, end?: unknown): string {
    const str = text(s);
    const i = typeof start === 'bigint' ? Number(start) : bail();
    const j = end === undefined ? str.length : typeof end === 'bigint' ? Number(end) : bail();
    if (i < 0 || i > str.length || j < 0 || j > str.length || i > j) bail();
    return str.substring(i, j);
  },
  duration: (v: unknown): Duration => parseDuration(text(v)),
  int(v: unknown): bigint {
    if (typeof v === 'bigint') return int(v);
    if (typeof v === 'string') {
      let n: bigint;
      try {
        n = BigInt(v);
      } catch {
        return bail();
      }
      return int(n);
    }
    return bail();
  },
  // The Kubernetes library functions the validator gives @bufbuild/cel (schema-validator.ts).
  isURL: (v: unknown): boolean => URL.canParse(text(v)),
  url(v: unknown): string {
    try {
      return new URL(text(v)).href;
    } catch {
      return bail();
    }
  },
  getScheme: (v: unknown): string => new URL(text(v)).protocol.replace(/:$/, ''),
};

/**
 * @bufbuild/cel with the Kubernetes CEL library functions the CRDs use beyond standard CEL and the
 * strings extension: isURL(string), url(string) (which fails on an invalid URL) and
 * URL.getScheme(). The URL is carried as its normalized string, which is all getScheme() needs.
 * Loaded on first use: most objects pass every rule through the compiled rules (./cel-fast), and
 * loading the library costs more than validating a whole app.
 */
export function celLibrary(): { readonly cel: typeof Cel; readonly env: Cel.CelEnv } {
  const cel: typeof Cel = require('@bufbuild/cel');
  const { strings } = require('@bufbuild/cel/ext');
  const kubernetesFuncs = [
    cel.celFunc('isURL', [cel.CelScalar.STRING], cel.CelScalar.BOOL, (s: string) => URL.canParse(s)),
    cel.celFunc('url', [cel.CelScalar.STRING], cel.CelScalar.STRING, (s: string) => new URL(s).href),
    cel.celMethod('getScheme', cel.CelScalar.STRING, [], cel.CelScalar.STRING, function getScheme(this: string) {
      return new URL(this).protocol.replace(/:$/, '');
    }),
  ];
  return { cel, env: cel.celEnv({ funcs: [...strings, ...kubernetesFuncs] }) };
}

/** A compiled rule: true when the rule holds; false, or a throw, when @bufbuild/cel must decide. */
export type CompiledCelRule = (self: unknown) => unknown;
