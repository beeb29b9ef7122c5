/**
 * A TypeScript port of the Kubernetes API server's create-time validation (Kubernetes 1.28) for the core/apps/batch
 * kinds a cdk8s chart typically emits, producing Kubernetes' own field error strings
 * (`spec.template.spec.containers[0].image: Required value`).
 *
 * Sources (Kubernetes v1.28.4 as vendored by ceph/ceph-csi, apimachinery v0.28.3):
 *   - pkg/apis/core/validation/validation.go
 *   - staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go and field/errors.go
 *   - staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go, generic.go
 *   - staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 *   - staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go, amount.go, suffix.go
 *   - pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go (defaulting runs
 *     before validation), pkg/apis/core/helper/helpers.go, pkg/apis/core/pods/helpers.go
 *   - pkg/apis/apps/validation/validation.go, pkg/apis/batch/validation/validation.go (see RULES.md for the versions)
 *   - pkg/registry/{core,apps,batch}/... strategies (name warnings, Job selector generation)
 *
 * No dependencies beyond the JavaScript runtime; ES2022, strict TypeScript.
 */

export interface ValidationProblem {
  readonly level: 'error' | 'warning';
  readonly field?: string;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// Go formatting helpers
// ---------------------------------------------------------------------------------------------------------

// Counted without encoding: Buffer.byteLength allocates nothing (lone surrogates count 3, as encoded).
const blen = (s: string): number => Buffer.byteLength(s, 'utf8');

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
/** strconv.Quote / fmt %q */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x80) {
      const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
      out += esc[cp] ?? '\\x' + cp.toString(16).padStart(2, '0');
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** %#v of map[string]string (keys sorted, as fmt does). */
function goMapSS(m: Record<string, string> | undefined): string {
  if (m === undefined) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k])}`).join(', ')}}`;
}
/** %#v of []string */
function goSliceS(xs: string[] | undefined): string {
  if (xs === undefined) return '[]string(nil)';
  return `[]string{${xs.map(goQuote).join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------------------
// field.Error (apimachinery/pkg/util/validation/field/errors.go)
// ---------------------------------------------------------------------------------------------------------

type BadValue = { k: 'str'; v: string } | { k: 'num'; v: number | bigint } | { k: 'bool'; v: boolean } | { k: 'go'; v: string };
type ErrType = 'Required' | 'Forbidden' | 'TooLong' | 'Invalid' | 'NotSupported' | 'Duplicate' | 'NotFound' | 'TooMany';
interface FieldError { type: ErrType; field: string; value?: BadValue; detail: string }

const TYPE_TEXT: Record<ErrType, string> = {
  Required: 'Required value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  NotFound: 'Not found',
  TooMany: 'Too many',
};

function renderValue(v: BadValue): string {
  switch (v.k) {
    case 'str': return goQuote(v.v);
    case 'num': return String(v.v);
    case 'bool': return String(v.v);
    case 'go': return v.v;
  }
}

/** (*field.Error).Error() */
function errorText(e: FieldError): string {
  let s: string;
  if (e.type === 'Required' || e.type === 'Forbidden' || e.type === 'TooLong' || e.value === undefined) s = TYPE_TEXT[e.type];
  else s = `${TYPE_TEXT[e.type]}: ${renderValue(e.value)}`;
  if (e.detail.length !== 0) s += `: ${e.detail}`;
  return `${e.field}: ${s}`;
}

const S = (v: string): BadValue => ({ k: 'str', v });
const N = (v: number | bigint): BadValue => ({ k: 'num', v });
const G = (v: string): BadValue => ({ k: 'go', v });

class Errs {
  readonly list: FieldError[] = [];
  readonly warnings: { field?: string; message: string }[] = [];
  required(field: string, detail = ''): void {
    this.list.push({ type: 'Required', field, detail });
  }
  forbidden(field: string, detail: string): void {
    this.list.push({ type: 'Forbidden', field, detail });
  }
  tooLong(field: string, max: number): void {
    this.list.push({ type: 'TooLong', field, detail: `must have at most ${max} bytes` });
  }
  invalid(field: string, value: BadValue, detail: string): void {
    this.list.push({ type: 'Invalid', field, value, detail });
  }
  notSupported(field: string, value: BadValue, valid: string[]): void {
    this.list.push({ type: 'NotSupported', field, value, detail: valid.length ? 'supported values: ' + valid.map(goQuote).join(', ') : '' });
  }
  duplicate(field: string, value: BadValue): void {
    this.list.push({ type: 'Duplicate', field, value, detail: '' });
  }
  notFound(field: string, value: BadValue, detail = ''): void {
    this.list.push({ type: 'NotFound', field, value, detail });
  }
  tooMany(field: string, actual: number, max: number): void {
    this.list.push({ type: 'TooMany', field, value: N(actual), detail: `must have at most ${max} items` });
  }
  warn(message: string, field?: string): void {
    this.warnings.push({ field, message });
  }
}

// ---------------------------------------------------------------------------------------------------------
// apimachinery/pkg/util/validation
// ---------------------------------------------------------------------------------------------------------

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let m = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) m += ' or ';
    m += `'${e}', `;
  });
  return m + `regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number) => `must be no more than ${n} characters`;
const inclusiveRangeError = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`;

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_RE = new RegExp('^' + qualifiedNameFmt + '$');
const labelValueFmt = '(' + qualifiedNameFmt + ')?';
const LABEL_VALUE_RE = new RegExp('^' + labelValueFmt + '$');
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp('^' + dns1123LabelFmt + '$');
const dns1123SubdomainFmt = dns1123LabelFmt + '(\\.' + dns1123LabelFmt + ')*';
const DNS1123_SUBDOMAIN_RE = new RegExp('^' + dns1123SubdomainFmt + '$');
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_RE = new RegExp('^' + dns1035LabelFmt + '$');
const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_RE = new RegExp('^' + envVarNameFmt + '$');
const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY_RE = new RegExp('^' + configMapKeyFmt + '$');
const httpHeaderNameFmt = '[-A-Za-z0-9]+';
const HTTP_HEADER_NAME_RE = new RegExp('^' + httpHeaderNameFmt + '$');
const percentFmt = '[0-9]+%';
const PERCENT_RE = new RegExp('^' + percentFmt + '$');

/** validation.go:43 IsQualifiedName */
function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => 'prefix part ' + m));
  } else {
    return [
      'a qualified name ' + regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (blen(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!QUALIFIED_NAME_RE.test(name)) errs.push('name part ' + regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc'));
  return errs;
}

/** validation.go:167 IsValidLabelValue */
function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (blen(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", labelValueFmt, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** validation.go:188 IsDNS1123Label */
function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (blen(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", dns1123LabelFmt, 'my-name', '123-abc'));
  }
  return errs;
}

/** validation.go:215 IsDNS1123Subdomain */
function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (blen(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

/** validation.go:236 IsDNS1035Label */
function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (blen(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", dns1035LabelFmt, 'my-name', 'abc-123'));
  }
  return errs;
}

/** validation.go:284 IsValidPortNum */
function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** validation.go:334 IsValidPortName */
function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (blen(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port[0] === '-' || port[port.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** validation.go:415 IsEnvVarName (1.28: before RelaxedEnvironmentVariableValidation) */
function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!ENV_VAR_NAME_RE.test(value)) {
    errs.push(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit", envVarNameFmt, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

/** validation.go:431 IsConfigMapKey */
function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (blen(value) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY_RE.test(value)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  errs.push(...hasChDirPrefix(value));
  return errs;
}

function isHTTPHeaderName(value: string): string[] {
  return HTTP_HEADER_NAME_RE.test(value) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", httpHeaderNameFmt, 'X-Header-Name')];
}

/** generic.go maskTrailingDash - note: it drops two characters, as the Go code does. */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return name.slice(0, name.length - 2) + 'a';
  return name;
}
type NameFn = (name: string, prefix: boolean) => string[];
const nameIsDNSSubdomain: NameFn = (n, p) => isDNS1123Subdomain(p ? maskTrailingDash(n) : n);
const nameIsDNSLabel: NameFn = (n, p) => isDNS1123Label(p ? maskTrailingDash(n) : n);
const nameIsDNS1035Label: NameFn = (n, p) => isDNS1035Label(p ? maskTrailingDash(n) : n);

// ---------------------------------------------------------------------------------------------------------
// k8s.io/utils/net ParseIPSloppy (net.ParseIP that accepts leading zeros in IPv4 fields)
// ---------------------------------------------------------------------------------------------------------

interface IP { bytes: number[] } // 16 bytes; IPv4 as ::ffff:a.b.c.d

function parseIPv4Sloppy(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = parseInt(p, 10);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPSloppy(s: string): IP | undefined {
  if (s.includes('.') && !s.includes(':')) {
    const v4 = parseIPv4Sloppy(s);
    return v4 ? { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4] } : undefined;
  }
  if (!s.includes(':') || s.includes('%')) return undefined;
  const ip: number[] = new Array(16).fill(0);
  let rest = s;
  let ellipsis = -1;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return { bytes: ip };
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (!m) return undefined;
    if (rest.length > m[0].length && rest[m[0].length] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4Sloppy(rest);
      if (!v4) return undefined;
      ip.splice(i, 4, ...v4);
      i += 4;
      rest = '';
      break;
    }
    const n = parseInt(m[0], 16);
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return { bytes: ip };
}
const ipIs4 = (ip: IP) => ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;

function parseCIDRSloppy(s: string): boolean {
  const i = s.indexOf('/');
  if (i < 0) return false;
  const ip = parseIPSloppy(s.slice(0, i));
  if (!ip) return false;
  const bits = s.slice(i + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return parseInt(bits, 10) <= (ipIs4(ip) ? 32 : 128);
}

const IS_VALID_IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

// ---------------------------------------------------------------------------------------------------------
// resource.Quantity (apimachinery/pkg/api/resource)
// ---------------------------------------------------------------------------------------------------------

type QFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
/** value = unscaled * 10^scale */
export interface Quantity { unscaled: bigint; scale: number; format: QFormat; s?: string; dec: boolean }

const ERR_FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";
const MAX_INT64 = 9223372036854775807n;

const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function interpretSuffix(suf: string): { base: 10 | 2; exp: number; format: QFormat } | undefined {
  if (suf in DEC_SUFFIX) return { base: 10, exp: DEC_SUFFIX[suf], format: 'DecimalSI' };
  if (suf in BIN_SUFFIX) return { base: 2, exp: BIN_SUFFIX[suf], format: 'BinarySI' };
  if (suf.length > 1 && (suf[0] === 'E' || suf[0] === 'e')) {
    if (!/^[+-]?[0-9]+$/.test(suf.slice(1))) return undefined;
    const n = BigInt(suf.slice(1));
    if (n > MAX_INT64 || n < -MAX_INT64 - 1n) return undefined;
    return { base: 10, exp: Number(BigInt.asIntN(32, n)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** quantity.go:158 parseQuantityString */
function parseQuantityString(str: string): { positive: boolean; value: string; num: string; denom: string; suffix: string } | { err: string } {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
  }
  for (let i = pos; ; i++) {
    if (i >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[i] === '0') pos++;
    else break;
  }
  let num = '';
  let i = pos;
  for (; ; i++) {
    if (i >= end) return { positive, value: str.slice(0, end), num: str.slice(pos, end), denom: '', suffix: '' };
    if (!(str[i] >= '0' && str[i] <= '9')) break;
  }
  num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    let j = pos;
    for (; ; j++) {
      if (j >= end) return { positive, value: str.slice(0, end), num, denom: str.slice(pos, end), suffix: '' };
      if (!(str[j] >= '0' && str[j] <= '9')) break;
    }
    denom = str.slice(pos, j);
    pos = j;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  for (let k = pos; ; k++) {
    if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!'eEinumkKMGTP'.includes(str[k])) {
      pos = k;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let k = pos; ; k++) {
    if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart, end) };
    if (!(str[k] >= '0' && str[k] <= '9')) break;
  }
  return { err: ERR_FORMAT_WRONG };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** quantity.go:275 ParseQuantity */
export function parseQuantity(str: string): Quantity | { err: string } {
  if (str.length === 0) return { err: ERR_FORMAT_WRONG };
  if (str === '0') return { unscaled: 0n, scale: 0, format: 'DecimalSI', s: str, dec: false };
  const p = parseQuantityString(str);
  if ('err' in p) return p;
  const sfx = interpretSuffix(p.suffix);
  if (!sfx) return { err: ERR_SUFFIX };
  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (sfx.format === 'DecimalExponent' || sfx.format === 'DecimalSI') {
    scale = sfx.exp;
    precision = 18 - (p.num.length + p.denom.length);
  } else if (sfx.exp >= 0 && p.denom.length === 0) {
    mantissa = 1n << BigInt(sfx.exp);
    precision = 15 - p.num.length - Math.trunc(Math.fround(sfx.exp) * 3 / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    scale -= p.denom.length;
    if (scale >= -9) {
      const shifted = p.num + p.denom;
      const value = BigInt(shifted);
      let result = value * mantissa;
      if (result <= MAX_INT64) {
        if (!p.positive) result = -result;
        let cached: string | undefined;
        if (sfx.format === 'BinarySI') {
          if (sfx.exp % 10 === 0 && (value & 7n) !== 0n) cached = str;
        } else if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') {
          cached = str;
        }
        return { unscaled: result, scale, format: sfx.format, s: cached, dec: false };
      }
    }
  }
  // slow path: inf.Dec arithmetic
  const v = p.value.replace(/^[+-]/, '');
  const dot = v.indexOf('.');
  const digits = (dot >= 0 ? v.slice(0, dot) + v.slice(dot + 1) : v) || '0';
  if (!/^[0-9]+$/.test(digits)) return { err: ERR_NUMERIC };
  let unscaled = BigInt(digits);
  let sc = dot >= 0 ? -(v.length - dot - 1) : 0;
  if (sfx.base === 10) sc += sfx.exp;
  else unscaled *= 1n << BigInt(sfx.exp);
  // round up (away from zero) to nano precision for non-zero values
  if (unscaled !== 0n && sc < -9) {
    const div = pow10(-9 - sc);
    const q = unscaled / div;
    unscaled = q * div === unscaled ? q : q + 1n;
    sc = -9;
  }
  let format = sfx.format;
  if (format === 'BinarySI' && cmpAbs(unscaled, sc, MAX_INT64, 0) > 0) {
    unscaled = MAX_INT64;
    sc = 0;
  }
  if (format === 'BinarySI' && unscaled !== 0n && cmpAbs(unscaled, sc, 1n, 0) < 0) format = 'DecimalSI';
  if (!p.positive) unscaled = -unscaled;
  return { unscaled, scale: sc, format, dec: true };
}

function cmpAbs(a: bigint, as: number, b: bigint, bs: number): number {
  const A = a < 0n ? -a : a;
  const B = b < 0n ? -b : b;
  return cmpRaw(A, as, B, bs);
}
function cmpRaw(a: bigint, as: number, b: bigint, bs: number): number {
  const m = Math.min(as, bs);
  const x = a * pow10(as - m);
  const y = b * pow10(bs - m);
  return x < y ? -1 : x > y ? 1 : 0;
}
export function qCmp(a: Quantity, b: Quantity): number {
  return cmpRaw(a.unscaled, a.scale, b.unscaled, b.scale);
}
const qSign = (q: Quantity) => (q.unscaled > 0n ? 1 : q.unscaled < 0n ? -1 : 0);

/** Round a value away from zero to the given decimal scale. */
function roundAway(unscaled: bigint, scale: number, to: number): [bigint, number] {
  if (scale >= to) return [unscaled, scale];
  const div = pow10(to - scale);
  const neg = unscaled < 0n;
  const abs = neg ? -unscaled : unscaled;
  let q = abs / div;
  if (q * div !== abs) q += 1n;
  return [neg ? -q : q, to];
}

/** q.RoundUp(Milli) as applied by SetDefaults_ResourceList. */
function roundUpMilli(q: Quantity): Quantity {
  if (!q.dec && q.scale >= -3) return q;
  const [u, s] = roundAway(q.unscaled, q.scale, -3);
  return { unscaled: u, scale: s, format: q.format, dec: q.dec };
}

/** ScaledValue(scale): rounds up. */
function qScaledValue(q: Quantity, scale: number): bigint {
  const [u, s] = roundAway(q.unscaled, q.scale, scale);
  return u * pow10(s - scale);
}

/** (*Quantity).String(): CanonicalizeBytes */
export function qString(q: Quantity): string {
  if (q.s !== undefined) return q.s;
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  let rounded: [bigint, number] | undefined;
  if (format === 'BinarySI') {
    if (cmpRaw(q.unscaled, q.scale, -1024n, 0) > 0 && cmpRaw(q.unscaled, q.scale, 1024n, 0) < 0) {
      format = 'DecimalSI';
    } else {
      rounded = roundAway(q.unscaled, q.scale, 0);
      if (cmpRaw(rounded[0], rounded[1], q.unscaled, q.scale) !== 0) format = 'DecimalSI';
    }
  }
  if (format === 'DecimalSI' || format === 'DecimalExponent') {
    let amount = q.unscaled;
    let exponent = q.scale;
    while (amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    while (exponent % 3 !== 0) {
      amount *= 10n;
      exponent--;
    }
    let suffix = '';
    if (format === 'DecimalSI') {
      const found = Object.entries(DEC_SUFFIX).find(([, e]) => e === exponent);
      suffix = found ? found[0] : '';
    } else if (exponent !== 0) {
      suffix = 'e' + exponent;
    }
    return amount.toString() + suffix;
  }
  let [amount, sc] = rounded!;
  amount *= pow10(sc);
  let exp = 0;
  while (amount !== 0n && amount % 1024n === 0n) {
    amount /= 1024n;
    exp++;
  }
  const suffix = Object.entries(BIN_SUFFIX).find(([, e]) => e === exp * 10)?.[0] ?? '';
  return amount.toString() + suffix;
}

/** %#v of a resource.Quantity value (approximation of Go's struct rendering; the layout is internal). */
function goQuantity(q: Quantity): string {
  const s = q.s !== undefined ? goQuote(q.s) : '""';
  if (q.dec) return `resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0xc000000000)}, s:${s}, Format:${goQuote(q.format)}}`;
  return `resource.Quantity{i:resource.int64Amount{value:${q.unscaled}, scale:${q.scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${s}, Format:${goQuote(q.format)}}`;
}

// ---------------------------------------------------------------------------------------------------------
// JSON accessors (the API server decodes case-sensitively; absent and null are the same)
// ---------------------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const obj = (o: unknown, k: string): Obj | undefined => (isObj(o) && isObj(o[k]) ? (o[k] as Obj) : undefined);
const has = (o: unknown, k: string): boolean => isObj(o) && o[k] !== undefined && o[k] !== null;
const str = (o: unknown, k: string): string => (isObj(o) && typeof o[k] === 'string' ? (o[k] as string) : '');
const optStr = (o: unknown, k: string): string | undefined => (isObj(o) && typeof o[k] === 'string' ? (o[k] as string) : undefined);
const num = (o: unknown, k: string): number | undefined => (isObj(o) && typeof o[k] === 'number' ? (o[k] as number) : undefined);
const bool = (o: unknown, k: string): boolean | undefined => (isObj(o) && typeof o[k] === 'boolean' ? (o[k] as boolean) : undefined);
const arr = (o: unknown, k: string): unknown[] => (isObj(o) && Array.isArray(o[k]) ? (o[k] as unknown[]) : []);
const objArr = (o: unknown, k: string): Obj[] => arr(o, k).map((x) => (isObj(x) ? x : {}));
const strArr = (o: unknown, k: string): string[] => arr(o, k).map((x) => (typeof x === 'string' ? x : ''));
/** map[string]string; undefined when absent (nil). */
function strMap(o: unknown, k: string): Record<string, string> | undefined {
  const m = obj(o, k);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(m)) out[key] = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  return out;
}

/** intstr.IntOrString */
interface IntOrString { type: 0 | 1; intVal: number; strVal: string }
function intOrStr(v: unknown): IntOrString | undefined {
  if (typeof v === 'number') return { type: 0, intVal: v, strVal: '' };
  if (typeof v === 'string') return { type: 1, intVal: 0, strVal: v };
  return undefined;
}
const goIntOrString = (x: IntOrString) => `intstr.IntOrString{Type:${x.type}, IntVal:${x.intVal}, StrVal:${goQuote(x.strVal)}}`;
/** (*IntOrString).IntValue(): strings are parsed with Atoi (0 on error). */
function intOrStrValue(x: IntOrString): number {
  if (x.type === 1) return /^[+-]?[0-9]+$/.test(x.strVal) ? parseInt(x.strVal, 10) : 0;
  return x.intVal;
}

// ---------------------------------------------------------------------------------------------------------
// Decoding errors (resource.Quantity is parsed during JSON decoding)
// ---------------------------------------------------------------------------------------------------------

class DecodeError extends Error {
  constructor(readonly field: string, msg: string) {
    super(msg);
  }
}

function quantityOf(v: unknown, field: string): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  let s: string;
  if (typeof v === 'string') s = v.trim();
  else if (typeof v === 'number') s = String(v);
  else throw new DecodeError(field, ERR_FORMAT_WRONG);
  const q = parseQuantity(s);
  if ('err' in q) throw new DecodeError(field, q.err);
  return q;
}

// ---------------------------------------------------------------------------------------------------------
// ObjectMeta (apimachinery/pkg/api/validation/objectmeta.go, core ValidateObjectMeta)
// ---------------------------------------------------------------------------------------------------------

/** meta/v1/validation ValidateLabels */
function validateLabels(e: Errs, labels: Record<string, string> | undefined, path: string): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) e.invalid(path, S(k), m);
    for (const m of isValidLabelValue(v)) e.invalid(path, S(v), m);
  }
}

/** objectmeta.go:44 ValidateAnnotations */
function validateAnnotations(e: Errs, annotations: Record<string, string> | undefined, path: string): void {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) e.invalid(path, S(k), m);
    total += blen(k) + blen(v);
  }
  if (total > 256 * 1024) e.tooLong(path, 256 * 1024);
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function validateObjectMeta(e: Errs, meta: Obj, nameFn: NameFn, namespaced: boolean, path = 'metadata'): void {
  const generateName = str(meta, 'generateName');
  if (generateName.length !== 0) for (const m of nameFn(generateName, true)) e.invalid(`${path}.generateName`, S(generateName), m);
  let name = str(meta, 'name');
  // rest.BeforeCreate generates the name (generateName + 5 random characters, base truncated to 58) before validation
  if (name.length === 0 && generateName.length !== 0) name = (generateName.length > 58 ? generateName.slice(0, 58) : generateName) + 'x7k2q';
  if (name.length === 0) e.required(`${path}.name`, 'name or generateName is required');
  else for (const m of nameFn(name, false)) e.invalid(`${path}.name`, S(name), m);
  const ns = optStr(meta, 'namespace');
  if (namespaced && ns !== undefined && ns.length !== 0) {
    // Namespaced kinds: an empty namespace is filled from the request; cluster-scoped kinds get theirs cleared.
    for (const m of nameIsDNSLabel(ns, false)) e.invalid(`${path}.namespace`, S(ns), m);
  }
  const generation = num(meta, 'generation');
  if (generation !== undefined && generation < 0) e.invalid(`${path}.generation`, N(generation), 'must be greater than or equal to 0');
  validateLabels(e, strMap(meta, 'labels'), `${path}.labels`);
  validateAnnotations(e, strMap(meta, 'annotations'), `${path}.annotations`);
  // ownerReferences
  let firstController = '';
  objArr(meta, 'ownerReferences').forEach((ref) => {
    const p = `${path}.ownerReferences`;
    const apiVersion = str(ref, 'apiVersion');
    const kind = str(ref, 'kind');
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version.length === 0) e.invalid(`${p}.apiVersion`, S(apiVersion), 'version must not be empty');
    if (kind.length === 0) e.invalid(`${p}.kind`, S(kind), 'kind must not be empty');
    if (str(ref, 'name').length === 0) e.invalid(`${p}.name`, S(''), 'name must not be empty');
    if (str(ref, 'uid').length === 0) e.invalid(`${p}.uid`, S(''), 'uid must not be empty');
    if (bool(ref, 'controller') === true) {
      const cur = `${kind}/${str(ref, 'name')}`;
      if (firstController !== '') {
        e.invalid(p, G('[]v1.OwnerReference{...}'), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`);
      } else firstController = cur;
    }
  });
  // finalizers
  const finalizers = strArr(meta, 'finalizers');
  finalizers.forEach((f) => {
    for (const m of isQualifiedName(f)) e.invalid(`${path}.finalizers`, S(f), m);
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    e.invalid(`${path}.finalizers`, G(goSliceS(finalizers)), 'finalizer orphan and foregroundDeletion cannot be both set');
  }
  finalizers.forEach((f, i) => {
    if (f.split('/').length === 1 && !STANDARD_FINALIZERS.has(f)) {
      e.invalid(`${path}.finalizers[${i}]`, S(f), 'name is neither a standard finalizer name nor is it fully qualified');
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Label selectors (meta/v1/validation, labels.Selector)
// ---------------------------------------------------------------------------------------------------------

interface Selector { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }

function selectorOf(v: unknown): Selector | undefined {
  if (!isObj(v)) return undefined;
  const exprs = has(v, 'matchExpressions')
    ? objArr(v, 'matchExpressions').map((x) => ({ key: str(x, 'key'), operator: str(x, 'operator'), values: has(x, 'values') ? strArr(x, 'values') : undefined }))
    : undefined;
  return { matchLabels: strMap(v, 'matchLabels'), matchExpressions: exprs };
}

function goLabelSelector(sel: Selector): string {
  const exprs = sel.matchExpressions === undefined
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((r) => `v1.LabelSelectorRequirement{Key:${goQuote(r.key)}, Operator:${goQuote(r.operator)}, Values:${goSliceS(r.values)}}`).join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goMapSS(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}

function validateLabelSelector(e: Errs, sel: Selector | undefined, path: string): void {
  if (!sel) return;
  validateLabels(e, sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = r.values ?? [];
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (values.length === 0) e.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (values.length > 0) e.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else {
      e.invalid(`${p}.operator`, S(r.operator), 'not a valid selector operator');
    }
    for (const m of isQualifiedName(r.key)) e.invalid(`${p}.key`, S(r.key), m);
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) e.invalid(`${p}.values[${j}]`, S(v), m);
    });
  });
}

type LabelMatcher = { empty: boolean; matches: (l: Record<string, string>) => boolean } | { error: true };
/** metav1.LabelSelectorAsSelector */
function selectorAsMatcher(sel: Selector | undefined): LabelMatcher {
  if (!sel) return { empty: false, matches: () => false }; // labels.Nothing()
  const ml = Object.entries(sel.matchLabels ?? {});
  const me = sel.matchExpressions ?? [];
  if (ml.length + me.length === 0) return { empty: true, matches: () => true }; // labels.Everything()
  for (const [k, v] of ml) if (isQualifiedName(k).length || isValidLabelValue(v).length) return { error: true };
  for (const r of me) {
    const values = r.values ?? [];
    if (isQualifiedName(r.key).length) return { error: true };
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (values.length === 0) return { error: true };
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (values.length !== 0) return { error: true };
    } else return { error: true };
    if (values.some((v) => isValidLabelValue(v).length)) return { error: true };
  }
  return {
    empty: false,
    matches: (l) =>
      ml.every(([k, v]) => l[k] === v) &&
      me.every((r) => {
        const present = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.operator) {
          case 'In': return present && (r.values ?? []).includes(l[r.key]);
          case 'NotIn': return !present || !(r.values ?? []).includes(l[r.key]);
          case 'Exists': return present;
          default: return !present;
        }
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Pod spec (pkg/apis/core/validation/validation.go)
// ---------------------------------------------------------------------------------------------------------

interface PodOpts {
  /** ValidatePodCreate (true) vs a pod template embedded in a workload (false). */
  resourceIsPod: boolean;
  podName?: string;
}

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';

function isAbsPath(p: string): boolean {
  return p.startsWith('/');
}

/** validation.go:1214 validatePathNoBacksteps */
function validatePathNoBacksteps(e: Errs, target: string, path: string): void {
  if (target.split('/').includes('..')) e.invalid(path, S(target), "must not contain '..'");
}
/** validation.go:1199 validateLocalDescendingPath */
function validateLocalDescendingPath(e: Errs, target: string, path: string): void {
  if (isAbsPath(target)) e.invalid(path, S(target), 'must be a relative path');
  validatePathNoBacksteps(e, target, path);
}
/** validation.go:1258 validateLocalNonReservedPath */
function validateLocalNonReservedPath(e: Errs, target: string, path: string): void {
  validateLocalDescendingPath(e, target, path);
  if (target.startsWith('..') && !target.startsWith('../')) e.invalid(path, S(target), "must not start with '..'");
}

function validateKeyToPath(e: Errs, kp: Obj, path: string): void {
  if (str(kp, 'key').length === 0) e.required(`${path}.key`);
  if (str(kp, 'path').length === 0) e.required(`${path}.path`);
  validateLocalNonReservedPath(e, str(kp, 'path'), `${path}.path`);
  const mode = num(kp, 'mode');
  if (mode !== undefined && (mode > 0o777 || mode < 0)) e.invalid(`${path}.mode`, N(mode), FILE_MODE_MSG);
}

const VALID_VOLUME_DOWNWARD_API_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const VALID_ENV_DOWNWARD_API_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VALID_RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const CONVERTIBLE_FIELD_LABELS = new Set(['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs']);

/** fieldpath.SplitMaybeSubscriptedPath */
function splitSubscripted(fp: string): [string, string] | undefined {
  if (!fp.endsWith("']")) return undefined;
  const s = fp.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return undefined;
  return [s.slice(0, i), s.slice(i + 2)];
}

/** validation.go:2489 validateObjectFieldSelector (+ validateDownwardAPIHostIPs with PodHostIPs disabled in 1.28) */
function validateObjectFieldSelector(e: Errs, fs: Obj, expressions: string[], path: string): void {
  const apiVersion = str(fs, 'apiVersion') || 'v1'; // SetDefaults_ObjectFieldSelector
  const fieldPath = str(fs, 'fieldPath');
  if (fieldPath.length === 0) return e.required(`${path}.fieldPath`);
  let convErr: string | undefined;
  const sub = splitSubscripted(fieldPath);
  if (apiVersion !== 'v1') convErr = `unsupported pod version: ${apiVersion}`;
  else if (sub) {
    if (sub[0] !== 'metadata.annotations' && sub[0] !== 'metadata.labels') convErr = `field label does not support subscript: ${fieldPath}`;
  } else if (!CONVERTIBLE_FIELD_LABELS.has(fieldPath) && fieldPath !== 'spec.host') convErr = `field label not supported: ${fieldPath}`;
  if (convErr) return e.invalid(`${path}.fieldPath`, S(fieldPath), `error converting fieldPath: ${convErr}`);
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  const sub2 = splitSubscripted(internal);
  if (sub2) {
    if (sub2[0] === 'metadata.annotations') for (const m of isQualifiedName(sub2[1].toLowerCase())) e.invalid(path, S(sub2[1].toLowerCase()), m);
    else if (sub2[0] === 'metadata.labels') for (const m of isQualifiedName(sub2[1])) e.invalid(path, S(sub2[1]), m);
    else e.invalid(path, S(sub2[0]), 'does not support subscript');
  } else if (!expressions.includes(internal)) {
    return e.notSupported(`${path}.fieldPath`, S(internal), expressions);
  }
  if (fieldPath === 'status.hostIPs') e.forbidden(path, "may not be set when feature gate 'PodHostIPs' is not enabled");
}

const MEMORY_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
function validateResourceFieldSelector(e: Errs, fs: Obj, path: string, volume: boolean): void {
  const resource = str(fs, 'resource');
  if (volume && str(fs, 'containerName').length === 0) e.required(`${path}.containerName`);
  else if (resource.length === 0) e.required(`${path}.resource`);
  else if (!VALID_RESOURCE_FIELD_PATHS.includes(resource) && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    e.notSupported(`${path}.resource`, S(resource), VALID_RESOURCE_FIELD_PATHS);
  }
  const divisor = quantityOf((fs as Obj)['divisor'], `${path}.divisor`);
  if (!divisor || divisor.unscaled === 0n) return;
  const d = qString(divisor);
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && d !== '1m' && d !== '1') {
    e.invalid(`${path}.divisor`, S(resource), "only divisor's values 1m and 1 are supported with the cpu resource");
  }
  if ((resource === 'limits.memory' || resource === 'requests.memory') && !MEMORY_DIVISORS.has(d)) {
    e.invalid(`${path}.divisor`, S(resource), "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource");
  }
  if ((resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') && !MEMORY_DIVISORS.has(d)) {
    e.invalid(`${path}.divisor`, S(resource), "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource");
  }
  if ((resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) && !MEMORY_DIVISORS.has(d)) {
    e.invalid(`${path}.divisor`, S(resource), "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource");
  }
}

function validateDownwardAPIFile(e: Errs, file: Obj, path: string): void {
  if (str(file, 'path').length === 0) e.required(`${path}.path`);
  validateLocalNonReservedPath(e, str(file, 'path'), `${path}.path`);
  const fieldRef = obj(file, 'fieldRef');
  if (fieldRef) {
    validateObjectFieldSelector(e, fieldRef, VALID_VOLUME_DOWNWARD_API_PATHS, `${path}.fieldRef`);
    if (has(file, 'resourceFieldRef')) e.invalid(path, S('resource'), 'fieldRef and resourceFieldRef can not be specified simultaneously');
  } else if (obj(file, 'resourceFieldRef')) {
    validateResourceFieldSelector(e, obj(file, 'resourceFieldRef')!, `${path}.resourceFieldRef`, true);
  } else {
    e.required(path, 'one of fieldRef and resourceFieldRef is required');
  }
  const mode = num(file, 'mode');
  if (mode !== undefined && (mode > 0o777 || mode < 0)) e.invalid(`${path}.mode`, N(mode), FILE_MODE_MSG);
}

const SUPPORTED_HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
/** Volume source keys in the order validateVolumeSource visits them, with the path segment it reports. */
const VOLUME_SOURCES: [string, string][] = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'],
  ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'], ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
];

/** validation.go:486 validateVolumeSource (the common sources are validated in depth; see RULES.md) */
function validateVolumeSource(e: Errs, vol: Obj, path: string, volName: string, podName: string | undefined): void {
  let count = 0;
  for (const [key, seg] of VOLUME_SOURCES) {
    const src = obj(vol, key);
    if (!src) continue;
    if (count > 0) {
      e.forbidden(`${path}.${seg}`, 'may not specify more than 1 volume type');
      continue;
    }
    count++;
    const p = `${path}.${key}`;
    switch (key) {
      case 'emptyDir': {
        const sl = quantityOf(src['sizeLimit'], `${p}.sizeLimit`);
        if (sl && qSign(sl) < 0) e.forbidden(`${p}.sizeLimit`, 'SizeLimit field must be a valid resource quantity');
        break;
      }
      case 'hostPath': {
        const hp = str(src, 'path');
        if (hp.length === 0) {
          e.required(`${p}.path`);
          break;
        }
        validatePathNoBacksteps(e, hp, `${p}.path`);
        const t = optStr(src, 'type');
        if (t !== undefined && !SUPPORTED_HOST_PATH_TYPES.includes(t)) e.notSupported(`${p}.type`, S(t), SUPPORTED_HOST_PATH_TYPES);
        break;
      }
      case 'gitRepo':
        if (str(src, 'repository').length === 0) e.required(`${p}.repository`);
        validateLocalDescendingPath(e, str(src, 'directory'), `${p}.directory`);
        break;
      case 'secret':
      case 'configMap': {
        const nameKey = key === 'secret' ? 'secretName' : 'name';
        if (str(src, nameKey).length === 0) e.required(`${p}.${nameKey}`);
        const mode = num(src, 'defaultMode');
        if (mode !== undefined && (mode > 0o777 || mode < 0)) e.invalid(`${p}.defaultMode`, N(mode), FILE_MODE_MSG);
        objArr(src, 'items').forEach((kp, i) => validateKeyToPath(e, kp, `${p}.items[${i}]`));
        break;
      }
      case 'nfs':
        if (str(src, 'server').length === 0) e.required(`${p}.server`);
        if (str(src, 'path').length === 0) e.required(`${p}.path`);
        if (!isAbsPath(str(src, 'path'))) e.invalid(`${p}.path`, S(str(src, 'path')), 'must be an absolute path');
        break;
      case 'persistentVolumeClaim':
        if (str(src, 'claimName').length === 0) e.required(`${p}.claimName`);
        break;
      case 'downwardAPI': {
        const mode = num(src, 'defaultMode');
        if (mode !== undefined && (mode > 0o777 || mode < 0)) e.invalid(`${p}.defaultMode`, N(mode), FILE_MODE_MSG);
        objArr(src, 'items').forEach((f) => validateDownwardAPIFile(e, f, p));
        break;
      }
      case 'projected': {
        const mode = num(src, 'defaultMode');
        if (mode !== undefined && (mode > 0o777 || mode < 0)) e.invalid(`${p}.defaultMode`, N(mode), FILE_MODE_MSG);
        const allPaths = new Set<string>();
        objArr(src, 'sources').forEach((source, i) => {
          const sp = `${p}.sources[${i}]`;
          let n = 0;
          for (const k of ['secret', 'configMap'] as const) {
            const ref = obj(source, k);
            if (!ref) continue;
            n++;
            if (str(ref, 'name').length === 0) e.required(`${sp}.${k}.name`);
            objArr(ref, 'items').forEach((kp, j) => {
              validateKeyToPath(e, kp, `${sp}.${k}.items[${j}]`);
              const kpPath = str(kp, 'path');
              if (kpPath.length > 0) {
                if (allPaths.has(kpPath)) e.invalid(p, S(str(ref, 'name')), 'conflicting duplicate paths');
                allPaths.add(kpPath);
              }
            });
          }
          const dapi = obj(source, 'downwardAPI');
          if (dapi) {
            n++;
            objArr(dapi, 'items').forEach((f) => {
              validateDownwardAPIFile(e, f, `${sp}.downwardAPI`);
              const fp = str(f, 'path');
              if (fp.length > 0) {
                if (allPaths.has(fp)) e.invalid(p, S(fp), 'conflicting duplicate paths');
                allPaths.add(fp);
              }
            });
          }
          const sat = obj(source, 'serviceAccountToken');
          if (sat) {
            n++;
            const exp = num(sat, 'expirationSeconds') ?? 3600; // SetDefaults_ServiceAccountTokenProjection
            if (exp < 600) e.invalid(`${sp}.serviceAccountToken.expirationSeconds`, N(exp), 'may not specify a duration less than 10 minutes');
            if (exp > 2 ** 32) e.invalid(`${sp}.serviceAccountToken.expirationSeconds`, N(exp), 'may not specify a duration larger than 2^32 seconds');
            if (str(sat, 'path') === '') e.required(`${p}.path`);
          }
          if (obj(source, 'clusterTrustBundle')) n++;
          if (n > 1) e.forbidden(sp, 'may not specify more than 1 volume type');
        });
        break;
      }
      case 'csi': {
        const driver = str(src, 'driver');
        if (driver.length === 0) e.required(`${p}.driver`);
        if (blen(driver) > 63) e.tooLong(`${p}.driver`, 63);
        for (const m of isDNS1123Subdomain(driver.toLowerCase())) e.invalid(`${p}.driver`, S(driver), m);
        const ref = obj(src, 'nodePublishSecretRef');
        if (ref) {
          if (str(ref, 'name').length === 0) e.required(`${p}.nodePublishSecretRef.name`);
          else for (const m of isDNS1123Subdomain(str(ref, 'name'))) e.invalid(`${p}.name`, S(str(ref, 'name')), m);
        }
        break;
      }
      case 'ephemeral': {
        const vct = obj(src, 'volumeClaimTemplate');
        if (!vct) e.required(`${p}.volumeClaimTemplate`);
        else {
          const md = obj(vct, 'metadata') ?? {};
          validateAnnotations(e, strMap(md, 'annotations'), `${p}.volumeClaimTemplate.metadata.annotations`);
          validateLabels(e, strMap(md, 'labels'), `${p}.volumeClaimTemplate.metadata.labels`);
        }
        if (podName && volName) {
          const pvc = `${podName}-${volName}`;
          for (const m of isDNS1123Subdomain(pvc)) e.invalid(`${path}.name`, S(volName), `PVC name ${goQuote(pvc)}: ${m}`);
        }
        break;
      }
      default:
        break; // other in-tree volume plugins: only the "one volume type" rule is checked here
    }
  }
  // SetDefaults_Volume turns a volume without any source into an emptyDir, so "must specify a volume type" cannot occur.
}

/** validation.go:387 ValidateVolumes: returns the names of the volumes that validated (IsMatchedVolume only sees those). */
function validateVolumes(e: Errs, volumes: Obj[], podName: string | undefined, path: string): Map<string, Obj> {
  const all = new Set<string>();
  const vols = new Map<string, Obj>();
  const createdPVCs = new Set<string>();
  if (podName) for (const v of volumes) if (has(v, 'ephemeral')) createdPVCs.add(`${podName}-${str(v, 'name')}`);
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    const name = str(v, 'name');
    const sub = new Errs();
    validateVolumeSource(sub, v, p, name, podName);
    if (name.length === 0) sub.required(`${p}.name`);
    else for (const m of isDNS1123Label(name)) sub.invalid(`${p}.name`, S(name), m);
    if (all.has(name)) sub.duplicate(`${p}.name`, S(name));
    if (sub.list.length === 0) {
      all.add(name);
      vols.set(name, v);
    } else {
      e.list.push(...sub.list);
    }
    const claim = str(obj(v, 'persistentVolumeClaim'), 'claimName');
    if (has(v, 'persistentVolumeClaim') && createdPVCs.has(claim)) {
      e.invalid(`${p}.persistentVolumeClaim.claimName`, S(claim), 'must not reference a PVC that gets created for an ephemeral volume');
    }
  });
  return vols;
}

const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateContainerPorts(e: Errs, ports: Obj[], path: string): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    const name = str(port, 'name');
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) e.invalid(`${p}.name`, S(name), m);
      else if (names.has(name)) e.duplicate(`${p}.name`, S(name));
      else names.add(name);
    }
    const cp = num(port, 'containerPort') ?? 0;
    if (cp === 0) e.required(`${p}.containerPort`);
    else for (const m of isValidPortNum(cp)) e.invalid(`${p}.containerPort`, N(cp), m);
    const hp = num(port, 'hostPort') ?? 0;
    if (hp !== 0) for (const m of isValidPortNum(hp)) e.invalid(`${p}.hostPort`, N(hp), m);
    const protocol = str(port, 'protocol') || 'TCP'; // SetDefaults_ContainerPort
    if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) e.notSupported(`${p}.protocol`, S(protocol), SUPPORTED_PORT_PROTOCOLS);
  });
}

function validateEnv(e: Errs, env: Obj[], path: string): void {
  env.forEach((ev, i) => {
    const p = `${path}[${i}]`;
    const name = str(ev, 'name');
    if (name.length === 0) e.required(`${p}.name`);
    else for (const m of isEnvVarName(name)) e.invalid(`${p}.name`, S(name), m);
    const vf = obj(ev, 'valueFrom');
    if (!vf) return;
    const vp = `${p}.valueFrom`;
    let n = 0;
    const fieldRef = obj(vf, 'fieldRef');
    if (fieldRef) {
      n++;
      validateObjectFieldSelector(e, fieldRef, VALID_ENV_DOWNWARD_API_PATHS, `${vp}.fieldRef`);
    }
    const rf = obj(vf, 'resourceFieldRef');
    if (rf) {
      n++;
      validateResourceFieldSelector(e, rf, `${vp}.resourceFieldRef`, false);
    }
    for (const k of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = obj(vf, k);
      if (!ref) continue;
      n++;
      const rn = str(ref, 'name');
      for (const m of isDNS1123Subdomain(rn)) e.invalid(`${vp}.${k}.name`, S(rn), m);
      const key = str(ref, 'key');
      if (key.length === 0) e.required(`${vp}.${k}.key`);
      else for (const m of isConfigMapKey(key)) e.invalid(`${vp}.${k}.key`, S(key), m);
    }
    if (n === 0) e.invalid(vp, S(''), 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    else if (str(ev, 'value').length !== 0) e.invalid(vp, S(''), 'may not be specified when `value` is not empty');
    else if (n > 1) e.invalid(vp, S(''), 'may not have more than one field specified at a time');
  });
}

function validateEnvFrom(e: Errs, envFrom: Obj[], path: string): void {
  envFrom.forEach((ev, i) => {
    const p = `${path}[${i}]`;
    const prefix = str(ev, 'prefix');
    if (prefix.length > 0) for (const m of isEnvVarName(prefix)) e.invalid(`${p}.prefix`, S(prefix), m);
    let n = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      const ref = obj(ev, k);
      if (!ref) continue;
      n++;
      const rn = str(ref, 'name');
      if (rn.length === 0) e.required(`${p}.${k}.name`);
      else for (const m of nameIsDNSSubdomain(rn, true)) e.invalid(`${p}.${k}.name`, S(rn), m);
    }
    if (n === 0) e.invalid(path, S(''), 'must specify one of: `configMapRef` or `secretRef`');
    else if (n > 1) e.invalid(path, S(''), 'may not have more than one field specified at a time');
  });
}

function validateVolumeMounts(e: Errs, ctr: Obj, volumes: Map<string, Obj>, path: string): void {
  const mounts = objArr(ctr, 'volumeMounts');
  const devices = objArr(ctr, 'volumeDevices');
  const devByName = new Map(devices.map((d) => [str(d, 'name'), str(d, 'devicePath')]));
  const mountPoints = new Set<string>();
  const privileged = bool(obj(ctr, 'securityContext'), 'privileged') === true;
  mounts.forEach((m, i) => {
    const p = `${path}[${i}]`;
    const name = str(m, 'name');
    const mountPath = str(m, 'mountPath');
    if (name.length === 0) e.required(`${p}.name`);
    if (!volumes.has(name)) e.notFound(`${p}.name`, S(name));
    if (mountPath.length === 0) e.required(`${p}.mountPath`);
    if (mountPoints.has(mountPath)) e.invalid(`${p}.mountPath`, S(mountPath), 'must be unique');
    mountPoints.add(mountPath);
    if (devByName.has(name)) e.invalid(`${p}.name`, S(name), 'must not already exist in volumeDevices');
    if ([...devByName.values()].includes(mountPath)) e.invalid(`${p}.mountPath`, S(mountPath), 'must not already exist as a path in volumeDevices');
    const subPath = str(m, 'subPath');
    if (subPath.length > 0) validateLocalDescendingPath(e, subPath, `${path}.subPath`);
    const subPathExpr = str(m, 'subPathExpr');
    if (subPathExpr.length > 0) {
      if (subPath.length > 0) e.invalid(`${p}.subPathExpr`, S(subPathExpr), 'subPathExpr and subPath are mutually exclusive');
      validateLocalDescendingPath(e, subPathExpr, `${path}.subPathExpr`);
    }
    const prop = optStr(m, 'mountPropagation');
    if (prop !== undefined) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(prop)) e.notSupported(`${path}.mountPropagation`, S(prop), supported);
      if (prop === 'Bidirectional' && !privileged) e.forbidden(`${path}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers');
    }
  });
  const mountByName = new Map(mounts.map((m) => [str(m, 'name'), str(m, 'mountPath')]));
  const devPaths = new Set<string>();
  const devNames = new Set<string>();
  devices.forEach((d, i) => {
    const p = `${path.replace(/volumeMounts$/, 'volumeDevices')}[${i}]`;
    const name = str(d, 'name');
    const devPath = str(d, 'devicePath');
    const vol = volumes.get(name);
    if (name.length === 0) e.required(`${p}.name`);
    if (devNames.has(name)) e.invalid(`${p}.name`, S(name), 'must be unique');
    if (vol && !has(vol, 'persistentVolumeClaim') && !has(vol, 'ephemeral')) {
      e.invalid(`${p}.name`, S(name), 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode');
    }
    if (!vol) e.notFound(`${p}.name`, S(name));
    if (devPath.length === 0) e.required(`${p}.devicePath`);
    if (devPaths.has(devPath)) e.invalid(`${p}.devicePath`, S(devPath), 'must be unique');
    if (devPath.length > 0 && devPath.split('/').includes('..')) e.invalid(`${p}.devicePath`, S(devPath), "can not contain backsteps ('..')");
    else devPaths.add(devPath);
    if (mountByName.has(name)) e.invalid(`${p}.name`, S(name), 'must not already exist in volumeMounts');
    if ([...mountByName.values()].includes(devPath)) e.invalid(`${p}.devicePath`, S(devPath), 'must not already exist as a path in volumeMounts');
    if (name.length > 0) devNames.add(name);
  });
}

// -- resources (validation.go:5908-5945, 6291-6405; helper/helpers.go) --

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers']);
const INTEGER_RESOURCES = new Set(['pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNativeResource = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');
const isExtendedResource = (n: string) => !isNativeResource(n) && !n.startsWith('requests.') && isQualifiedName('requests.' + n).length === 0;
const isOvercommitAllowed = (n: string) => isNativeResource(n) && !isHugePages(n);

function validateContainerResourceName(e: Errs, name: string, path: string): void {
  const sub = new Errs();
  for (const m of isQualifiedName(name)) sub.invalid(path, S(name), m);
  if (sub.list.length === 0 && name.split('/').length === 1 && !(STANDARD_RESOURCES.has(name) || isHugePages(name) || name.startsWith('requests.hugepages-'))) {
    sub.invalid(path, S(name), 'must be a standard resource type or fully qualified');
  }
  e.list.push(...sub.list);
  if (name.split('/').length === 1) {
    if (!(name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || isHugePages(name))) e.invalid(path, S(name), 'must be a standard resource for containers');
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    e.invalid(path, S(name), "doesn't follow extended resource name standard");
  }
}

function validateResourceQuantityValue(e: Errs, name: string, q: Quantity, path: string): void {
  if (qSign(q) < 0) e.invalid(path, S(qString(q)), 'must be greater than or equal to 0');
  if (INTEGER_RESOURCES.has(name) || isExtendedResource(name)) {
    if (qScaledValue(q, -3) % 1000n !== 0n) e.invalid(path, G(goQuantity(q)), 'must be an integer');
  }
}

function hugePageError(name: string, q: Quantity): string | undefined {
  const page = parseQuantity(name.slice('hugepages-'.length));
  let divisible = false;
  if (!('err' in page) && qSign(page) > 0 && qScaledValue(page, -3) % 1000n === 0n) {
    divisible = qScaledValue(q, 0) % qScaledValue(page, 0) === 0n;
  }
  return divisible ? undefined : `${qString(q)} is not positive integer multiple of ${name}`;
}

function readResourceList(o: Obj | undefined, path: string): Map<string, Quantity> | undefined {
  if (!o) return undefined;
  const out = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(o)) {
    const q = quantityOf(v, `${path}[${k}]`);
    if (q) out.set(k, roundUpMilli(q)); // SetDefaults_ResourceList rounds up to milli precision
  }
  return out;
}

function validateResourceRequirements(e: Errs, res: Obj | undefined, podClaims: Set<string>, path: string, defaultRequestsFromLimits: boolean): void {
  const limits = readResourceList(obj(res, 'limits'), `${path}.limits`) ?? new Map<string, Quantity>();
  let requests = readResourceList(obj(res, 'requests'), `${path}.requests`) ?? new Map<string, Quantity>();
  if (defaultRequestsFromLimits && limits.size > 0) {
    requests = new Map(requests);
    for (const [k, v] of limits) if (!requests.has(k)) requests.set(k, v); // SetDefaults_Pod
  }
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  let limCpuMem = false;
  let reqCpuMem = false;
  let limHuge = false;
  let reqHuge = false;
  for (const [name, q] of limits) {
    const fp = `${limPath}[${name}]`;
    validateContainerResourceName(e, name, fp);
    validateResourceQuantityValue(e, name, q, fp);
    if (isHugePages(name)) {
      limHuge = true;
      const he = hugePageError(name, q);
      if (he) e.invalid(fp, S(qString(q)), he);
    }
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, q] of requests) {
    const fp = `${reqPath}[${name}]`;
    validateContainerResourceName(e, name, fp);
    validateResourceQuantityValue(e, name, q, fp);
    const lim = limits.get(name);
    if (lim) {
      if (qCmp(q, lim) !== 0 && !isOvercommitAllowed(name)) {
        e.invalid(reqPath, S(qString(q)), `must be equal to ${name} limit of ${qString(lim)}`);
      } else if (qCmp(q, lim) > 0) {
        e.invalid(reqPath, S(qString(q)), `must be less than or equal to ${name} limit of ${qString(lim)}`);
      }
    } else if (!isOvercommitAllowed(name)) {
      e.required(limPath, 'Limit must be set for non overcommitable resources');
    }
    if (isHugePages(name)) {
      reqHuge = true;
      const he = hugePageError(name, q);
      if (he) e.invalid(fp, S(qString(q)), he);
    }
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge)) e.forbidden(path, 'HugePages require cpu or memory');
  const names = new Set<string>();
  objArr(res, 'claims').forEach((c, i) => {
    const name = str(c, 'name');
    if (name === '') return e.required(`${path}.claims[${i}]`);
    if (names.has(name)) e.duplicate(`${path}.claims[${i}]`, S(name));
    else names.add(name);
    if (!podClaims.has(name)) {
      const list = [...podClaims].sort();
      e.notFound(`${path}.claims[${i}]`, S(name), 'must be one of the names in pod.spec.resourceClaims' + (list.length === 0 ? ' which is empty' : ': ' + list.join(', ')));
    }
  });
}

// -- probes, handlers (validation.go:2862-3121) --

function validatePortNumOrName(e: Errs, v: unknown, path: string): void {
  const p = intOrStr(v) ?? { type: 0 as const, intVal: 0, strVal: '' };
  if (p.type === 0) for (const m of isValidPortNum(p.intVal)) e.invalid(path, N(p.intVal), m);
  else for (const m of isValidPortName(p.strVal)) e.invalid(path, S(p.strVal), m);
}

function validateHandler(e: Errs, h: Obj, path: string, allowGRPC: boolean): void {
  let n = 0;
  const kinds: [string, (x: Obj, p: string) => void][] = [
    ['exec', (x, p) => {
      if (strArr(x, 'command').length === 0) e.required(`${p}.command`);
    }],
    ['httpGet', (x, p) => {
      // SetDefaults_HTTPGetAction: path "/" and scheme HTTP
      validatePortNumOrName(e, x['port'], `${p}.port`);
      const scheme = str(x, 'scheme') || 'HTTP';
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') e.notSupported(`${p}.scheme`, S(scheme), ['HTTP', 'HTTPS']);
      objArr(x, 'httpHeaders').forEach((hh) => {
        for (const m of isHTTPHeaderName(str(hh, 'name'))) e.invalid(`${p}.httpHeaders`, S(str(hh, 'name')), m);
      });
    }],
    ['tcpSocket', (x, p) => validatePortNumOrName(e, x['port'], `${p}.port`)],
  ];
  if (allowGRPC) kinds.push(['grpc', (x, p) => validatePortNumOrName(e, num(x, 'port') ?? 0, `${p}.port`)]);
  for (const [k, f] of kinds) {
    const x = obj(h, k);
    if (!x) continue;
    if (n > 0) {
      e.forbidden(`${path}.${k}`, 'may not specify more than 1 handler type');
      continue;
    }
    n++;
    f(x, `${path}.${k}`);
  }
  if (n === 0) e.required(path, 'must specify a handler type');
}

function validateProbe(e: Errs, probe: Obj | undefined, path: string, kind: 'liveness' | 'readiness' | 'startup'): void {
  if (!probe) return;
  validateHandler(e, probe, path, true);
  // SetDefaults_Probe: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3
  const field = (k: string, d: number) => {
    const v = num(probe, k);
    return v === undefined || v === 0 ? d : v;
  };
  const checks: [string, number][] = [
    ['initialDelaySeconds', num(probe, 'initialDelaySeconds') ?? 0], ['timeoutSeconds', field('timeoutSeconds', 1)],
    ['periodSeconds', field('periodSeconds', 10)], ['successThreshold', field('successThreshold', 1)], ['failureThreshold', field('failureThreshold', 3)],
  ];
  for (const [k, v] of checks) if (v < 0) e.invalid(`${path}.${k}`, N(v), 'must be greater than or equal to 0');
  const tgps = num(probe, 'terminationGracePeriodSeconds');
  if (tgps !== undefined && tgps <= 0) e.invalid(`${path}.terminationGracePeriodSeconds`, N(tgps), 'must be greater than 0');
  if (kind === 'readiness' && tgps !== undefined) e.invalid(`${path}.terminationGracePeriodSeconds`, N(tgps), 'must not be set for readinessProbes');
  if (kind !== 'readiness' && field('successThreshold', 1) !== 1) e.invalid(`${path}.successThreshold`, N(field('successThreshold', 1)), 'must be 1');
}

function validateLifecycle(e: Errs, lc: Obj, path: string): void {
  for (const k of ['postStart', 'preStop']) {
    const h = obj(lc, k);
    if (h) validateHandler(e, h, `${path}.${k}`, false);
  }
}

// -- security contexts (validation.go:4563-4605, 6784-6870) --

function goPtr(v: unknown, type: string): string {
  return v === undefined || v === null ? `(*${type})(nil)` : `(*${type})(0xc000000000)`;
}
/** %#v of a core.SecurityContext (pointer values cannot be reproduced: non-nil pointers are shown as 0xc000000000). */
function goSecurityContext(sc: Obj): string {
  return `core.SecurityContext{Capabilities:${goPtr(sc['capabilities'], 'core.Capabilities')}, Privileged:${goPtr(sc['privileged'], 'bool')}, ` +
    `SELinuxOptions:${goPtr(sc['seLinuxOptions'], 'core.SELinuxOptions')}, WindowsOptions:${goPtr(sc['windowsOptions'], 'core.WindowsSecurityContextOptions')}, ` +
    `RunAsUser:${goPtr(sc['runAsUser'], 'int64')}, RunAsGroup:${goPtr(sc['runAsGroup'], 'int64')}, RunAsNonRoot:${goPtr(sc['runAsNonRoot'], 'bool')}, ` +
    `ReadOnlyRootFilesystem:${goPtr(sc['readOnlyRootFilesystem'], 'bool')}, AllowPrivilegeEscalation:${goPtr(sc['allowPrivilegeEscalation'], 'bool')}, ` +
    `ProcMount:${goPtr(sc['procMount'], 'core.ProcMountType')}, SeccompProfile:${goPtr(sc['seccompProfile'], 'core.SeccompProfile')}}`;
}

const ID_RANGE = inclusiveRangeError(0, 2147483647);
function validateId(e: Errs, v: number | undefined, path: string): void {
  if (v !== undefined && (v < 0 || v > 2147483647)) e.invalid(path, N(v), ID_RANGE);
}

function validateSeccompProfile(e: Errs, sp: Obj | undefined, path: string): void {
  if (!sp) return;
  const t = str(sp, 'type');
  if (t === '') e.required(`${path}.type`, 'type is required when seccompProfile is set');
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(t)) e.notSupported(`${path}.type`, S(t), ['Localhost', 'RuntimeDefault', 'Unconfined']);
  const lp = optStr(sp, 'localhostProfile');
  if (t === 'Localhost') {
    if (lp === undefined) e.required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost');
    else validateLocalDescendingPath(e, lp, `${path}.localhostProfile`);
  } else if (lp !== undefined) {
    e.invalid(`${path}.localhostProfile`, G(`core.SeccompProfile{Type:${goQuote(t)}, LocalhostProfile:(*string)(0xc000000000)}`), 'can only be set when seccomp type is Localhost');
  }
}

function validateSecurityContext(e: Errs, sc: Obj | undefined, path: string): void {
  if (!sc) return;
  // "privileged" is allowed: kube-apiserver --allow-privileged is true on practically every distribution.
  validateId(e, num(sc, 'runAsUser'), `${path}.runAsUser`);
  validateId(e, num(sc, 'runAsGroup'), `${path}.runAsGroup`);
  const pm = optStr(sc, 'procMount');
  if (pm !== undefined && pm !== 'Default' && pm !== 'Unmasked') e.notSupported(`${path}.procMount`, S(pm), ['Default', 'Unmasked']);
  validateSeccompProfile(e, obj(sc, 'seccompProfile'), `${path}.seccompProfile`);
  if (bool(sc, 'allowPrivilegeEscalation') === false) {
    if (bool(sc, 'privileged') === true) e.invalid(path, G(goSecurityContext(sc)), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
    for (const cap of strArr(obj(sc, 'capabilities'), 'add')) {
      if (cap === 'CAP_SYS_ADMIN') e.invalid(path, G(goSecurityContext(sc)), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN');
    }
  }
}

const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
/** validation.go:4520-4529 sysctlContainSlashRegexp as its String() prints it */
const SYSCTL_RE_GO_SOURCE = '^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$';
function validatePodSecurityContext(e: Errs, psc: Obj | undefined, spec: Obj, path: string): void {
  if (!psc) return;
  validateId(e, num(psc, 'fsGroup'), `${path}.fsGroup`);
  validateId(e, num(psc, 'runAsUser'), `${path}.runAsUser`);
  validateId(e, num(psc, 'runAsGroup'), `${path}.runAsGroup`);
  arr(psc, 'supplementalGroups').forEach((g, i) => {
    if (typeof g === 'number') validateId(e, g, `${path}.supplementalGroups[${i}]`);
  });
  const spn = bool(spec, 'shareProcessNamespace');
  if (spn === true && bool(spec, 'hostPID') === true) e.invalid(`${path}.shareProcessNamespace`, { k: 'bool', v: true }, 'ShareProcessNamespace and HostPID cannot both be enabled');
  const names = new Set<string>();
  objArr(psc, 'sysctls').forEach((s, i) => {
    const n = str(s, 'name');
    if (n.length === 0) e.required(`${path}.sysctls[${i}].name`);
    else if (blen(n) > 253 || !SYSCTL_RE.test(n)) e.invalid(`${path}.sysctls[${i}].name`, S(n), `must have at most 253 characters and match regex ${SYSCTL_RE_GO_SOURCE}`);
    else if (names.has(n)) e.duplicate(`${path}.sysctls[${i}].name`, S(n));
    names.add(n);
  });
  const fgcp = optStr(psc, 'fsGroupChangePolicy');
  if (fgcp !== undefined && fgcp !== 'OnRootMismatch' && fgcp !== 'Always') e.notSupported(`${path}.fsGroupChangePolicy`, S(fgcp), ['Always', 'OnRootMismatch']);
  validateSeccompProfile(e, obj(psc, 'seccompProfile'), `${path}.seccompProfile`);
}

// -- containers (validation.go:3254-3437, 3779) --

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validateContainerCommon(e: Errs, ctr: Obj, volumes: Map<string, Obj>, podClaims: Set<string>, path: string, isPod: boolean): void {
  const name = str(ctr, 'name');
  if (name.length === 0) e.required(`${path}.name`);
  else for (const m of isDNS1123Label(name)) e.invalid(`${path}.name`, S(name), m);
  if (str(ctr, 'image').length === 0) e.required(`${path}.image`);
  const tmp = str(ctr, 'terminationMessagePolicy') || 'File';
  if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') e.notSupported(`${path}.terminationMessagePolicy`, S(tmp), ['File', 'FallbackToLogsOnError']);
  validateContainerPorts(e, objArr(ctr, 'ports'), `${path}.ports`);
  validateEnv(e, objArr(ctr, 'env'), `${path}.env`);
  validateEnvFrom(e, objArr(ctr, 'envFrom'), `${path}.envFrom`);
  validateVolumeMounts(e, ctr, volumes, `${path}.volumeMounts`);
  const pp = optStr(ctr, 'imagePullPolicy');
  if (pp !== undefined && pp !== '' && !PULL_POLICIES.includes(pp)) e.notSupported(`${path}.imagePullPolicy`, S(pp), PULL_POLICIES);
  validateResourceRequirements(e, obj(ctr, 'resources'), podClaims, `${path}.resources`, isPod);
  const seen = new Set<string>();
  objArr(ctr, 'resizePolicy').forEach((rp, i) => {
    const rn = str(rp, 'resourceName');
    if (seen.has(rn)) e.duplicate(`${path}.resizePolicy[${i}]`, S(rn));
    seen.add(rn);
    if (rn === '') e.required(`${path}.resizePolicy`);
    else if (rn !== 'cpu' && rn !== 'memory') e.notSupported(`${path}.resizePolicy`, S(rn), ['cpu', 'memory']);
    const pol = str(rp, 'restartPolicy');
    if (pol === '') e.required(`${path}.resizePolicy`);
    else if (pol !== 'NotRequired' && pol !== 'RestartContainer') e.notSupported(`${path}.resizePolicy`, S(pol), ['NotRequired', 'RestartContainer']);
  });
  validateSecurityContext(e, obj(ctr, 'securityContext'), `${path}.securityContext`);
}

function checkHostPortConflicts(e: Errs, containers: Obj[], path: string, seen = new Set<string>()): void {
  containers.forEach((ctr, ci) => {
    objArr(ctr, 'ports').forEach((port, pi) => {
      const hp = num(port, 'hostPort') ?? 0;
      if (hp === 0) return;
      const key = `${str(port, 'protocol') || 'TCP'}/${str(port, 'hostIP')}/${hp}`;
      if (seen.has(key)) e.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, S(key));
      else seen.add(key);
    });
  });
}

/** pod spec with defaults applied the way the API server sees it (SetDefaults_Pod / SetDefaults_PodSpec) */
function effectiveHostPorts(spec: Obj, isPod: boolean): Obj {
  if (!(isPod && bool(spec, 'hostNetwork') === true)) return spec;
  const fix = (cs: Obj[]) => cs.map((c) => ({ ...c, ports: objArr(c, 'ports').map((p) => ((num(p, 'hostPort') ?? 0) === 0 ? { ...p, hostPort: num(p, 'containerPort') ?? 0 } : p)) }));
  return { ...spec, containers: fix(objArr(spec, 'containers')), initContainers: fix(objArr(spec, 'initContainers')) };
}

// validation.go:3650 validateTaintEffect lists them in this order (not sorted)
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validatePodSpec(e: Errs, specIn: Obj, path: string, opts: PodOpts): void {
  const spec = effectiveHostPorts(specIn, opts.resourceIsPod);
  const vols = validateVolumes(e, objArr(spec, 'volumes'), opts.podName, `${path}.volumes`);
  const podClaims = new Set(objArr(spec, 'resourceClaims').map((c) => str(c, 'name')));
  const containers = objArr(spec, 'containers');
  const initContainers = objArr(spec, 'initContainers');

  // validateContainers
  const cp = `${path}.containers`;
  if (containers.length === 0) e.required(cp);
  else {
    const names = new Set<string>();
    containers.forEach((ctr, i) => {
      const p = `${cp}[${i}]`;
      validateContainerCommon(e, ctr, vols, podClaims, p, opts.resourceIsPod);
      const name = str(ctr, 'name');
      if (names.has(name)) e.duplicate(`${p}.name`, S(name));
      else names.add(name);
      const lc = obj(ctr, 'lifecycle');
      if (lc) validateLifecycle(e, lc, `${p}.lifecycle`);
      validateProbe(e, obj(ctr, 'livenessProbe'), `${p}.livenessProbe`, 'liveness');
      validateProbe(e, obj(ctr, 'readinessProbe'), `${p}.readinessProbe`, 'readiness');
      validateProbe(e, obj(ctr, 'startupProbe'), `${p}.startupProbe`, 'startup');
      if (has(ctr, 'restartPolicy')) e.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers');
    });
    checkHostPortConflicts(e, containers, cp);
  }

  // validateInitContainers
  const ip = `${path}.initContainers`;
  const allNames = new Set(containers.map((c) => str(c, 'name')));
  initContainers.forEach((ctr, i) => {
    const p = `${ip}[${i}]`;
    validateContainerCommon(e, ctr, vols, podClaims, p, opts.resourceIsPod);
    const rp = optStr(ctr, 'restartPolicy');
    if (rp !== undefined && rp !== 'Always') e.notSupported(`${p}.restartPolicy`, S(rp), ['Always']);
    const restartAlways = rp === 'Always';
    const name = str(ctr, 'name');
    if (allNames.has(name)) e.duplicate(`${p}.name`, S(name));
    else if (name.length > 0) allNames.add(name);
    checkHostPortConflicts(e, [ctr], ip);
    if (restartAlways) {
      const lc = obj(ctr, 'lifecycle');
      if (lc) validateLifecycle(e, lc, `${p}.lifecycle`);
      validateProbe(e, obj(ctr, 'livenessProbe'), `${p}.livenessProbe`, 'liveness');
      validateProbe(e, obj(ctr, 'readinessProbe'), `${p}.readinessProbe`, 'readiness');
      validateProbe(e, obj(ctr, 'startupProbe'), `${p}.startupProbe`, 'startup');
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (has(ctr, k)) e.forbidden(`${p}.${k}`, 'may not be set for init containers without restartPolicy=Always');
      }
    }
    if (arr(ctr, 'resizePolicy').length > 0) e.invalid(`${p}.resizePolicy`, G('[]core.ContainerResizePolicy{...}'), 'must not be set for init containers');
  });

  // validatePodHostNetworkDeps
  if (bool(spec, 'hostNetwork') === true) {
    containers.forEach((ctr, i) => {
      objArr(ctr, 'ports').forEach((port, j) => {
        const hp = num(port, 'hostPort') ?? 0;
        const cport = num(port, 'containerPort') ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== cport) e.invalid(`${cp}[${i}].ports[${j}].hostPort`, N(hp), 'must match `containerPort` when `hostNetwork` is true');
      });
    });
  }
  const restartPolicy = str(spec, 'restartPolicy') || 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy)) e.notSupported(`${path}.restartPolicy`, S(restartPolicy), ['Always', 'OnFailure', 'Never']);
  const dnsPolicy = str(spec, 'dnsPolicy') || 'ClusterFirst';
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (!dnsPolicies.includes(dnsPolicy)) e.notSupported(`${path}.dnsPolicy`, S(dnsPolicy), dnsPolicies);
  validateLabels(e, strMap(spec, 'nodeSelector'), `${path}.nodeSelector`);
  validatePodSecurityContext(e, obj(spec, 'securityContext') ?? {}, spec, `${path}.securityContext`);
  objArr(spec, 'imagePullSecrets').forEach((s, i) => {
    const extra = Object.keys(s).filter((k) => k !== 'name' && s[k] !== undefined && s[k] !== null);
    if (extra.length > 0) e.invalid(`${path}.imagePullSecrets[${i}]`, G(`core.LocalObjectReference{Name:${goQuote(str(s, 'name'))}}`), 'only name may be set');
  });

  // validatePodDNSConfig
  const dnsConfig = obj(spec, 'dnsConfig');
  const dp = `${path}.dnsConfig`;
  if (dnsPolicy === 'None' && !dnsConfig) e.required(dp, 'must provide `dnsConfig` when `dnsPolicy` is None');
  else if (dnsPolicy === 'None' && strArr(dnsConfig, 'nameservers').length === 0) {
    e.required(`${dp}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None');
  } else if (dnsConfig) {
    const ns = strArr(dnsConfig, 'nameservers');
    if (ns.length > 3) e.invalid(`${dp}.nameservers`, G(goSliceS(ns)), 'must not have more than 3 nameservers');
    ns.forEach((n, i) => {
      if (!parseIPSloppy(n)) e.invalid(`${dp}.nameservers[${i}]`, S(n), 'must be valid IP address');
    });
    const searches = strArr(dnsConfig, 'searches');
    if (searches.length > 32) e.invalid(`${dp}.searches`, G(goSliceS(searches)), 'must not have more than 32 search paths');
    if (blen(searches.join(' ')) > 2048) e.invalid(`${dp}.searches`, G(goSliceS(searches)), 'must not have more than 2048 characters (including spaces) in the search list');
    searches.forEach((sr, i) => {
      const t = sr.endsWith('.') ? sr.slice(0, -1) : sr;
      for (const m of isDNS1123Subdomain(t)) e.invalid(`${dp}.searches[${i}]`, S(t), m);
    });
    objArr(dnsConfig, 'options').forEach((o, i) => {
      if (str(o, 'name').length === 0) e.required(`${dp}.options[${i}]`, 'must not be empty');
    });
  }
  objArr(spec, 'readinessGates').forEach((g, i) => {
    const ct = str(g, 'conditionType');
    for (const m of isQualifiedName(ct)) e.invalid(`${path}.readinessGates[${i}].conditionType`, S(ct), m);
  });
  const gates = new Set<string>();
  objArr(spec, 'schedulingGates').forEach((g, i) => {
    const n = str(g, 'name');
    for (const m of isQualifiedName(n)) e.invalid(`${path}.schedulingGates[${i}]`, S(n), m);
    if (gates.has(n)) e.duplicate(`${path}.schedulingGates[${i}]`, S(n));
    gates.add(n);
  });
  if (bool(spec, 'hostUsers') === false) {
    if (bool(spec, 'hostNetwork') === true) e.forbidden(`${path}.hostNetwork`, 'when `pod.Spec.HostUsers` is false');
    if (bool(spec, 'hostPID') === true) e.forbidden(`${path}.HostPID`, 'when `pod.Spec.HostUsers` is false');
    if (bool(spec, 'hostIPC') === true) e.forbidden(`${path}.HostIPC`, 'when `pod.Spec.HostUsers` is false');
  }
  // v1 conversion: the deprecated serviceAccount is used when serviceAccountName is empty
  const san = str(spec, 'serviceAccountName') || str(spec, 'serviceAccount');
  if (san.length > 0) for (const m of isDNS1123Subdomain(san)) e.invalid(`${path}.serviceAccountName`, S(san), m);
  const nodeName = str(spec, 'nodeName');
  if (nodeName.length > 0) for (const m of isDNS1123Subdomain(nodeName)) e.invalid(`${path}.nodeName`, S(nodeName), m);
  const ads = num(spec, 'activeDeadlineSeconds');
  if (ads !== undefined && (ads < 1 || ads > 2147483647)) e.invalid(`${path}.activeDeadlineSeconds`, N(ads), inclusiveRangeError(1, 2147483647));
  for (const k of ['hostname', 'subdomain']) {
    const v = str(spec, k);
    if (v.length > 0) for (const m of isDNS1123Label(v)) e.invalid(`${path}.${k}`, S(v), m);
  }
  // ValidateTolerations
  objArr(spec, 'tolerations').forEach((t, i) => {
    const p = `${path}.tolerations[${i}]`;
    const key = str(t, 'key');
    const op = str(t, 'operator');
    const effect = str(t, 'effect');
    const value = str(t, 'value');
    if (key.length > 0) for (const m of isQualifiedName(key)) e.invalid(`${p}.key`, S(key), m);
    if (key.length === 0 && op !== 'Exists') e.invalid(`${p}.operator`, S(op), 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    if (has(t, 'tolerationSeconds') && effect !== 'NoExecute') e.invalid(`${p}.effect`, S(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set");
    if (op === 'Equal' || op === '') {
      const errs = isValidLabelValue(value);
      if (errs.length) e.invalid(`${p}.operator`, S(value), errs.join(';'));
    } else if (op === 'Exists') {
      if (value.length > 0) {
        // %#v of the core.Toleration value (a non-nil TolerationSeconds pointer prints as an address)
        const rendered = `core.Toleration{Key:${goQuote(key)}, Operator:${goQuote(op)}, Value:${goQuote(value)}, Effect:${goQuote(effect)}, TolerationSeconds:${goPtr(t['tolerationSeconds'], 'int64')}}`;
        e.invalid(`${p}.operator`, G(rendered), "value must be empty when `operator` is 'Exists'");
      }
    } else {
      e.notSupported(`${p}.operator`, S(op), ['Equal', 'Exists']);
    }
    if (effect.length > 0 && !TOLERATION_EFFECTS.includes(effect)) e.notSupported(`${p}.effect`, S(effect), TOLERATION_EFFECTS);
  });
  objArr(spec, 'hostAliases').forEach((ha) => {
    const ipStr = str(ha, 'ip');
    if (!parseIPSloppy(ipStr)) e.invalid(`${path}.hostAliases.ip`, S(ipStr), 'must be valid IP address');
    for (const h of strArr(ha, 'hostnames')) for (const m of isDNS1123Subdomain(h)) e.invalid(`${path}.hostAliases.hostnames`, S(h), m);
  });
  const pcn = str(spec, 'priorityClassName');
  if (pcn.length > 0) for (const m of isDNS1123Subdomain(pcn)) e.invalid(`${path}.priorityClassName`, S(pcn), m);
  const rcn = optStr(spec, 'runtimeClassName');
  if (rcn !== undefined) for (const m of isDNS1123Subdomain(rcn)) e.invalid(`${path}.runtimeClassName`, S(rcn), m);
  const pp = optStr(spec, 'preemptionPolicy');
  if (pp !== undefined) {
    if (pp === '') e.required(`${path}.preemptionPolicy`);
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') e.notSupported(`${path}.preemptionPolicy`, S(pp), ['PreemptLowerPriority', 'Never']);
  }
  // validation.go:4019-4029 validateOS, then validateLinux (4033) / validateWindows (4050)
  const os = obj(spec, 'os');
  if (os) {
    const osName = str(os, 'name');
    // VisitContainersWithPath order: init containers, containers, ephemeral containers
    const visit = (fn: (sc: Obj, p: string) => void) => {
      for (const k of ['initContainers', 'containers', 'ephemeralContainers']) {
        objArr(spec, k).forEach((c, i) => {
          const sc = obj(c, 'securityContext');
          if (sc) fn(sc, `${path}.${k}[${i}].securityContext`);
        });
      }
    };
    const psc = obj(spec, 'securityContext') ?? {};
    if (osName === '') e.required(`${path}.os.name`, 'cannot be empty');
    else if (osName !== 'linux' && osName !== 'windows') e.notSupported(`${path}.os`, S(osName), ['linux', 'windows']);
    else if (osName === 'linux') {
      if (has(psc, 'windowsOptions')) e.forbidden(`${path}.securityContext.windowsOptions`, 'windows options cannot be set for a linux pod');
      visit((sc, p) => {
        if (has(sc, 'windowsOptions')) e.forbidden(`${p}.windowsOptions`, 'windows options cannot be set for a linux pod');
      });
    } else {
      const W = 'cannot be set for a windows pod';
      // v1 keeps hostUsers/hostPID/hostIPC/shareProcessNamespace on the pod spec; internally they live in the
      // pod security context, which conversion always allocates.
      if (has(psc, 'seLinuxOptions')) e.forbidden(`${path}.securityContext.seLinuxOptions`, W);
      if (has(spec, 'hostUsers')) e.forbidden(`${path}.hostUsers`, W);
      if (bool(spec, 'hostPID') === true) e.forbidden(`${path}.hostPID`, W);
      if (bool(spec, 'hostIPC') === true) e.forbidden(`${path}.hostIPC`, W);
      if (has(psc, 'seccompProfile')) e.forbidden(`${path}.securityContext.seccompProfile`, W);
      if (has(psc, 'fsGroup')) e.forbidden(`${path}.securityContext.fsGroup`, W);
      if (has(psc, 'fsGroupChangePolicy')) e.forbidden(`${path}.securityContext.fsGroupChangePolicy`, W);
      if (arr(psc, 'sysctls').length > 0) e.forbidden(`${path}.securityContext.sysctls`, W);
      if (has(spec, 'shareProcessNamespace')) e.forbidden(`${path}.shareProcessNamespace`, W);
      if (has(psc, 'runAsUser')) e.forbidden(`${path}.securityContext.runAsUser`, W);
      if (has(psc, 'runAsGroup')) e.forbidden(`${path}.securityContext.runAsGroup`, W);
      if (has(psc, 'supplementalGroups')) e.forbidden(`${path}.securityContext.supplementalGroups`, W);
      visit((sc, p) => {
        for (const k of ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup']) {
          if (has(sc, k)) e.forbidden(`${p}.${k}`, W);
        }
      });
    }
  }
}

/** validation.go:156 ValidatePodSpecificAnnotations (seccomp/AppArmor/deletion-cost parts) */
function validatePodSpecificAnnotations(e: Errs, annotations: Record<string, string> | undefined, spec: Obj, path: string): void {
  const a = annotations ?? {};
  if ('kubernetes.io/config.mirror' in a && str(spec, 'nodeName').length === 0) {
    e.invalid(`${path}[kubernetes.io/config.mirror]`, S(a['kubernetes.io/config.mirror']), 'must set spec.nodeName if mirror pod annotation is set');
  }
  const cost = a['controller.kubernetes.io/pod-deletion-cost'];
  if (cost !== undefined) {
    const ok = /^(0|-?[1-9][0-9]*)$/.test(cost) && Number(cost) >= -2147483648 && Number(cost) <= 2147483647;
    if (!ok) e.invalid(`${path}[controller.kubernetes.io/pod-deletion-cost]`, S(cost), 'must be a 32bit integer');
  }
  const seccomp = (p: string, k: string) => {
    if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return;
    if (p.startsWith('localhost/')) return validateLocalDescendingPath(e, p.slice('localhost/'.length), `${path}.${k}`);
    e.invalid(`${path}.${k}`, S(p), 'must be a valid seccomp profile');
  };
  if ('seccomp.security.alpha.kubernetes.io/pod' in a) seccomp(a['seccomp.security.alpha.kubernetes.io/pod'], 'seccomp.security.alpha.kubernetes.io/pod');
  for (const [k, v] of Object.entries(a)) if (k.startsWith('container.seccomp.security.alpha.kubernetes.io/')) seccomp(v, k);
  const names = new Set([...objArr(spec, 'initContainers'), ...objArr(spec, 'containers'), ...objArr(spec, 'ephemeralContainers')].map((c) => str(c, 'name')));
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
    const cn = k.slice('container.apparmor.security.beta.kubernetes.io/'.length);
    if (!names.has(cn)) e.invalid(`${path}[${k}]`, S(cn), 'container not found');
    if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) e.invalid(`${path}[${k}]`, S(v), `invalid AppArmor profile name: ${goQuote(v)}`);
  }
}

/** validation.go:5552 ValidatePodTemplateSpec */
function validatePodTemplateSpec(e: Errs, template: Obj, path: string): void {
  const md = obj(template, 'metadata') ?? {};
  const spec = obj(template, 'spec') ?? {};
  validateLabels(e, strMap(md, 'labels'), `${path}.labels`);
  validateAnnotations(e, strMap(md, 'annotations'), `${path}.annotations`);
  validatePodSpecificAnnotations(e, strMap(md, 'annotations'), spec, `${path}.annotations`);
  validatePodSpec(e, spec, `${path}.spec`, { resourceIsPod: false });
  if (arr(spec, 'ephemeralContainers').length > 0) e.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template');
}

/**
 * Checks that only the Pod-level validation performs (validateContainersOnlyForPod): reported as warnings for pod
 * templates, because the API server accepts the workload but will refuse the pods its controller creates.
 */
function podOnlyContainerChecks(e: Errs, spec: Obj, path: string, asWarning: boolean): void {
  for (const k of ['containers', 'initContainers']) {
    objArr(spec, k).forEach((c, i) => {
      const image = str(c, 'image');
      if (image.length !== image.trim().length) {
        const f = `${path}.${k}[${i}].image`;
        if (asWarning) e.warn(`${f}: Invalid value: ${goQuote(image)}: must not have leading or trailing whitespace`, f);
        else e.invalid(f, S(image), 'must not have leading or trailing whitespace');
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------------------

function validatePod(e: Errs, o: Obj): void {
  const md = obj(o, 'metadata') ?? {};
  const spec = obj(o, 'spec') ?? {};
  validateObjectMeta(e, md, nameIsDNSSubdomain, true);
  validatePodSpecificAnnotations(e, strMap(md, 'annotations'), spec, 'metadata.annotations');
  const name = str(md, 'name');
  validatePodSpec(e, spec, 'spec', { resourceIsPod: true, podName: name || undefined });
  if (str(spec, 'serviceAccountName') === '' && str(spec, 'serviceAccount') === '') {
    objArr(spec, 'volumes').forEach((v, vi) => {
      objArr(obj(v, 'projected'), 'sources').forEach((s, si) => {
        if (has(s, 'serviceAccountToken')) e.forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set');
      });
    });
  }
  podOnlyContainerChecks(e, spec, 'spec', false);
  if (arr(spec, 'ephemeralContainers').length > 0) e.forbidden('spec.ephemeralContainers', 'cannot be set on create');
  if (str(spec, 'nodeName') !== '' && arr(spec, 'schedulingGates').length !== 0) e.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared');
  const msgs = isDNS1123Label(name);
  if (name !== '' && msgs.length) e.warn(`metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`, 'metadata.name');
}

function validateNamespace(e: Errs, o: Obj): void {
  const md = obj(o, 'metadata') ?? {};
  validateObjectMeta(e, md, nameIsDNSLabel, false);
  for (const f of strArr(obj(o, 'spec'), 'finalizers')) {
    for (const m of isQualifiedName(f)) e.invalid('spec.finalizers', S(f), m);
    if (f.split('/').length === 1 && !STANDARD_FINALIZERS.has(f)) e.invalid('spec.finalizers', S(f), 'name is neither a standard finalizer name nor is it fully qualified');
  }
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validateService(e: Errs, o: Obj): void {
  const md = obj(o, 'metadata') ?? {};
  const spec = obj(o, 'spec') ?? {};
  const annotations = strMap(md, 'annotations') ?? {};
  validateObjectMeta(e, md, nameIsDNS1035Label, true);
  const hintsKey = 'service.kubernetes.io/topology-aware-hints';
  const modeKey = 'service.kubernetes.io/topology-mode';
  if (hintsKey in annotations && modeKey in annotations && annotations[hintsKey] !== annotations[modeKey]) {
    e.invalid(`metadata.annotations[${modeKey}]`, S(annotations[modeKey]), `must match annotations[${hintsKey}] when both are specified`);
  }
  // SetDefaults_Service
  const type = str(spec, 'type') || 'ClusterIP';
  const sessionAffinity = str(spec, 'sessionAffinity') || 'None';
  const ports = objArr(spec, 'ports').map((p) => {
    const port = num(p, 'port') ?? 0;
    let tp = intOrStr(p['targetPort']);
    if (!tp || (tp.type === 0 && tp.intVal === 0) || (tp.type === 1 && tp.strVal === '')) tp = { type: 0, intVal: port, strVal: '' };
    return { raw: p, name: str(p, 'name'), protocol: str(p, 'protocol') || 'TCP', port, targetPort: tp, nodePort: num(p, 'nodePort') ?? 0, appProtocol: optStr(p, 'appProtocol') };
  });
  // normalizeClusterIPs (PrepareForCreate)
  let clusterIP = str(spec, 'clusterIP');
  let clusterIPs = has(spec, 'clusterIPs') ? strArr(spec, 'clusterIPs') : [];
  if (clusterIP !== '' && clusterIPs.length === 0) clusterIPs = [clusterIP];
  if (clusterIP === '' && clusterIPs.length > 0) clusterIP = clusterIPs[0];
  const headless = clusterIPs.length === 1 && clusterIPs[0] === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') e.required('spec.ports');
  if (type === 'LoadBalancer') {
    ports.forEach((p, i) => {
      if (p.port === 10250) e.invalid(`spec.ports[${i}]`, N(p.port), 'may not expose port 10250 externally since it is used by kubelet');
    });
    if (headless) e.invalid('spec.clusterIPs[0]', S(clusterIPs[0]), "may not be set to 'None' for LoadBalancer services");
  } else if (type === 'NodePort') {
    if (headless) e.invalid('spec.clusterIPs[0]', S(clusterIPs[0]), "may not be set to 'None' for NodePort services");
  } else if (type === 'ExternalName') {
    if (clusterIPs.length > 0) e.forbidden('spec.clusterIPs', 'may not be set for ExternalName services');
    if (arr(spec, 'ipFamilies').length > 0) e.forbidden('spec.ipFamilies', 'may not be set for ExternalName services');
    if (has(spec, 'ipFamilyPolicy')) e.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services');
    const en = str(spec, 'externalName');
    const cname = en.endsWith('.') ? en.slice(0, -1) : en;
    if (cname.length > 0) for (const m of isDNS1123Subdomain(cname)) e.invalid('spec.externalName', S(cname), m);
    else e.required('spec.externalName');
  }
  const allNames = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && p.name.length === 0) e.required(`${pp}.name`);
    else if (p.name.length !== 0) {
      for (const m of isDNS1123Label(p.name)) e.invalid(`${pp}.name`, S(p.name), m);
      if (allNames.has(p.name)) e.duplicate(`${pp}.name`, S(p.name));
      else allNames.add(p.name);
    }
    for (const m of isValidPortNum(p.port)) e.invalid(`${pp}.port`, N(p.port), m);
    if (!SUPPORTED_PORT_PROTOCOLS.includes(p.protocol)) e.notSupported(`${pp}.protocol`, S(p.protocol), SUPPORTED_PORT_PROTOCOLS);
    if (p.targetPort.type === 0) for (const m of isValidPortNum(p.targetPort.intVal)) e.invalid(`${pp}.targetPort`, N(p.targetPort.intVal), m);
    else for (const m of isValidPortName(p.targetPort.strVal)) e.invalid(`${pp}.targetPort`, S(p.targetPort.strVal), m);
    if (p.appProtocol !== undefined) for (const m of isQualifiedName(p.appProtocol)) e.invalid(`${pp}.appProtocol`, S(p.appProtocol), m);
  });
  const selector = strMap(spec, 'selector');
  if (selector) validateLabels(e, selector, 'spec.selector');
  if (!['ClientIP', 'None'].includes(sessionAffinity)) e.notSupported('spec.sessionAffinity', S(sessionAffinity), ['ClientIP', 'None']);
  if (sessionAffinity === 'ClientIP') {
    const t = num(obj(obj(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds') ?? 10800;
    if (t <= 0 || t > 86400) e.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', N(t), 'must be greater than 0 and less than 86400');
  }
  // ValidateServiceClusterIPsRelatedFields
  if (type !== 'ExternalName') {
    let bad = false;
    const families = strArr(spec, 'ipFamilies');
    const seen = new Set<string>();
    families.forEach((f, i) => {
      if (f !== 'IPv4' && f !== 'IPv6') e.notSupported(`spec.ipFamilies[${i}]`, S(f), ['IPv4', 'IPv6']);
      if (seen.has(f)) e.duplicate(`spec.ipFamilies[${i}]`, S(f));
      seen.add(f);
    });
    const policy = optStr(spec, 'ipFamilyPolicy');
    if (policy !== undefined && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(policy)) {
      e.notSupported('spec.ipFamilyPolicy', S(policy), ['PreferDualStack', 'RequireDualStack', 'SingleStack']);
    }
    clusterIPs.forEach((ip, i) => {
      if (i === 0 && ip === 'None') {
        if (clusterIPs.length > 1) {
          bad = true;
          e.invalid('spec.clusterIPs', G(goSliceS(clusterIPs)), "'None' must be the first and only value");
        }
        return;
      }
      if (!parseIPSloppy(ip)) {
        bad = true;
        e.invalid(`spec.clusterIPs[${i}]`, S(ip), IS_VALID_IP_MSG);
      }
    });
    if (clusterIPs.length > 2) e.invalid('spec.clusterIPs', G(goSliceS(clusterIPs)), 'may only hold up to 2 values');
    if (!bad && clusterIPs.length > 1) {
      const fams = clusterIPs.map((ip) => ipIs4(parseIPSloppy(ip)!));
      if (fams[0] === fams[1] || clusterIPs.length > 2) e.invalid('spec.clusterIPs', G(goSliceS(clusterIPs)), 'may specify no more than one IP for each IP family');
    }
    if (!bad && !headless) {
      clusterIPs.forEach((ip, i) => {
        if (i > families.length - 1) return;
        const is4 = ipIs4(parseIPSloppy(ip)!);
        if (families[i] === 'IPv4' && !is4) e.invalid(`spec.clusterIPs[${i}]`, S(ip), `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``);
        if (families[i] === 'IPv6' && is4) e.invalid(`spec.clusterIPs[${i}]`, S(ip), `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``);
      });
    }
  }
  strArr(spec, 'externalIPs').forEach((ipStr, i) => {
    const p = `spec.externalIPs[${i}]`;
    const ip = parseIPSloppy(ipStr);
    if (!ip) return e.invalid(p, S(ipStr), IS_VALID_IP_MSG);
    const b = ip.bytes;
    if (ipIs4(ip)) {
      if (b.slice(12).every((x) => x === 0)) e.invalid(p, S(ipStr), `may not be unspecified (${ipStr})`);
      if (b[12] === 127) e.invalid(p, S(ipStr), 'may not be in the loopback range (127.0.0.0/8, ::1/128)');
      if (b[12] === 169 && b[13] === 254) e.invalid(p, S(ipStr), 'may not be in the link-local range (169.254.0.0/16, fe80::/10)');
      if (b[12] === 224 && b[13] === 0 && b[14] === 0) e.invalid(p, S(ipStr), 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
    } else {
      if (b.every((x) => x === 0)) e.invalid(p, S(ipStr), `may not be unspecified (${ipStr})`);
      if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) e.invalid(p, S(ipStr), 'may not be in the loopback range (127.0.0.0/8, ::1/128)');
      if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) e.invalid(p, S(ipStr), 'may not be in the link-local range (169.254.0.0/16, fe80::/10)');
      if (b[0] === 0xff && (b[1] & 0x0f) === 0x02) e.invalid(p, S(ipStr), 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
    }
  });
  if (!SERVICE_TYPES.includes(type)) e.notSupported('spec.type', S(type), SERVICE_TYPES);
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort !== 0) e.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'");
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (p.nodePort === 0) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) e.duplicate(`spec.ports[${i}].nodePort`, N(p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (portKeys.has(key)) e.duplicate(`spec.ports[${i}]`, G(goServicePortKey(p.protocol, p.port)));
    portKeys.add(key);
  });
  const lbsr = strArr(spec, 'loadBalancerSourceRanges');
  const lbsrKey = 'service.beta.kubernetes.io/load-balancer-source-ranges';
  if (lbsr.length > 0 || lbsrKey in annotations) {
    const fp = lbsr.length > 0 ? 'spec.LoadBalancerSourceRanges' : `metadata.annotations[${lbsrKey}]`;
    const val = lbsr.length > 0 ? `[${lbsr.join(' ')}]` : annotations[lbsrKey];
    if (type !== 'LoadBalancer') e.forbidden(fp, "may only be used when `type` is 'LoadBalancer'");
    const ranges = lbsr.length > 0 ? lbsr.map((r) => r.trim()) : annotations[lbsrKey].trim() === '' ? [] : annotations[lbsrKey].split(',').map((r) => r.trim());
    if (ranges.some((r) => !parseCIDRSloppy(r))) e.invalid(fp, S(val), 'must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ');
  }
  if (has(spec, 'allocateLoadBalancerNodePorts') && type !== 'LoadBalancer') e.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'");
  const lbc = optStr(spec, 'loadBalancerClass');
  if (lbc !== undefined) {
    if (type === 'LoadBalancer') for (const m of isQualifiedName(lbc)) e.invalid('spec.loadBalancerClass', S(lbc), m);
    else e.forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'");
  }
  const etp = str(spec, 'externalTrafficPolicy');
  if (type !== 'LoadBalancer' && type !== 'NodePort') {
    if (etp !== '') e.invalid('spec.externalTrafficPolicy', S(etp), "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
  } else if (etp !== '' && etp !== 'Cluster' && etp !== 'Local') {
    e.notSupported('spec.externalTrafficPolicy', S(etp), ['Cluster', 'Local']);
  }
  const hcnp = num(spec, 'healthCheckNodePort') ?? 0;
  const needsHealthCheck = type === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck && hcnp !== 0) e.invalid('spec.healthCheckNodePort', N(hcnp), "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  else if (needsHealthCheck && hcnp !== 0) for (const m of isValidPortNum(hcnp)) e.invalid('spec.healthCheckNodePort', N(hcnp), m);
  const itp = optStr(spec, 'internalTrafficPolicy');
  if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local') e.notSupported('spec.internalTrafficPolicy', S(itp), ['Cluster', 'Local']);
}

// -- apps/v1 (pkg/apis/apps/validation/validation.go) --

function validatePositiveIntOrPercent(e: Errs, v: IntOrString, path: string): void {
  if (v.type === 1) {
    if (!PERCENT_RE.test(v.strVal)) e.invalid(path, G(goIntOrString(v)), regexError("a valid percent string must be a numeric string followed by an ending '%'", percentFmt, '1%', '93%'));
  } else if (v.intVal < 0) {
    e.invalid(path, N(v.intVal), 'must be greater than or equal to 0');
  }
}
function percentValue(v: IntOrString): number | undefined {
  if (v.type !== 1 || !PERCENT_RE.test(v.strVal)) return undefined;
  return parseInt(v.strVal.slice(0, -1), 10);
}
const intOrPercentValue = (v: IntOrString) => percentValue(v) ?? intOrStrValue(v);
function isNotMoreThan100Percent(e: Errs, v: IntOrString, path: string): void {
  const p = percentValue(v);
  if (p !== undefined && p > 100) e.invalid(path, G(goIntOrString(v)), 'must not be greater than 100%');
}

type TemplateMatchMode = 'replicaset' | 'statefulset' | 'daemonset' | 'job';

function validateWorkloadTemplate(e: Errs, spec: Obj, matcher: LabelMatcher, mode: TemplateMatchMode): void {
  const template = obj(spec, 'template') ?? {};
  const tmd = obj(template, 'metadata') ?? {};
  const tspec = obj(template, 'spec') ?? {};
  const labels = strMap(tmd, 'labels');
  if (!('error' in matcher) && (mode === 'daemonset' ? true : !matcher.empty) && !matcher.matches(labels ?? {})) {
    e.invalid('spec.template.metadata.labels', G(goMapSS(labels)), '`selector` does not match template `labels`');
  }
  if (mode === 'statefulset') {
    // ValidatePodTemplateSpecForStatefulSet: the pod spec itself is not validated by the 1.28 API server
    validateLabels(e, labels, 'spec.template.labels');
    validateAnnotations(e, strMap(tmd, 'annotations'), 'spec.template.annotations');
    validatePodSpecificAnnotations(e, strMap(tmd, 'annotations'), tspec, 'spec.template.annotations');
    // The StatefulSet controller adds a persistentVolumeClaim volume per volumeClaimTemplate (replacing a template
    // volume of the same name: pkg/controller/statefulset/stateful_set_utils.go updateStorage) before creating pods.
    const claimNames = objArr(spec, 'volumeClaimTemplates').map((c) => str(obj(c, 'metadata'), 'name')).filter((n) => n !== '');
    const claimVolume = (n: string): Obj => ({ name: n, persistentVolumeClaim: { claimName: n } });
    const volumes = objArr(tspec, 'volumes').map((v) => (claimNames.includes(str(v, 'name')) ? claimVolume(str(v, 'name')) : v));
    for (const n of claimNames) if (!volumes.some((v) => str(v, 'name') === n)) volumes.push(claimVolume(n));
    const podErrs = new Errs();
    validatePodSpec(podErrs, { ...tspec, volumes }, 'spec.template.spec', { resourceIsPod: false });
    for (const pe of podErrs.list) e.warn(errorText(pe), pe.field);
  } else {
    validatePodTemplateSpec(e, template, 'spec.template');
  }
  podOnlyContainerChecks(e, tspec, 'spec.template.spec', true);
}

function validateDeploymentLike(e: Errs, o: Obj, kind: 'Deployment' | 'ReplicaSet'): void {
  const md = obj(o, 'metadata') ?? {};
  const spec = obj(o, 'spec') ?? {};
  validateObjectMeta(e, md, nameIsDNSSubdomain, true);
  const replicas = num(spec, 'replicas') ?? 1;
  if (replicas < 0) e.invalid('spec.replicas', N(replicas), 'must be greater than or equal to 0');
  if (kind === 'ReplicaSet') {
    const mrs = num(spec, 'minReadySeconds') ?? 0;
    if (mrs < 0) e.invalid('spec.minReadySeconds', N(mrs), 'must be greater than or equal to 0');
  }
  const selector = selectorOf(spec['selector']);
  if (!selector) e.required('spec.selector');
  else {
    validateLabelSelector(e, selector, 'spec.selector');
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      e.invalid('spec.selector', G(goLabelSelector(selector)), 'empty selector is invalid for deployment');
    }
  }
  const matcher = selectorAsMatcher(selector);
  if ('error' in matcher) e.invalid('spec.selector', G(goLabelSelector(selector!)), 'invalid label selector');
  else {
    validateWorkloadTemplate(e, spec, matcher, 'replicaset');
    const tspec = obj(obj(spec, 'template'), 'spec') ?? {};
    const rp = str(tspec, 'restartPolicy') || 'Always';
    if (rp !== 'Always') e.notSupported('spec.template.spec.restartPolicy', S(rp), ['Always']);
    if (has(tspec, 'activeDeadlineSeconds')) e.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported');
  }
  if (kind === 'Deployment') {
    const strategy = obj(spec, 'strategy') ?? {};
    const type = str(strategy, 'type') || 'RollingUpdate';
    const sp = 'spec.strategy';
    if (type === 'Recreate') {
      if (has(strategy, 'rollingUpdate')) e.forbidden(`${sp}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'");
    } else if (type === 'RollingUpdate') {
      const ru = obj(strategy, 'rollingUpdate') ?? {};
      const mu = intOrStr(ru['maxUnavailable']) ?? { type: 1, intVal: 0, strVal: '25%' };
      const ms = intOrStr(ru['maxSurge']) ?? { type: 1, intVal: 0, strVal: '25%' };
      validatePositiveIntOrPercent(e, mu, `${sp}.rollingUpdate.maxUnavailable`);
      validatePositiveIntOrPercent(e, ms, `${sp}.rollingUpdate.maxSurge`);
      if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) e.invalid(`${sp}.rollingUpdate.maxUnavailable`, G(goIntOrString(mu)), 'may not be 0 when `maxSurge` is 0');
      isNotMoreThan100Percent(e, mu, `${sp}.rollingUpdate.maxUnavailable`);
    } else {
      const ruRendered = has(strategy, 'rollingUpdate') ? '(*apps.RollingUpdateDeployment)(0xc000000000)' : '(*apps.RollingUpdateDeployment)(nil)';
      e.notSupported(sp, G(`apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ruRendered}}`), ['Recreate', 'RollingUpdate']);
    }
    const mrs = num(spec, 'minReadySeconds') ?? 0;
    if (mrs < 0) e.invalid('spec.minReadySeconds', N(mrs), 'must be greater than or equal to 0');
    const rhl = num(spec, 'revisionHistoryLimit') ?? 10;
    if (rhl < 0) e.invalid('spec.revisionHistoryLimit', N(rhl), 'must be greater than or equal to 0');
    const pds = num(spec, 'progressDeadlineSeconds') ?? 600;
    if (pds < 0) e.invalid('spec.progressDeadlineSeconds', N(pds), 'must be greater than or equal to 0');
    if (pds <= mrs) e.invalid('spec.progressDeadlineSeconds', N(pds), 'must be greater than minReadySeconds');
  }
  const name = str(md, 'name');
  const msgs = isDNS1123Label(name);
  if (name !== '' && msgs.length) e.warn(`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`, 'metadata.name');
}

function validateStatefulSet(e: Errs, o: Obj): void {
  const md = obj(o, 'metadata') ?? {};
  const spec = obj(o, 'spec') ?? {};
  validateObjectMeta(e, md, nameIsDNSLabel, true);
  const pmp = str(spec, 'podManagementPolicy') || 'OrderedReady';
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel') e.invalid('spec.podManagementPolicy', S(pmp), "must be 'OrderedReady' or 'Parallel'");
  const us = obj(spec, 'updateStrategy') ?? {};
  const ut = str(us, 'type') || 'RollingUpdate';
  if (ut === 'OnDelete') {
    if (has(us, 'rollingUpdate')) {
      const partition = num(obj(us, 'rollingUpdate'), 'partition') ?? 0;
      e.invalid('spec.updateStrategy.rollingUpdate', G(`apps.RollingUpdateStatefulSetStrategy{Partition:${partition}, MaxUnavailable:(*intstr.IntOrString)(nil)}`), "only allowed for updateStrategy 'RollingUpdate'");
    }
  } else if (ut === 'RollingUpdate') {
    const ru = obj(us, 'rollingUpdate');
    if (ru) {
      const partition = num(ru, 'partition') ?? 0;
      if (partition < 0) e.invalid('spec.updateStrategy.rollingUpdate.partition', N(partition), 'must be greater than or equal to 0');
      // maxUnavailable is dropped: MaxUnavailableStatefulSet is alpha (disabled) in 1.28
    }
  } else {
    e.invalid('spec.updateStrategy', G(`apps.StatefulSetUpdateStrategy{Type:${goQuote(ut)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(${has(us, 'rollingUpdate') ? '0xc000000000' : 'nil'})}`), "must be 'RollingUpdate' or 'OnDelete'");
  }
  const pvc = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (pvc) {
    for (const k of ['whenDeleted', 'whenScaled']) {
      const v = str(pvc, k) || 'Retain';
      if (v !== 'Retain' && v !== 'Delete') e.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, S(v), ['Retain', 'Delete']);
    }
  }
  const replicas = num(spec, 'replicas') ?? 1;
  if (replicas < 0) e.invalid('spec.replicas', N(replicas), 'must be greater than or equal to 0');
  const mrs = num(spec, 'minReadySeconds') ?? 0;
  if (mrs < 0) e.invalid('spec.minReadySeconds', N(mrs), 'must be greater than or equal to 0');
  const start = num(obj(spec, 'ordinals'), 'start');
  if (start !== undefined && start < 0) e.invalid('spec.ordinals.start', N(start), 'must be greater than or equal to 0');
  const selector = selectorOf(spec['selector']);
  if (!selector) e.required('spec.selector');
  else {
    validateLabelSelector(e, selector, 'spec.selector');
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      e.invalid('spec.selector', G(goLabelSelector(selector)), 'empty selector is invalid for statefulset');
    }
  }
  const matcher = selectorAsMatcher(selector);
  if ('error' in matcher) e.invalid('spec.selector', G(goLabelSelector(selector!)), '');
  else validateWorkloadTemplate(e, spec, matcher, 'statefulset');
  const tspec = obj(obj(spec, 'template'), 'spec') ?? {};
  const rp = str(tspec, 'restartPolicy') || 'Always';
  if (rp !== 'Always') e.notSupported('spec.template.spec.restartPolicy', S(rp), ['Always']);
  if (has(tspec, 'activeDeadlineSeconds')) e.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported');
}

function validateDaemonSet(e: Errs, o: Obj): void {
  const md = obj(o, 'metadata') ?? {};
  const spec = obj(o, 'spec') ?? {};
  validateObjectMeta(e, md, nameIsDNSSubdomain, true);
  const selector = selectorOf(spec['selector']);
  validateLabelSelector(e, selector, 'spec.selector');
  const matcher = selectorAsMatcher(selector);
  const tmd = obj(obj(spec, 'template'), 'metadata') ?? {};
  if (!('error' in matcher) && !matcher.matches(strMap(tmd, 'labels') ?? {})) {
    e.invalid('spec.template.metadata.labels', G(goMapSS(strMap(tmd, 'labels'))), '`selector` does not match template `labels`');
  }
  if (selector && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
    e.invalid('spec.selector', G(goLabelSelector(selector)), 'empty selector is invalid for daemonset');
  }
  validatePodTemplateSpec(e, obj(spec, 'template') ?? {}, 'spec.template');
  const tspec = obj(obj(spec, 'template'), 'spec') ?? {};
  podOnlyContainerChecks(e, tspec, 'spec.template.spec', true);
  const rp = str(tspec, 'restartPolicy') || 'Always';
  if (rp !== 'Always') e.notSupported('spec.template.spec.restartPolicy', S(rp), ['Always']);
  if (has(tspec, 'activeDeadlineSeconds')) e.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported');
  const mrs = num(spec, 'minReadySeconds') ?? 0;
  if (mrs < 0) e.invalid('spec.minReadySeconds', N(mrs), 'must be greater than or equal to 0');
  const tg = num(spec, 'templateGeneration') ?? 0;
  if (tg < 0) e.invalid('spec.templateGeneration', N(tg), 'must be greater than or equal to 0');
  const us = obj(spec, 'updateStrategy') ?? {};
  const ut = str(us, 'type') || 'RollingUpdate';
  if (ut === 'RollingUpdate') {
    const ru = obj(us, 'rollingUpdate') ?? {};
    const mu = intOrStr(ru['maxUnavailable']) ?? { type: 0, intVal: 1, strVal: '' };
    const ms = intOrStr(ru['maxSurge']) ?? { type: 0, intVal: 0, strVal: '' };
    const p = 'spec.updateStrategy.rollingUpdate';
    validatePositiveIntOrPercent(e, mu, `${p}.maxUnavailable`);
    validatePositiveIntOrPercent(e, ms, `${p}.maxSurge`);
    isNotMoreThan100Percent(e, mu, `${p}.maxUnavailable`);
    isNotMoreThan100Percent(e, ms, `${p}.maxSurge`);
    const hasU = intOrPercentValue(mu) !== 0;
    const hasS = intOrPercentValue(ms) !== 0;
    if (hasU && hasS) e.invalid(`${p}.maxSurge`, G(goIntOrString(ms)), 'may not be set when maxUnavailable is non-zero');
    else if (!hasU && !hasS) e.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0');
  } else if (ut !== 'OnDelete') {
    e.notSupported('spec.updateStrategy', G(`apps.DaemonSetUpdateStrategy{Type:${goQuote(ut)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(${has(us, 'rollingUpdate') ? '0xc000000000' : 'nil'})}`), ['RollingUpdate', 'OnDelete']);
  }
  const rhl = num(spec, 'revisionHistoryLimit') ?? 10;
  if (rhl < 0) e.invalid('spec.revisionHistoryLimit', N(rhl), 'must be greater than or equal to 0');
}

// -- batch/v1 Job (pkg/apis/batch/validation/validation.go, pkg/registry/batch/job/strategy.go) --

// metadata.uid is assigned by the API server (a random UUID) before validation; this stand-in has the same shape,
// so it passes the label value rules like the real one, and it marks where the real uid would appear in messages.
const UID_PLACEHOLDER = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';

function validateJob(e: Errs, o: Obj): void {
  const md = obj(o, 'metadata') ?? {};
  const spec = obj(o, 'spec') ?? {};
  const name = str(md, 'name');
  validateObjectMeta(e, md, nameIsDNSSubdomain, true);
  const template = obj(spec, 'template') ?? {};
  const tmd = obj(template, 'metadata') ?? {};
  const tspec = obj(template, 'spec') ?? {};
  const userLabels = strMap(tmd, 'labels');
  const manual = bool(spec, 'manualSelector') === true;
  let selector = selectorOf(spec['selector']);
  let labels = userLabels;
  if (!manual) {
    // generateSelector: add the job-name / controller-uid labels (unless the user set them) and select on the uid
    labels = { ...(userLabels ?? {}) };
    for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!(k in labels)) labels[k] = name;
    for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(k in labels)) labels[k] = UID_PLACEHOLDER;
    const sel = selector ?? {};
    const ml = { ...(sel.matchLabels ?? {}) };
    if (!('batch.kubernetes.io/controller-uid' in ml)) ml['batch.kubernetes.io/controller-uid'] = UID_PLACEHOLDER;
    selector = { matchLabels: ml, matchExpressions: sel.matchExpressions };
    // validateGeneratedSelector
    const expected: Record<string, string> = {};
    for (const [k, v] of [['controller-uid', UID_PLACEHOLDER], ['job-name', name], ['batch.kubernetes.io/controller-uid', UID_PLACEHOLDER], ['batch.kubernetes.io/job-name', name]]) {
      expected[k] = v;
      if (labels[k] !== v) e.invalid(`spec.template.metadata.labels[${k}]`, G(goMapSS(labels)), `must be '${v}'`);
    }
    const m = selectorAsMatcher(selector);
    if (!('error' in m) && !m.matches(expected)) e.invalid('spec.selector', G(goLabelSelector(selector)), '`selector` not auto-generated');
  }
  // validateJobSpec
  const par = num(spec, 'parallelism');
  const comp = num(spec, 'completions');
  for (const [k, v] of [['parallelism', par], ['completions', comp], ['activeDeadlineSeconds', num(spec, 'activeDeadlineSeconds')], ['backoffLimit', num(spec, 'backoffLimit')],
    ['ttlSecondsAfterFinished', num(spec, 'ttlSecondsAfterFinished')], ['backoffLimitPerIndex', num(spec, 'backoffLimitPerIndex')], ['maxFailedIndexes', num(spec, 'maxFailedIndexes')]] as const) {
    if (v !== undefined && v < 0) e.invalid(`spec.${k}`, N(v), 'must be greater than or equal to 0');
  }
  if (has(spec, 'maxFailedIndexes') && !has(spec, 'backoffLimitPerIndex')) e.required('spec.backoffLimitPerIndex', 'when maxFailedIndexes is specified');
  const cm = optStr(spec, 'completionMode') ?? 'NonIndexed';
  if (cm !== 'NonIndexed' && cm !== 'Indexed') e.notSupported('spec.completionMode', S(cm), ['NonIndexed', 'Indexed']);
  if (cm === 'Indexed') {
    if (comp === undefined) e.required('spec.completions', 'when completion mode is Indexed');
    if (par !== undefined && par > 100000) e.invalid('spec.parallelism', N(par), 'must be less than or equal to 100000 when completion mode is Indexed');
  } else {
    const bpi = num(spec, 'backoffLimitPerIndex');
    if (bpi !== undefined) e.invalid('spec.backoffLimitPerIndex', N(bpi), 'requires indexed completion mode');
    const mfi = num(spec, 'maxFailedIndexes');
    if (mfi !== undefined) e.invalid('spec.maxFailedIndexes', N(mfi), 'requires indexed completion mode');
  }
  validateLabels(e, labels, 'spec.template.labels');
  validateAnnotations(e, strMap(tmd, 'annotations'), 'spec.template.annotations');
  validatePodSpecificAnnotations(e, strMap(tmd, 'annotations'), tspec, 'spec.template.annotations');
  validatePodSpec(e, tspec, 'spec.template.spec', { resourceIsPod: false });
  if (arr(tspec, 'ephemeralContainers').length > 0) e.forbidden('spec.template.spec.ephemeralContainers', 'ephemeral containers not allowed in pod template');
  podOnlyContainerChecks(e, tspec, 'spec.template.spec', true);
  const rp = str(tspec, 'restartPolicy') || 'Always';
  if (rp === 'Always') e.required('spec.template.spec.restartPolicy', 'valid values: "OnFailure", "Never"');
  else if (rp !== 'OnFailure' && rp !== 'Never') e.notSupported('spec.template.spec.restartPolicy', S(rp), ['OnFailure', 'Never']);
  else if (has(spec, 'podFailurePolicy') && rp !== 'Never') e.invalid('spec.template.spec.restartPolicy', S(rp), 'only "Never" is supported when podFailurePolicy is specified');
  if (!selector) e.required('spec.selector');
  else {
    validateLabelSelector(e, selector, 'spec.selector');
    const m = selectorAsMatcher(selector);
    if (!('error' in m) && !m.matches(labels ?? {})) e.invalid('spec.template.metadata.labels', G(goMapSS(labels)), '`selector` does not match template `labels`');
  }
  if (cm === 'Indexed' && comp !== undefined && comp > 0) {
    const host = `${name}-${comp - 1}`;
    if (isDNS1123Label(host).length > 0) e.invalid('metadata.name', S(name), `will not able to create pod with invalid DNS label: ${host}`);
  }
  const msgs = isDNS1123Label(name);
  if (name !== '' && msgs.length) e.warn(`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`, 'metadata.name');
}

// ---------------------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------------------

const KINDS: Record<string, { validate: (e: Errs, o: Obj) => void; group: string }> = {
  'v1/Namespace': { validate: validateNamespace, group: '' },
  'v1/Service': { validate: validateService, group: '' },
  'v1/ServiceAccount': { validate: (e, o) => validateObjectMeta(e, obj(o, 'metadata') ?? {}, nameIsDNSSubdomain, true), group: '' },
  'v1/Pod': { validate: validatePod, group: '' },
  'apps/v1/Deployment': { validate: (e, o) => validateDeploymentLike(e, o, 'Deployment'), group: 'apps' },
  'apps/v1/ReplicaSet': { validate: (e, o) => validateDeploymentLike(e, o, 'ReplicaSet'), group: 'apps' },
  'apps/v1/StatefulSet': { validate: validateStatefulSet, group: 'apps' },
  'apps/v1/DaemonSet': { validate: validateDaemonSet, group: 'apps' },
  'batch/v1/Job': { validate: validateJob, group: 'batch' },
};

/**
 * The errors (and the few warnings) the Kubernetes 1.28 API server reports when the object is created.
 * Kinds outside Namespace, Service, ServiceAccount, Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet and Job
 * (core/v1, apps/v1, batch/v1) yield [].
 *
 * A value that cannot be decoded (a malformed resource quantity) fails the request before validation: the single
 * problem returned then carries the API server's "cannot be handled as a ..." text.
 */
export function kubeValidation(o: any): ValidationProblem[] {
  if (!isObj(o)) return [];
  const apiVersion = str(o, 'apiVersion');
  const kind = str(o, 'kind');
  const entry = KINDS[`${apiVersion}/${kind}`];
  if (!entry) return [];
  const e = new Errs();
  try {
    entry.validate(e, o);
  } catch (err) {
    if (err instanceof DecodeError) {
      const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
      return [{ level: 'error', field: err.field, message: `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${err.message}` }];
    }
    throw err;
  }
  // field.ErrorList.ToAggregate drops exact duplicates
  const seen = new Set<string>();
  const out: ValidationProblem[] = [];
  for (const fe of e.list) {
    const message = errorText(fe);
    if (seen.has(message)) continue;
    seen.add(message);
    out.push({ level: 'error', field: fe.field, message });
  }
  for (const w of e.warnings) out.push({ level: 'warning', field: w.field, message: w.message });
  return out;
}

/** The Status message the API server returns for the errors: `Deployment.apps "web" is invalid: [...]`. */
export function kubeStatusMessage(o: any, problems: readonly ValidationProblem[]): string | undefined {
  const errors = problems.filter((p) => p.level === 'error');
  if (errors.length === 0 || !isObj(o)) return undefined;
  if (errors.length === 1 && / cannot be handled as a /.test(errors[0].message)) return errors[0].message;
  const kind = str(o, 'kind');
  const apiVersion = str(o, 'apiVersion');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const name = str(obj(o, 'metadata'), 'name');
  const agg = errors.length === 1 ? errors[0].message : `[${errors.map((p) => p.message).join(', ')}]`;
  return `${qualified} ${goQuote(name)} is invalid: ${agg}`;
}
