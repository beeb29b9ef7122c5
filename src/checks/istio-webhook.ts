/**
 * A TypeScript port of the checks Istio's validating admission webhook (istiod, Istio 1.28.10) applies to
 * the networking / security / telemetry resources, with the webhook's own message texts.
 *
 * Sources (tag 1.28.10 of istio/istio, istio/api v1.28.9):
 *   - pkg/config/validation/validation.go, virtualservice.go, header_value_validator.go, validation_istiod.go
 *   - pkg/config/validation/agent/validation.go
 *   - pkg/config/security/security.go, pkg/config/labels/instance.go, pkg/config/host/name.go,
 *     pkg/config/protocol/instance.go, pkg/config/visibility/visibility.go, pkg/jwt/routing.go,
 *     pkg/util/grpc/codes.go, pilot/pkg/model/credentials/resource.go,
 *     pilot/pkg/networking/serviceentry/ip_autoallocation.go
 *   - pkg/webhooks/validation/server/server.go (decoding, "unknown field" check)
 *   - pilot/pkg/config/kube/crd/conversion.go + github.com/golang/protobuf/jsonpb (legacy JSON decoding)
 *
 * Go library behaviour the messages depend on is re-implemented here as well (time.ParseDuration,
 * net/netip, net.SplitHostPort, net/url, strconv, regexp/syntax error detection, encoding/json syntax errors,
 * the jwx JWK-set parse errors, a CEL syntax checker, fmt verbs). See RULES.md for the list of rules and the
 * known deviations.
 *
 * No dependencies beyond the JavaScript runtime; ES2022, strict TypeScript.
 */

export interface ValidationProblem {
  readonly level: 'error' | 'warning';
  readonly field?: string;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------------------
// Go compatibility helpers
// ---------------------------------------------------------------------------------------------------------

const utf8 = new TextEncoder();
/** Go's len() of a string: the number of UTF-8 bytes. */
function blen(s: string): number {
  return Buffer.byteLength(s, 'utf8'); // allocates nothing (lone surrogates count 3, as encoded)
}

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
/** strconv.Quote / fmt %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (cp >= 0x20 && cp < 0x7f) {
      out += ch;
    } else if (cp < 0x80) {
      switch (cp) {
        case 7: out += '\\a'; break;
        case 8: out += '\\b'; break;
        case 12: out += '\\f'; break;
        case 10: out += '\\n'; break;
        case 13: out += '\\r'; break;
        case 9: out += '\\t'; break;
        case 11: out += '\\v'; break;
        default: out += '\\x' + cp.toString(16).padStart(2, '0');
      }
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd';
    } else if (PRINTABLE.test(ch)) {
      out += ch;
    } else if (cp < 0x10000) {
      out += '\\u' + cp.toString(16).padStart(4, '0');
    } else {
      out += '\\U' + cp.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

/** fmt %v of a []string. */
function goList(xs: readonly string[]): string {
  return '[' + xs.join(' ') + ']';
}

/** fmt %v of a float64: strconv 'g' with the shortest precision (exponent form when exp < -4 || exp >= 6). */
export function goFloatV(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // shortest digits
  const e = v.toExponential(); // e.g. "1.5e+2"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const neg = m[1];
  const digits = m[2] + (m[3] ?? '');
  const exp = parseInt(m[4], 10);
  // strconv.FormatFloat(v, 'g', -1, 64): "if precision was the shortest possible, use precision 6 for this decision".
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const es = Math.abs(exp) < 10 ? '0' + Math.abs(exp) : String(Math.abs(exp));
    return `${neg}${mant}e${exp < 0 ? '-' : '+'}${es}`;
  }
  if (exp >= digits.length - 1) return neg + digits + '0'.repeat(exp - (digits.length - 1));
  if (exp >= 0) return neg + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  return neg + '0.' + '0'.repeat(-exp - 1) + digits;
}

/** fmt %f of a float64. */
function goFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v.toFixed(6);
}

type AtoiResult = { ok: true; v: bigint } | { ok: false; err: string };
/** strconv.Atoi (64-bit int). */
function goAtoi(s: string): AtoiResult {
  const syntax = { ok: false as const, err: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  if (s.length === 0) return syntax;
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
    if (s.length === 1) return syntax;
  }
  let n = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return syntax;
    n = n * 10n + BigInt(c - 48);
  }
  if (neg) n = -n;
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    return { ok: false, err: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  }
  return { ok: true, v: n };
}

/** strconv.ParseUint(s, 10, 32). */
function goParseUint32(s: string): { ok: true; v: number } | { ok: false; err: string } {
  if (s.length === 0) return { ok: false, err: `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` };
  let n = 0n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return { ok: false, err: `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` };
    n = n * 10n + BigInt(c - 48);
  }
  if (n > 4294967295n) return { ok: false, err: `strconv.ParseUint: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, v: Number(n) };
}

// ---- net/netip ---------------------------------------------------------------------------------------------

interface ParsedAddr { is4: boolean; zone: string }
type AddrResult = { ok: true; addr: ParsedAddr } | { ok: false; err: string };

function addrErr(input: string, msg: string, at?: string): { ok: false; err: string } {
  if (at !== undefined && at !== '') return { ok: false, err: `ParseAddr(${goQuote(input)}): ${msg} (at ${goQuote(at)})` };
  return { ok: false, err: `ParseAddr(${goQuote(input)}): ${msg}` };
}

function parseIPv4Fields(input: string, off: number, end: number): { ok: false; err: string } | undefined {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digLen === 1 && val === 0) return addrErr(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digLen++;
      if (val > 255) return addrErr(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        return addrErr(input, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (pos === 3) return addrErr(input, 'IPv4 address too long');
      pos++;
      val = 0;
      digLen = 0;
    } else {
      return addrErr(input, 'unexpected character', s.slice(i));
    }
  }
  if (pos < 3) return addrErr(input, 'IPv4 address too short');
  return undefined;
}

function parseIPv6(input: string): AddrResult {
  let s = input;
  let zone = '';
  const zi = s.indexOf('%');
  if (zi !== -1) {
    zone = s.slice(zi + 1);
    s = s.slice(0, zi);
    if (zone === '') return addrErr(input, 'zone must be a non-empty string');
  }
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { ok: true, addr: { is4: false, zone } };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const c = s[off];
      if (c >= '0' && c <= '9') acc = acc * 16 + (c.charCodeAt(0) - 48);
      else if (c >= 'a' && c <= 'f') acc = acc * 16 + (c.charCodeAt(0) - 87);
      else if (c >= 'A' && c <= 'F') acc = acc * 16 + (c.charCodeAt(0) - 55);
      else break;
      if (off > 3) return addrErr(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) return addrErr(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return addrErr(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) {
        return addrErr(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      }
      if (i + 4 > 16) return addrErr(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      let end = input.length;
      if (zone.length > 0) end -= zone.length + 1;
      const e = parseIPv4Fields(input, end - s.length, end);
      if (e) return e;
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') return addrErr(input, 'unexpected character, want colon', s);
    if (s.length === 1) return addrErr(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return addrErr(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return addrErr(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return addrErr(input, 'address string too short');
  } else if (ellipsis >= 0) {
    return addrErr(input, 'the :: must expand to at least one field of zeros');
  }
  return { ok: true, addr: { is4: false, zone } };
}

/** netip.ParseAddr */
function parseAddr(s: string): AddrResult {
  for (let i = 0; i < s.length; i++) {
    switch (s[i]) {
      case '.': {
        const e = parseIPv4Fields(s, 0, s.length);
        return e ?? { ok: true, addr: { is4: true, zone: '' } };
      }
      case ':':
        return parseIPv6(s);
      case '%':
        return addrErr(s, 'missing IPv6 address');
    }
  }
  return addrErr(s, 'unable to parse IP');
}

/** netip.ParsePrefix */
function parsePrefix(s: string): { ok: true } | { ok: false; err: string } {
  const pe = (msg: string) => ({ ok: false as const, err: `netip.ParsePrefix(${goQuote(s)}): ${msg}` });
  const i = s.lastIndexOf('/');
  if (i < 0) return pe("no '/'");
  const ip = parseAddr(s.slice(0, i));
  if (!ip.ok) return pe(ip.err);
  if (!ip.addr.is4 && ip.addr.zone !== '') return pe('IPv6 zones cannot be present in a prefix');
  const bitsStr = s.slice(i + 1);
  const bad = pe('bad bits after slash: ' + goQuote(bitsStr));
  if (bitsStr.length > 1 && (bitsStr[0] < '1' || bitsStr[0] > '9')) return bad;
  const bits = goAtoi(bitsStr);
  if (!bits.ok) return bad;
  const maxBits = ip.addr.is4 ? 32n : 128n;
  if (bits.v < 0n || bits.v > maxBits) return pe('prefix length out of range');
  return { ok: true };
}

/** pkg/util/net.IsValidIPAddress */
function isValidIPAddress(s: string): boolean {
  return parseAddr(s).ok;
}

/** net.SplitHostPort */
function splitHostPort(hostport: string): { host: string; port: string; err?: string } {
  const addrError = (why: string) => ({ host: '', port: '', err: hostport !== '' ? `address ${hostport}: ${why}` : why });
  const missingPort = 'missing port in address';
  const tooManyColons = 'too many colons in address';
  let j = 0;
  let k = 0;
  const i = hostport.lastIndexOf(':');
  if (i < 0) return addrError(missingPort);
  let host: string;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return addrError("missing ']' in address");
    if (end + 1 === hostport.length) return addrError(missingPort);
    if (end + 1 !== i) {
      if (hostport[end + 1] === ':') return addrError(tooManyColons);
      return addrError(missingPort);
    }
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return addrError(tooManyColons);
  }
  if (hostport.slice(j).includes('[')) return addrError("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) return addrError("unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

// ---- time.ParseDuration ------------------------------------------------------------------------------------

function timeQuote(s: string): string {
  let buf = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of utf8.encode(ch)) buf += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') buf += '\\';
      buf += ch;
    }
  }
  return buf + '"';
}

const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5
  'μs': 1000n, // U+03BC
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};
const MAX_U63 = 1n << 63n;

/** time.ParseDuration, returning nanoseconds. */
export function parseGoDuration(orig: string): { ok: true; ns: bigint } | { ok: false; err: string } {
  const invalid = { ok: false as const, err: 'time: invalid duration ' + timeQuote(orig) };
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '') {
    const c = s[0];
    if (c === '-' || c === '+') {
      neg = c === '-';
      s = s.slice(1);
    }
  }
  if (s === '0') return { ok: true, ns: 0n };
  if (s === '') return invalid;
  while (s !== '') {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid;
    // leadingInt
    let i = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c < '0' || c > '9') break;
      if (v > MAX_U63 / 10n) return invalid;
      v = v * 10n + BigInt(c.charCodeAt(0) - 48);
      if (v > MAX_U63) return invalid;
    }
    const pre = i !== 0;
    s = s.slice(i);
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length; j++) {
        const c = s[j];
        if (c < '0' || c > '9') break;
        if (overflow) continue;
        if (f > (MAX_U63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c.charCodeAt(0) - 48);
        if (y > MAX_U63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j !== 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid;
    let u = 0;
    while (u < s.length) {
      const c = s[u];
      if (c === '.' || (c >= '0' && c <= '9')) break;
      u++;
    }
    if (u === 0) return { ok: false, err: 'time: missing unit in duration ' + timeQuote(orig) };
    const unitStr = s.slice(0, u);
    s = s.slice(u);
    const unit = DURATION_UNITS[unitStr];
    if (unit === undefined) {
      return { ok: false, err: 'time: unknown unit ' + timeQuote(unitStr) + ' in duration ' + timeQuote(orig) };
    }
    if (v > MAX_U63 / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX_U63) return invalid;
    }
    d += v;
    if (d > MAX_U63) return invalid;
  }
  if (neg) return { ok: true, ns: -d };
  if (d > MAX_U63 - 1n) return invalid;
  return { ok: true, ns: d };
}

// ---- net/http.StatusText -----------------------------------------------------------------------------------

export const HTTP_STATUS_CODES = new Set<number>([
  100, 101, 102, 103,
  200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
  300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
  421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

// ---- encoding/json syntax errors (checkValid) -----------------------------------------------------------------

function jsonQuoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const q = goQuote(String.fromCodePoint(c));
  return "'" + q.slice(1, -1) + "'";
}

/** encoding/json's checkValid: returns Go's SyntaxError message, or undefined when the input is valid JSON. */
export function goJSONSyntaxError(src: string): string | undefined {
  const b = utf8.encode(src);
  let i = 0;
  const ws = () => {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  };
  const EOF = 'unexpected end of JSON input';
  const bad = (ctx: string) => `invalid character ${jsonQuoteChar(b[i])} ${ctx}`;
  const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
  const value = (): string | undefined => {
    ws();
    if (i >= b.length) return EOF;
    const c = b[i];
    if (c === 0x7b) { // {
      i++;
      ws();
      if (i >= b.length) return EOF;
      if (b[i] === 0x7d) { i++; return undefined; }
      for (;;) {
        ws();
        if (i >= b.length) return EOF;
        if (b[i] !== 0x22) return bad('looking for beginning of object key string');
        const e = str();
        if (e) return e;
        ws();
        if (i >= b.length) return EOF;
        if (b[i] !== 0x3a) return bad('after object key');
        i++;
        const ve = value();
        if (ve) return ve;
        ws();
        if (i >= b.length) return EOF;
        if (b[i] === 0x2c) { i++; continue; }
        if (b[i] === 0x7d) { i++; return undefined; }
        return bad('after object key:value pair');
      }
    }
    if (c === 0x5b) { // [
      i++;
      ws();
      if (i >= b.length) return EOF;
      if (b[i] === 0x5d) { i++; return undefined; }
      for (;;) {
        const ve = value();
        if (ve) return ve;
        ws();
        if (i >= b.length) return EOF;
        if (b[i] === 0x2c) { i++; continue; }
        if (b[i] === 0x5d) { i++; return undefined; }
        return bad('after array element');
      }
    }
    if (c === 0x22) return str();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return num();
    for (const [lit, name] of [['true', 'true'], ['false', 'false'], ['null', 'null']] as const) {
      if (c === lit.charCodeAt(0)) {
        i++;
        for (let k = 1; k < lit.length; k++) {
          if (i >= b.length) return EOF;
          if (b[i] !== lit.charCodeAt(k)) return bad(`in literal ${name} (expecting '${lit[k]}')`);
          i++;
        }
        return undefined;
      }
    }
    return bad('looking for beginning of value');
  };
  const str = (): string | undefined => {
    i++; // opening quote
    for (;;) {
      if (i >= b.length) return EOF;
      const c = b[i];
      if (c === 0x22) { i++; return undefined; }
      if (c === 0x5c) {
        i++;
        if (i >= b.length) return EOF;
        const e = b[i];
        if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(e)) { i++; continue; }
        if (e === 0x75) {
          i++;
          for (let k = 0; k < 4; k++) {
            if (i >= b.length) return EOF;
            if (!isHex(b[i])) return bad('in \\u hexadecimal character escape');
            i++;
          }
          continue;
        }
        return bad('in string escape code');
      }
      if (c < 0x20) return bad('in string literal');
      i++;
    }
  };
  const num = (): string | undefined => {
    if (b[i] === 0x2d) {
      i++;
      if (i >= b.length) return EOF;
      if (!(b[i] >= 0x30 && b[i] <= 0x39)) return bad('in numeric literal');
    }
    if (b[i] === 0x30) i++;
    else while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39) i++;
    if (i < b.length && b[i] === 0x2e) {
      i++;
      if (i >= b.length) return EOF;
      if (!(b[i] >= 0x30 && b[i] <= 0x39)) return bad('after decimal point in numeric literal');
      while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39) i++;
    }
    if (i < b.length && (b[i] === 0x65 || b[i] === 0x45)) {
      i++;
      if (i < b.length && (b[i] === 0x2b || b[i] === 0x2d)) i++;
      if (i >= b.length) return EOF;
      if (!(b[i] >= 0x30 && b[i] <= 0x39)) return bad('in exponent of numeric literal');
      while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39) i++;
    }
    return undefined;
  };
  const e = value();
  if (e) return e;
  ws();
  if (i < b.length) return bad('after top-level value');
  return undefined;
}

/** jwk.Parse (github.com/lestrrat-go/jwx v1.2.x) failure text, or undefined when the JWKS parses. Key material is not decoded. */
function jwkParseError(src: string): string | undefined {
  const syn = goJSONSyntaxError(src);
  if (syn) return `failed to unmarshal JWK set: ${syn}`;
  const v: unknown = JSON.parse(src);
  const wrap = (m: string) => `failed to unmarshal JWK set: ${m}`;
  if (Array.isArray(v)) return wrap("expected '{', but got '['");
  if (typeof v === 'string') return wrap(`failed to decode value for key ${goQuote(v)}: EOF`);
  if (v === null || typeof v !== 'object') return wrap('error reading token: EOF');
  const obj = v as Record<string, unknown>;
  const keyTypeErr = (k: unknown): string | undefined => {
    if (k === null || typeof k !== 'object' || Array.isArray(k)) {
      const kind = k === null ? undefined : Array.isArray(k) ? 'array' : typeof k === 'string' ? 'string' : typeof k === 'number' ? 'number' : 'bool';
      if (kind === undefined) return 'invalid key type from JSON ()';
      return `failed to unmarshal JSON into key hint: json: cannot unmarshal ${kind} into Go value of type struct { Kty string "json:\\"kty\\""; D json.RawMessage "json:\\"d\\"" }`;
    }
    const kty = (k as Record<string, unknown>)['kty'];
    if (kty !== undefined && kty !== null && typeof kty !== 'string') {
      const kind = Array.isArray(kty) ? 'array' : typeof kty === 'object' ? 'object' : typeof kty === 'number' ? 'number' : 'bool';
      return `failed to unmarshal JSON into key hint: json: cannot unmarshal ${kind} into Go struct field .kty of type string`;
    }
    const t = typeof kty === 'string' ? kty : '';
    if (t !== 'RSA' && t !== 'EC' && t !== 'oct' && t !== 'OKP') return `invalid key type from JSON (${t})`;
    return undefined;
  };
  if (Object.prototype.hasOwnProperty.call(obj, 'keys')) {
    const keys = obj['keys'];
    if (keys !== null && !Array.isArray(keys)) {
      const kind = typeof keys === 'object' ? 'object' : typeof keys === 'string' ? 'string' : typeof keys === 'number' ? 'number' : 'bool';
      return wrap(`failed to decode "keys": json: cannot unmarshal ${kind} into Go value of type []json.RawMessage`);
    }
    for (let i = 0; Array.isArray(keys) && i < keys.length; i++) {
      const e = keyTypeErr(keys[i]);
      if (e) return wrap(`failed to decode key #${i} in "keys": ${e}`);
    }
    return undefined;
  }
  const e = keyTypeErr(obj);
  if (e) return wrap(`failed to parse sole key in key set: ${e}`);
  return undefined;
}

// ---- net/url.Parse (the parts ParseJwksURI depends on) --------------------------------------------------------

function isHexChar(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

function urlShouldEscapeHost(c: string): boolean {
  if (/[a-zA-Z0-9]/.test(c)) return false;
  if ("!$&'()*+,;=:[]<>\"".includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  return true;
}

function urlUnescapeCheck(s: string, host: boolean): string | undefined {
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !isHexChar(s[i + 1]) || !isHexChar(s[i + 2])) {
        let t = s.slice(i);
        if (t.length > 3) t = t.slice(0, 3);
        return 'invalid URL escape ' + goQuote(t);
      }
      if (host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') return 'invalid URL escape ' + goQuote(s.slice(i, i + 3));
      i += 3;
    } else {
      if (host && c.charCodeAt(0) < 0x80 && urlShouldEscapeHost(c)) return 'invalid character ' + goQuote(c) + ' in host name';
      i++;
    }
  }
  return undefined;
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

/** url.Parse: returns scheme/host/port or Go's error text. */
function goURLParse(rawURL: string): { ok: true; scheme: string; host: string } | { ok: false; err: string } {
  const hashAt = rawURL.indexOf('#');
  const u = hashAt >= 0 ? rawURL.slice(0, hashAt) : rawURL;
  const frag = hashAt >= 0 ? rawURL.slice(hashAt + 1) : '';
  const fail = (url: string, e: string) => ({ ok: false as const, err: `parse ${goQuote(url)}: ${e}` });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(u)) return fail(u, 'net/url: invalid control character in URL');
  if (u === '*') return { ok: true, scheme: '', host: '' };
  let scheme = '';
  let rest = u;
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return fail(u, 'missing protocol scheme');
      scheme = u.slice(0, i);
      rest = u.slice(i + 1);
    }
    break;
  }
  scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length - 1 === 1) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) rest = rest.slice(0, q);
  }
  let host = '';
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { ok: true, scheme, host: '' };
    const seg = rest.split('/')[0];
    if (seg.includes(':')) return fail(u, 'first path segment in URL cannot contain colon');
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    let pathRest = '';
    const si = authority.indexOf('/');
    if (si >= 0) {
      pathRest = authority.slice(si);
      authority = authority.slice(0, si);
    }
    const at = authority.lastIndexOf('@');
    const h = at < 0 ? authority : authority.slice(at + 1);
    if (h.startsWith('[')) {
      const i = h.lastIndexOf(']');
      if (i < 0) return fail(u, "missing ']' in host");
      const colonPort = h.slice(i + 1);
      if (!validOptionalPort(colonPort)) return fail(u, `invalid port ${goQuote(colonPort)} after host`);
    } else {
      const i = h.lastIndexOf(':');
      if (i !== -1) {
        const colonPort = h.slice(i);
        if (!validOptionalPort(colonPort)) return fail(u, `invalid port ${goQuote(colonPort)} after host`);
      }
    }
    const he = urlUnescapeCheck(h, true);
    if (he) return fail(u, he);
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return fail(u, 'net/url: invalid userinfo');
      const ue = urlUnescapeCheck(userinfo, false);
      if (ue) return fail(u, ue);
    }
    host = h;
    rest = pathRest;
  }
  const pe = urlUnescapeCheck(rest, false);
  if (pe) return fail(u, pe);
  if (frag !== '') {
    const fe = urlUnescapeCheck(frag, false);
    if (fe) return fail(rawURL, fe);
  }
  return { ok: true, scheme, host };
}

function urlPort(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon === -1) return '';
  if (host.startsWith('[') && host.lastIndexOf(']') > colon) return '';
  const p = host.slice(colon + 1);
  return /^[0-9]+$/.test(p) ? p : '';
}

/** security.ParseJwksURI error text, or undefined. */
function parseJwksURIError(jwksURI: string): string | undefined {
  const u = goURLParse(jwksURI);
  if (!u.ok) return u.err;
  if (u.scheme !== 'http' && u.scheme !== 'https') return `URI scheme ${goQuote(u.scheme)} is not supported`;
  const port = urlPort(u.host);
  if (port !== '') {
    const a = goAtoi(port);
    if (!a.ok) return a.err;
  }
  return undefined;
}

// ---- regexp/syntax (Perl flags): error detection with Go's error codes and expressions --------------------------

interface RNode { op: 'lp' | 'vb' | 'repeat' | 'x'; min: number; max: number; subs: RNode[]; cap?: boolean }
class RegexpError extends Error {}

const POSIX_GROUPS = new Set(
  ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']
    .flatMap((n) => [`[:${n}:]`, `[:^${n}:]`]),
);
const UNICODE_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Cn', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);
const UNICODE_CATEGORY_ALIASES = [
  'Other', 'Control', 'Format', 'Unassigned', 'Private_Use', 'Surrogate', 'Letter', 'Cased_Letter', 'Lowercase_Letter',
  'Modifier_Letter', 'Other_Letter', 'Titlecase_Letter', 'Uppercase_Letter', 'Mark', 'Combining_Mark', 'Spacing_Mark',
  'Enclosing_Mark', 'Nonspacing_Mark', 'Number', 'Decimal_Number', 'digit', 'Letter_Number', 'Other_Number',
  'Punctuation', 'punct', 'Connector_Punctuation', 'Dash_Punctuation', 'Close_Punctuation', 'Final_Punctuation',
  'Initial_Punctuation', 'Other_Punctuation', 'Open_Punctuation', 'Symbol', 'Currency_Symbol', 'Modifier_Symbol',
  'Math_Symbol', 'Other_Symbol', 'Separator', 'Line_Separator', 'Paragraph_Separator', 'Space_Separator',
];

/** regexp/syntax canonicalName */
function reCanonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const ch of name) {
    if (ch === '_' || ch === '-' || ch === ' ') continue;
    if (first) {
      out += ch.toUpperCase();
      first = false;
    } else {
      out += ch.toLowerCase();
    }
  }
  return out;
}
const CANON_ALIASES = new Set(UNICODE_CATEGORY_ALIASES.map(reCanonicalName));

function unicodeClassKnown(name: string): boolean {
  const c = reCanonicalName(name);
  if (c === 'Any' || c === 'Assigned' || c === 'Ascii' || c === 'Lc') return true;
  if (UNICODE_CATEGORIES.has(c)) return true;
  if (CANON_ALIASES.has(c)) return true;
  if (!/^[A-Za-z_]+$/.test(name)) return false;
  try {
    // Script names: JavaScript knows the same Unicode script list (exact spelling, e.g. "Han", "Latin").
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    try {
      new RegExp(`\\p{Script=${c}}`, 'u');
      return true;
    } catch {
      return false;
    }
  }
}

function nextRune(s: string): [string, string] {
  if (s === '') return ['\ufffd', ''];
  const cp = s.codePointAt(0)!;
  const ch = String.fromCodePoint(cp);
  return [ch, s.slice(ch.length)];
}

const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
const unhex = (c: string) => (isHexChar(c) ? parseInt(c, 16) : -1);

/** regexp.Compile error text (Perl syntax, as used by Istio), or undefined when the expression compiles. */
export function goRegexpError(whole: string): string | undefined {
  try {
    reParse(whole);
    return undefined;
  } catch (e) {
    if (e instanceof RegexpError) return e.message;
    throw e;
  }
}

function reErr(code: string, expr: string): RegexpError {
  return new RegexpError('error parsing regexp: ' + code + ': `' + expr + '`');
}

function repeatIsValid(re: RNode, n: number): boolean {
  if (re.op === 'repeat') {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > n) return false;
    if (m > 0) n = Math.trunc(n / m);
  }
  for (const sub of re.subs) if (!repeatIsValid(sub, n)) return false;
  return true;
}

function reParse(s: string): void {
  const stack: RNode[] = [];
  const leaf = (): RNode => ({ op: 'x', min: 0, max: 0, subs: [] });
  const isPseudo = (n: RNode) => n.op === 'lp' || n.op === 'vb';
  const concat = () => {
    let i = stack.length;
    while (i > 0 && !isPseudo(stack[i - 1])) i--;
    const subs = stack.splice(i);
    stack.push(subs.length === 1 ? subs[0] : { op: 'x', min: 0, max: 0, subs });
  };
  const swapVerticalBar = (): boolean => {
    const n = stack.length;
    if (n >= 2 && stack[n - 2].op === 'vb') {
      const re1 = stack[n - 1];
      stack[n - 1] = stack[n - 2];
      stack[n - 2] = re1;
      return true;
    }
    return false;
  };
  const alternate = () => {
    let i = stack.length;
    while (i > 0 && !isPseudo(stack[i - 1])) i--;
    const subs = stack.splice(i);
    stack.push(subs.length === 1 ? subs[0] : { op: 'x', min: 0, max: 0, subs });
  };
  const repeat = (op: 'x' | 'repeat', min: number, max: number, before: string, after: string, lastRepeat: string): string => {
    if (after.length > 0 && after[0] === '?') after = after.slice(1);
    if (lastRepeat !== '') throw reErr('invalid nested repetition operator', lastRepeat.slice(0, lastRepeat.length - after.length));
    const n = stack.length;
    if (n === 0 || isPseudo(stack[n - 1])) {
      throw reErr('missing argument to repetition operator', before.slice(0, before.length - after.length));
    }
    const re: RNode = { op, min, max, subs: [stack[n - 1]] };
    stack[n - 1] = re;
    if (op === 'repeat' && (min >= 2 || max >= 2) && !repeatIsValid(re, 1000)) {
      throw reErr('invalid repeat count', before.slice(0, before.length - after.length));
    }
    return after;
  };
  const parseInt10 = (t: string): [number, string, boolean] => {
    if (t === '' || t[0] < '0' || t[0] > '9') return [0, t, false];
    if (t.length >= 2 && t[0] === '0' && t[1] >= '0' && t[1] <= '9') return [0, t, false];
    let j = 0;
    while (j < t.length && t[j] >= '0' && t[j] <= '9') j++;
    let n = 0;
    for (let k = 0; k < j; k++) {
      if (n >= 1e8) {
        n = -1;
        break;
      }
      n = n * 10 + (t.charCodeAt(k) - 48);
    }
    return [n, t.slice(j), true];
  };
  const parseRepeat = (t: string): { min: number; max: number; rest: string } | undefined => {
    if (t === '' || t[0] !== '{') return undefined;
    t = t.slice(1);
    let ok: boolean;
    let min: number;
    let max: number;
    [min, t, ok] = parseInt10(t);
    if (!ok || t === '') return undefined;
    if (t[0] !== ',') {
      max = min;
    } else {
      t = t.slice(1);
      if (t === '') return undefined;
      if (t[0] === '}') {
        max = -1;
      } else {
        [max, t, ok] = parseInt10(t);
        if (!ok) return undefined;
        if (max < 0) min = -1;
      }
    }
    if (t === '' || t[0] !== '}') return undefined;
    return { min, max, rest: t.slice(1) };
  };
  const parseEscape = (t0: string): string => {
    let t = t0.slice(1);
    if (t === '') throw reErr('trailing backslash at end of expression', '');
    let c: string;
    [c, t] = nextRune(t);
    const fail = () => reErr('invalid escape sequence', t0.slice(0, t0.length - t.length));
    switch (c) {
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        // Go's octal escape: \1-\7 need a second octal digit (no backreferences in RE2); \0 does not.
        if (c !== '0' && (t === '' || t[0] < '0' || t[0] > '7')) throw fail();
        for (let k = 1; k < 3; k++) {
          if (t === '' || t[0] < '0' || t[0] > '7') break;
          t = t.slice(1);
        }
        return t;
      case 'x': {
        if (t === '') throw fail();
        [c, t] = nextRune(t);
        if (c === '{') {
          let nhex = 0;
          let r = 0;
          for (;;) {
            if (t === '') throw fail();
            [c, t] = nextRune(t);
            if (c === '}') break;
            const v = unhex(c);
            if (v < 0) throw fail();
            r = r * 16 + v;
            if (r > 0x10ffff) throw fail();
            nhex++;
          }
          if (nhex === 0) throw fail();
          return t;
        }
        const x = unhex(c);
        [c, t] = nextRune(t);
        const y = unhex(c);
        if (x < 0 || y < 0) throw fail();
        return t;
      }
      case 'a': case 'f': case 'n': case 'r': case 't': case 'v':
        return t;
      default:
        if (c.codePointAt(0)! < 0x80 && !isAlnum(c)) return t;
        throw fail();
    }
  };
  const parseUnicodeClass = (t: string): string | undefined => {
    if (t.length < 2 || t[0] !== '\\' || (t[1] !== 'p' && t[1] !== 'P')) return undefined;
    let rest = t.slice(2);
    let c: string;
    [c, rest] = nextRune(rest);
    let seq: string;
    let name: string;
    if (c !== '{') {
      seq = t.slice(0, t.length - rest.length);
      name = seq.slice(2);
    } else {
      const end = t.indexOf('}');
      if (end < 0) throw reErr('invalid character class range', t);
      seq = t.slice(0, end + 1);
      rest = t.slice(end + 1);
      name = t.slice(3, end);
    }
    if (name !== '' && name[0] === '^') name = name.slice(1);
    if (name === '' || name === '\ufffd' || !unicodeClassKnown(name)) throw reErr('invalid character class range', seq);
    return rest;
  };
  const parsePerlClassEscape = (t: string): string | undefined => {
    if (t.length < 2 || t[0] !== '\\') return undefined;
    if ('dDsSwW'.includes(t[1])) return t.slice(2);
    return undefined;
  };
  const parseClass = (s0: string): string => {
    let t = s0.slice(1);
    if (t !== '' && t[0] === '^') t = t.slice(1);
    let first = true;
    while (t === '' || t[0] !== ']' || first) {
      first = false;
      if (t.length > 2 && t[0] === '[' && t[1] === ':') {
        const i = t.slice(2).indexOf(':]');
        if (i >= 0) {
          const name = t.slice(0, i + 4);
          if (!POSIX_GROUPS.has(name)) throw reErr('invalid character class range', name);
          t = t.slice(i + 4);
          continue;
        }
      }
      const u = parseUnicodeClass(t);
      if (u !== undefined) {
        t = u;
        continue;
      }
      const pc = parsePerlClassEscape(t);
      if (pc !== undefined) {
        t = pc;
        continue;
      }
      const rng = t;
      const classChar = (x: string): [number, string] => {
        if (x === '') throw reErr('missing closing ]', s0);
        if (x[0] === '\\') {
          const rest = parseEscape(x);
          return [escapeValue(x, rest), rest];
        }
        const [ch, rest] = nextRune(x);
        return [ch.codePointAt(0)!, rest];
      };
      let lo: number;
      let hi: number;
      [lo, t] = classChar(t);
      hi = lo;
      if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
        t = t.slice(1);
        [hi, t] = classChar(t);
        if (hi < lo) throw reErr('invalid character class range', rng.slice(0, rng.length - t.length));
      }
    }
    return t.slice(1);
  };

  let t = s;
  let lastRepeat = '';
  while (t !== '') {
    let rep = '';
    const c = t[0];
    if (c === '(') {
      if (t.length >= 2 && t[1] === '?') {
        t = parsePerlFlags(t, stack);
      } else {
        stack.push({ op: 'lp', min: 0, max: 0, subs: [], cap: true });
        t = t.slice(1);
      }
    } else if (c === '|') {
      concat();
      if (!swapVerticalBar()) stack.push({ op: 'vb', min: 0, max: 0, subs: [] });
      t = t.slice(1);
    } else if (c === ')') {
      concat();
      if (swapVerticalBar()) stack.pop();
      alternate();
      const n = stack.length;
      if (n < 2) throw reErr('unexpected )', s);
      const re1 = stack[n - 1];
      const re2 = stack[n - 2];
      stack.length = n - 2;
      if (re2.op !== 'lp') throw reErr('unexpected )', s);
      stack.push(re2.cap ? { op: 'x', min: 0, max: 0, subs: [re1] } : re1);
      t = t.slice(1);
    } else if (c === '^' || c === '$' || c === '.') {
      stack.push(leaf());
      t = t.slice(1);
    } else if (c === '[') {
      t = parseClass(t);
      stack.push(leaf());
    } else if (c === '*' || c === '+' || c === '?') {
      const before = t;
      t = repeat('x', 0, 0, before, t.slice(1), lastRepeat);
      rep = before;
    } else if (c === '{') {
      const before = t;
      const r = parseRepeat(t);
      if (!r) {
        stack.push(leaf());
        t = t.slice(1);
      } else {
        if (r.min < 0 || r.min > 1000 || r.max > 1000 || (r.max >= 0 && r.min > r.max)) {
          throw reErr('invalid repeat count', before.slice(0, before.length - r.rest.length));
        }
        t = repeat('repeat', r.min, r.max, before, r.rest, lastRepeat);
        rep = before;
      }
    } else if (c === '\\') {
      let handled = false;
      if (t.length >= 2) {
        switch (t[1]) {
          case 'A': case 'b': case 'B': case 'z':
            stack.push(leaf());
            t = t.slice(2);
            handled = true;
            break;
          case 'C':
            throw reErr('invalid escape sequence', t.slice(0, 2));
          case 'Q': {
            const rest = t.slice(2);
            const e = rest.indexOf('\\E');
            const lit = e >= 0 ? rest.slice(0, e) : rest;
            t = e >= 0 ? rest.slice(e + 2) : '';
            for (const _ of lit) stack.push(leaf());
            handled = true;
            break;
          }
        }
      }
      if (!handled) {
        const u = t.length >= 2 && (t[1] === 'p' || t[1] === 'P') ? parseUnicodeClass(t) : undefined;
        if (u !== undefined) {
          t = u;
        } else {
          const pc = parsePerlClassEscape(t);
          t = pc !== undefined ? pc : parseEscape(t);
        }
        stack.push(leaf());
      }
    } else {
      t = nextRune(t)[1];
      stack.push(leaf());
    }
    lastRepeat = rep;
  }
  concat();
  if (swapVerticalBar()) stack.pop();
  alternate();
  if (stack.length !== 1) throw reErr('missing closing )', s);
}

function escapeValue(full: string, rest: string): number {
  const e = full.slice(0, full.length - rest.length);
  const c = e[1];
  if (c === 'x') {
    const h = e.startsWith('\\x{') ? e.slice(3, -1) : e.slice(2);
    return parseInt(h, 16);
  }
  if (c >= '0' && c <= '7') return parseInt(e.slice(1), 8);
  const map: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (c in map) return map[c];
  return c.codePointAt(0)!;
}

function parsePerlFlags(s: string, stack: RNode[]): string {
  let t = s;
  const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
  const startsWithName = t.length > 3 && t[2] === '<';
  if (startsWithP || startsWithName) {
    const exprStartPos = startsWithName ? 3 : 4;
    const end = t.indexOf('>');
    if (end < 0) throw reErr('invalid named capture', s);
    const capture = t.slice(0, end + 1);
    const name = t.slice(exprStartPos, end);
    if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) throw reErr('invalid named capture', capture);
    stack.push({ op: 'lp', min: 0, max: 0, subs: [], cap: true });
    return t.slice(end + 1);
  }
  t = t.slice(2);
  let sign = 1;
  let sawFlag = false;
  while (t !== '') {
    let c: string;
    [c, t] = nextRune(t);
    if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
      sawFlag = true;
      continue;
    }
    if (c === '-') {
      if (sign < 0) break;
      sign = -1;
      sawFlag = false;
      continue;
    }
    if (c === ':' || c === ')') {
      if (sign < 0 && !sawFlag) break;
      if (c === ':') stack.push({ op: 'lp', min: 0, max: 0, subs: [], cap: false });
      return t;
    }
    break;
  }
  throw reErr('invalid or unsupported Perl syntax', s.slice(0, s.length - t.length));
}

// ---- CEL syntax check (cel-go Parse); message texts are approximations of the ANTLR ones --------------------------

const CEL_RESERVED = new Set([
  'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package',
  'namespace', 'return', 'var', 'void', 'while',
]);
const CEL_PRIMARY_EXPECT =
  "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";

interface CelTok { t: string; v: string; off: number }
class CelError extends Error {
  constructor(readonly off: number, msg: string) {
    super(msg);
  }
}

function celLex(src: string): CelTok[] {
  const toks: CelTok[] = [];
  let i = 0;
  const puncts = ['==', '!=', '<=', '>=', '&&', '||', '!', '<', '>', '?', ':', '(', ')', '[', ']', '{', '}', '.', ',', '+', '-', '*', '/', '%'];
  while (i < src.length) {
    const c = src[i];
    if (/[\t\n\f\r ]/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    // string / bytes literals with optional r/b prefixes
    const sm = /^([rR][bB]?|[bB][rR]?)?('''|"""|'|")/.exec(src.slice(i));
    if (sm) {
      const prefix = sm[1] ?? '';
      const q = sm[2];
      const raw = /r/i.test(prefix);
      let j = i + prefix.length + q.length;
      let closed = false;
      while (j < src.length) {
        if (src.startsWith(q, j)) {
          closed = true;
          j += q.length;
          break;
        }
        const ch = src[j];
        if (q.length === 1 && (ch === '\n' || ch === '\r')) break;
        if (ch === '\\' && !raw) {
          const n = src[j + 1];
          if (n === undefined) break;
          if ('abfnrtv\\\'"`?'.includes(n)) j += 2;
          else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(j + 2, j + 4))) j += 4;
          else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) j += 6;
          else if (n === 'U' && /^[0-9a-fA-F]{8}$/.test(src.slice(j + 2, j + 10))) j += 10;
          else if (/^[0-3][0-7][0-7]$/.test(src.slice(j + 1, j + 4))) j += 4;
          else throw new CelError(i, `Syntax error: token recognition error at: '${src.slice(i, j + 2)}'`);
          continue;
        }
        if (ch === '\\' && raw) {
          j += 2;
          continue;
        }
        j++;
      }
      if (!closed) throw new CelError(i, `Syntax error: token recognition error at: '${src.slice(i, j)}'`);
      toks.push({ t: /b/i.test(prefix) ? 'BYTES' : 'STRING', v: src.slice(i, j), off: i });
      i = j;
      continue;
    }
    const nm = /^(?:0x[0-9a-fA-F]+[uU]?|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|[0-9]+[uU]?)/.exec(src.slice(i));
    if (nm && nm[0].length > 0) {
      const v = nm[0];
      toks.push({ t: /[.eE]/.test(v) && !v.startsWith('0x') ? 'NUM_FLOAT' : /[uU]$/.test(v) ? 'NUM_UINT' : 'NUM_INT', v, off: i });
      i += v.length;
      continue;
    }
    const im = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(src.slice(i));
    if (im) {
      const v = im[0];
      const kw = v === 'true' || v === 'false' || v === 'null' || v === 'in';
      toks.push({ t: kw ? v : 'IDENTIFIER', v, off: i });
      i += v.length;
      continue;
    }
    const p = puncts.find((x) => src.startsWith(x, i));
    if (p) {
      toks.push({ t: p, v: p, off: i });
      i += p.length;
      continue;
    }
    throw new CelError(i, `Syntax error: token recognition error at: '${c}'`);
  }
  toks.push({ t: '<EOF>', v: '<EOF>', off: src.length });
  return toks;
}

function celParse(src: string): void {
  const toks = celLex(src);
  let p = 0;
  const peek = () => toks[p];
  const take = () => toks[p++];
  const tokText = (tk: CelTok) => (tk.t === '<EOF>' ? '<EOF>' : tk.v);
  const expect = (t: string) => {
    const tk = peek();
    if (tk.t !== t) throw new CelError(tk.off, `Syntax error: missing '${t}' at '${tokText(tk)}'`);
    take();
  };
  const ident = (tk: CelTok) => {
    if (CEL_RESERVED.has(tk.v)) throw new CelError(tk.off, `reserved identifier: ${tk.v}`);
  };
  // Items up to `close` (not taken), comma-separated, a trailing comma allowed.
  const exprList = (close: string, item: () => void = expr) => {
    if (peek().t === close) return;
    for (;;) {
      item();
      if (peek().t === ',') {
        take();
        if (peek().t === close) return;
        continue;
      }
      return;
    }
  };
  const primary = (): void => {
    const tk = peek();
    switch (tk.t) {
      case '.':
        take();
        if (peek().t !== 'IDENTIFIER') {
          throw new CelError(peek().off, `Syntax error: mismatched input '${tokText(peek())}' expecting IDENTIFIER`);
        }
        return primary();
      case 'IDENTIFIER':
        ident(tk);
        take();
        if (peek().t === '(') {
          take();
          exprList(')');
          expect(')');
        } else if (peek().t === '{') {
          take();
          exprList('}', () => {
            const f = peek();
            if (f.t !== 'IDENTIFIER') throw new CelError(f.off, `Syntax error: mismatched input '${tokText(f)}' expecting IDENTIFIER`);
            take();
            expect(':');
            expr();
          });
          expect('}');
        }
        return;
      case '(':
        take();
        expr();
        expect(')');
        return;
      case '[':
        take();
        exprList(']');
        expect(']');
        return;
      case '{':
        take();
        exprList('}', () => {
          expr();
          expect(':');
          expr();
        });
        expect('}');
        return;
      case 'true': case 'false': case 'null': case 'NUM_INT': case 'NUM_UINT': case 'NUM_FLOAT': case 'STRING': case 'BYTES':
        take();
        return;
      default:
        throw new CelError(tk.off, `Syntax error: mismatched input '${tokText(tk)}' expecting ${CEL_PRIMARY_EXPECT}`);
    }
  };
  const member = () => {
    primary();
    for (;;) {
      const tk = peek();
      if (tk.t === '.') {
        take();
        const id = peek();
        if (id.t !== 'IDENTIFIER') throw new CelError(id.off, `Syntax error: no viable alternative at input '.${tokText(id)}'`);
        take();
        if (peek().t === '(') {
          take();
          exprList(')');
          expect(')');
        }
      } else if (tk.t === '[') {
        take();
        expr();
        expect(']');
      } else {
        return;
      }
    }
  };
  const unary = () => {
    if (peek().t === '!' || peek().t === '-') {
      while (peek().t === '!' || peek().t === '-') take();
    }
    member();
  };
  const binary = (ops: string[], next: () => void) => () => {
    next();
    while (ops.includes(peek().t)) {
      take();
      next();
    }
  };
  const mult = binary(['*', '/', '%'], unary);
  const add = binary(['+', '-'], mult);
  const rel = binary(['<', '<=', '>=', '>', '==', '!=', 'in'], add);
  const and = binary(['&&'], rel);
  const or = binary(['||'], and);
  function expr(): void {
    or();
    if (peek().t === '?') {
      take();
      or();
      expect(':');
      expr();
    }
  }
  expr();
  if (peek().t !== '<EOF>') {
    const tk = peek();
    throw new CelError(tk.off, `Syntax error: extraneous input '${tokText(tk)}' expecting <EOF>`);
  }
}

/** cel-go issues.Err() text for a parse failure, or undefined when the expression parses. */
export function celParseError(src: string): string | undefined {
  try {
    celParse(src);
    return undefined;
  } catch (e) {
    if (!(e instanceof CelError)) throw e;
    const before = src.slice(0, e.off);
    const line = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const col = e.off - lineStart;
    const snippet = (src.split('\n')[line - 1] ?? '').replace(/\t/g, ' ');
    let ind = '';
    for (const ch of [...snippet].slice(0, col)) ind += blen(ch) > 1 ? '\uff0e' : '.';
    return `ERROR: <input>:${line}:${col + 1}: ${e.message}\n | ${snippet}\n | ${ind}^`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Proto-JSON decoding (github.com/golang/protobuf/jsonpb semantics)
// ---------------------------------------------------------------------------------------------------------

interface Issue { msg: string; field?: string }

type EnumDef = { name: string; values: readonly string[] };
const E = {
  serverTLSMode: { name: 'istio.networking.v1alpha3.ServerTLSSettings.TLSmode', values: ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'] },
  tlsProtocol: { name: 'istio.networking.v1alpha3.ServerTLSSettings.TLSProtocol', values: ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] },
  clientTLSMode: { name: 'istio.networking.v1alpha3.ClientTLSSettings.TLSmode', values: ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] },
  simpleLB: { name: 'istio.networking.v1alpha3.LoadBalancerSettings.SimpleLB', values: ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'] },
  h2Upgrade: { name: 'istio.networking.v1alpha3.ConnectionPoolSettings.HTTPSettings.H2UpgradePolicy', values: ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'] },
  proxyProtocolVersion: { name: 'istio.networking.v1alpha3.TrafficPolicy.ProxyProtocol.VERSION', values: ['V1', 'V2'] },
  seLocation: { name: 'istio.networking.v1alpha3.ServiceEntry.Location', values: ['MESH_EXTERNAL', 'MESH_INTERNAL'] },
  seResolution: { name: 'istio.networking.v1alpha3.ServiceEntry.Resolution', values: ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'] },
  outboundMode: { name: 'istio.networking.v1alpha3.OutboundTrafficPolicy.Mode', values: ['REGISTRY_ONLY', 'ALLOW_ANY'] },
  captureMode: { name: 'istio.networking.v1alpha3.CaptureMode', values: ['DEFAULT', 'IPTABLES', 'NONE'] },
  redirectPort: { name: 'istio.networking.v1alpha3.HTTPRedirect.RedirectPortSelection', values: ['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT'] },
  unmatchedPreflights: { name: 'istio.networking.v1alpha3.CorsPolicy.UnmatchedPreflights', values: ['UNSPECIFIED', 'FORWARD', 'IGNORE'] },
  authzAction: { name: 'istio.security.v1beta1.AuthorizationPolicy.Action', values: ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] },
  mtlsMode: { name: 'istio.security.v1beta1.PeerAuthentication.MutualTLS.Mode', values: ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] },
  workloadMode: { name: 'istio.telemetry.v1alpha1.WorkloadMode', values: ['CLIENT_AND_SERVER', 'CLIENT', 'SERVER'] },
  istioMetric: { name: 'istio.telemetry.v1alpha1.MetricSelector.IstioMetric', values: ['ALL_METRICS', 'REQUEST_COUNT', 'REQUEST_DURATION', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'TCP_OPENED_CONNECTIONS', 'TCP_CLOSED_CONNECTIONS', 'TCP_SENT_BYTES', 'TCP_RECEIVED_BYTES', 'GRPC_REQUEST_MESSAGES', 'GRPC_RESPONSE_MESSAGES'] },
  tagOperation: { name: 'istio.telemetry.v1alpha1.MetricsOverrides.TagOverride.Operation', values: ['UPSERT', 'REMOVE'] },
} as const satisfies Record<string, EnumDef>;

/** The String() of an enum number (protobuf-go prints unknown numbers as digits). */
function enumName(def: EnumDef, n: number): string {
  return def.values[n] ?? String(n);
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': case 'bigint': return 'number';
    case 'boolean': return 'bool';
    default: return 'object';
  }
}

const snakeNames = new Map<string, string>();
/** A JSON field name's proto name (`exportTo` → `export_to`); asked for every field read, so remembered. */
function camelToSnake(s: string): string {
  let snake = snakeNames.get(s);
  if (snake === undefined) snakeNames.set(s, snake = s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()));
  return snake;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

type IntKind = 'int32' | 'uint32' | 'int64' | 'uint64';
const INT_RANGE: Record<IntKind, [number, number]> = {
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-9223372036854775808, 9223372036854775807],
  uint64: [0, 18446744073709551615],
};

class Ctx {
  readonly decodeErrors: Issue[] = [];
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  constructor(readonly namespace: string, readonly name: string, readonly annotations: Record<string, string>, readonly labels: Record<string, string>) {}

  err(msg: string, field?: string): void {
    this.errors.push({ msg, field });
  }
  warn(msg: string, field?: string): void {
    this.warnings.push({ msg, field });
  }
  decodeErr(msg: string, field?: string): void {
    this.decodeErrors.push({ msg, field });
  }

  /** Raw field value: the proto (snake_case) name is read first, the JSON (camelCase) name wins; null is absent. */
  raw(o: unknown, json: string, proto?: string): unknown {
    if (!isObj(o)) return undefined;
    const pn = proto ?? camelToSnake(json);
    let v: unknown;
    if (Object.prototype.hasOwnProperty.call(o, json)) v = o[json];
    else if (pn !== json && Object.prototype.hasOwnProperty.call(o, pn)) v = o[pn];
    return v === null ? undefined : v;
  }
  has(o: unknown, json: string, proto?: string): boolean {
    return this.raw(o, json, proto) !== undefined;
  }

  // -- scalar decoders ---------------------------------------------------------------------------------------
  strV(v: unknown, path: string): string {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`, path);
    return '';
  }
  boolV(v: unknown, path: string): boolean {
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type bool`, path);
    return false;
  }
  /** jsonpb's trimQuote: a string number is the JSON value between its quotes; undefined (reported) when that is no JSON. */
  private unquote(v: unknown, path: string): unknown {
    if (typeof v !== 'string') return v;
    const syn = goJSONSyntaxError(v);
    if (syn) {
      this.decodeErr(syn, path);
      return undefined;
    }
    return JSON.parse(v);
  }
  intV(v: unknown, kind: IntKind, path: string): number {
    if (v === undefined || v === null) return 0;
    const n = this.unquote(v, path);
    if (n === undefined) return 0;
    if (typeof n !== 'number') {
      this.decodeErr(`json: cannot unmarshal ${jsonKind(n)} into Go value of type ${kind}`, path);
      return 0;
    }
    const [lo, hi] = INT_RANGE[kind];
    if (!Number.isInteger(n) || n < lo || n > hi) {
      this.decodeErr(`json: cannot unmarshal number ${String(n)} into Go value of type ${kind}`, path);
      return 0;
    }
    return n;
  }
  doubleV(v: unknown, path: string): number {
    if (v === undefined || v === null) return 0;
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = this.unquote(v, path);
    if (n === undefined) return 0;
    if (typeof n !== 'number') {
      this.decodeErr(`json: cannot unmarshal ${jsonKind(n)} into Go value of type float64`, path);
      return 0;
    }
    return n;
  }
  enumV(v: unknown, def: EnumDef, path: string): number {
    if (v === undefined || v === null) return 0;
    if (typeof v === 'string') {
      const i = def.values.indexOf(v);
      if (i < 0) {
        this.decodeErr(`unknown value ${goQuote(JSON.stringify(v))} for enum ${def.name}`, path);
        return 0;
      }
      return i;
    }
    if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return v;
    if (typeof v === 'number') {
      this.decodeErr(`json: cannot unmarshal number ${String(v)} into Go value of type protoreflect.EnumNumber`, path);
      return 0;
    }
    this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type protoreflect.EnumNumber`, path);
    return 0;
  }
  /** google.protobuf.Duration: a JSON string parsed with time.ParseDuration; returns nanoseconds or undefined when absent. */
  durV(v: unknown, path: string): bigint | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`, path);
      return undefined;
    }
    const d = parseGoDuration(v);
    if (!d.ok) {
      this.decodeErr(`bad Duration: ${d.err}`, path);
      return undefined;
    }
    return d.ns;
  }
  msgV(v: unknown, path: string): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (isObj(v)) return v;
    this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]json.RawMessage`, path);
    return undefined;
  }

  // -- field accessors -----------------------------------------------------------------------------------
  str(o: unknown, json: string, path: string, proto?: string): string {
    return this.strV(this.raw(o, json, proto), `${path}.${json}`);
  }
  bool(o: unknown, json: string, path: string, proto?: string): boolean {
    return this.boolV(this.raw(o, json, proto), `${path}.${json}`);
  }
  int(o: unknown, json: string, kind: IntKind, path: string, proto?: string): number {
    return this.intV(this.raw(o, json, proto), kind, `${path}.${json}`);
  }
  dbl(o: unknown, json: string, path: string, proto?: string): number {
    return this.doubleV(this.raw(o, json, proto), `${path}.${json}`);
  }
  enum(o: unknown, json: string, def: EnumDef, path: string, proto?: string): number {
    return this.enumV(this.raw(o, json, proto), def, `${path}.${json}`);
  }
  dur(o: unknown, json: string, path: string, proto?: string): bigint | undefined {
    return this.durV(this.raw(o, json, proto), `${path}.${json}`);
  }
  msg(o: unknown, json: string, path: string, proto?: string): Record<string, unknown> | undefined {
    return this.msgV(this.raw(o, json, proto), `${path}.${json}`);
  }
  /** Wrapper types (UInt32Value, DoubleValue, BoolValue): the bare value; undefined when absent. */
  wrapInt(o: unknown, json: string, kind: IntKind, path: string, proto?: string): number | undefined {
    const v = this.raw(o, json, proto);
    return v === undefined ? undefined : this.intV(v, kind, `${path}.${json}`);
  }
  wrapDbl(o: unknown, json: string, path: string, proto?: string): number | undefined {
    const v = this.raw(o, json, proto);
    return v === undefined ? undefined : this.doubleV(v, `${path}.${json}`);
  }
  wrapBool(o: unknown, json: string, path: string, proto?: string): boolean | undefined {
    const v = this.raw(o, json, proto);
    return v === undefined ? undefined : this.boolV(v, `${path}.${json}`);
  }
  /** Repeated field: [] when absent (an empty JSON array decodes to a nil slice as well). */
  list(o: unknown, json: string, path: string, proto?: string): unknown[] {
    const v = this.raw(o, json, proto);
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type []json.RawMessage`, `${path}.${json}`);
    return [];
  }
  strList(o: unknown, json: string, path: string, proto?: string): string[] {
    return this.list(o, json, path, proto).map((x, i) => (x === null ? '' : this.strV(x, `${path}.${json}[${i}]`)));
  }
  /** Repeated message field: null elements decode to empty messages. */
  msgList(o: unknown, json: string, path: string, proto?: string): Record<string, unknown>[] {
    return this.list(o, json, path, proto).map((x, i) => this.msgV(x, `${path}.${json}[${i}]`) ?? {});
  }
  /** Map field: undefined when absent; an empty JSON object is a present, empty map. */
  map(o: unknown, json: string, path: string, proto?: string): [string, unknown][] | undefined {
    const v = this.raw(o, json, proto);
    if (v === undefined) return undefined;
    if (isObj(v)) return Object.entries(v);
    this.decodeErr(`json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]json.RawMessage`, `${path}.${json}`);
    return undefined;
  }
  strMap(o: unknown, json: string, path: string, proto?: string): [string, string][] | undefined {
    const m = this.map(o, json, path, proto);
    return m?.map(([k, v]) => [k, v === null ? '' : this.strV(v, `${path}.${json}[${k}]`)]);
  }
}


// ---------------------------------------------------------------------------------------------------------
// Shared validators (pkg/config/validation/agent/validation.go, pkg/config/labels, ...)
// ---------------------------------------------------------------------------------------------------------

const dns1123LabelFmt = '[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?';
const DNS1123_LABEL_RE = new RegExp('^' + dns1123LabelFmt + '$');
const WILDCARD_PREFIX_RE = new RegExp('^(\\*|(\\*|\\*-)?' + dns1123LabelFmt + ')$');
const qualifiedNameFmt = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const TAG_RE = new RegExp('^(' + dns1123LabelFmt + '(?:\\.' + dns1123LabelFmt + ')*/)?(' + qualifiedNameFmt + ')$');
const LABEL_VALUE_RE = new RegExp('^(' + qualifiedNameFmt + ')?$');

/** labels.IsDNS1123Label (labels/instance.go:106) - note: Istio's variant allows upper case letters. */
function isDNS1123Label(v: string): boolean {
  return blen(v) <= 63 && DNS1123_LABEL_RE.test(v);
}
/** labels.IsWildcardDNS1123Label (labels/instance.go:112) */
function isWildcardDNS1123Label(v: string): boolean {
  return blen(v) <= 63 && WILDCARD_PREFIX_RE.test(v);
}

/** labels.Instance.Validate (labels/instance.go:88) */
function validateLabels(labels: [string, string][] | undefined): string[] {
  const out: string[] = [];
  for (const [k, v] of labels ?? []) {
    const m = TAG_RE.exec(k);
    if (!m) out.push(`invalid tag key: ${goQuote(k)}`);
    else if (m[1] && blen(m[1]) - 1 > 253) out.push(`invalid tag key: ${goQuote(k)} (DNS prefix is too long)`);
    else if (blen(m[2]) > 63) out.push(`invalid tag key: ${goQuote(k)} (name is too long)`);
    if (!LABEL_VALUE_RE.test(v)) out.push(`invalid tag value: ${goQuote(v)}`);
  }
  return out;
}

/** agent.ValidatePort (agent/validation.go:178) */
function validatePort(port: number): string | undefined {
  if (port >= 1 && port <= 65535) return undefined;
  return `port number ${port} must be in the range 1..65535`;
}

/** agent.CheckDNS1123Preconditions (agent/validation.go:186) */
function checkDNS1123Preconditions(name: string): string | undefined {
  if (blen(name) > 255) return `domain name ${goQuote(name)} too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

/** agent.ValidateDNS1123Labels (agent/validation.go:196) */
function validateDNS1123Labels(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (goAtoi(tld).ok) return `domain name ${goQuote(domain)} invalid (top level domain ${goQuote(tld)} cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isDNS1123Label(parts[i])) return `domain name ${goQuote(domain)} invalid (label ${goQuote(parts[i])} invalid)`;
  }
  return undefined;
}

/** agent.ValidateFQDN (agent/validation.go:225) */
function validateFQDN(fqdn: string): string | undefined {
  return checkDNS1123Preconditions(fqdn) ?? validateDNS1123Labels(fqdn);
}

/** agent.ValidateWildcardDomain (agent/validation.go:682) */
function validateWildcardDomain(domain: string): string | undefined {
  const pre = checkDNS1123Preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDNS1123Label(first)) return `domain name ${goQuote(domain)} invalid (label ${goQuote(first)} invalid)`;
  if (dot >= 0) return validateDNS1123Labels(domain.slice(dot + 1));
  return undefined;
}

const OUTBOUND_FORMAT = 'outbound_.<PORT>_._.<HOSTNAME>';
/** agent.ValidateWildcardDomainForVirtualServiceBoundToGateway (agent/validation.go:699) */
function validateWildcardDomainForVSBoundToGateway(sni: boolean, domain: string): string | undefined {
  const pre = checkDNS1123Preconditions(domain);
  if (pre) return pre;
  if (sni && domain.startsWith('outbound_')) {
    const parts = domain.split('_');
    if (parts.length < 4) return `domain name ${domain} invalid, should follow '${OUTBOUND_FORMAT}' format`;
    const trim = (x: string) => x.replace(/^\.+|\.+$/g, '');
    const dir = parts[0];
    const port = trim(parts[1]);
    const hostname = trim(parts[3]);
    if (dir !== 'outbound') return `domain name ${goQuote(domain)} invalid (label ${goQuote(dir)} invalid)`;
    if (!/[0-9]/.test(port)) return `domain name ${goQuote(domain)} invalid (label ${goQuote(port)} invalid). should follow ${OUTBOUND_FORMAT} format`;
    if (!/[a-zA-Z]/.test(hostname)) return `domain name ${goQuote(domain)} invalid (label ${goQuote(hostname)} invalid). should follow ${OUTBOUND_FORMAT} format`;
    return undefined;
  }
  return validateWildcardDomain(domain);
}

/** agent.ValidateIPAddress (agent/validation.go:840) */
function validateIPAddress(addr: string): string | undefined {
  return parseAddr(addr).ok ? undefined : `${addr} is not a valid IP`;
}

/** agent.ValidateIPSubnet (agent/validation.go:917) */
function validateIPSubnet(subnet: string): string | undefined {
  if (subnet.split('/').length - 1 === 1) return parsePrefix(subnet).ok ? undefined : `${subnet} is not a valid CIDR block`;
  return validateIPAddress(subnet);
}

/** agent.ValidatePartialWildCard (agent/validation.go:848) */
function validatePartialWildCard(host: string): string | undefined {
  if (host.includes('*') && host.length !== 1 && !host.startsWith('*.')) return `partial wildcard ${goQuote(host)} not allowed`;
  return undefined;
}

/** agent.validateSidecarOrGatewayHostnamePart (agent/validation.go:857) */
function validateSidecarOrGatewayHostnamePart(hostname: string, isGateway: boolean): string[] {
  const out: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) out.push('short names (non FQDN) are not allowed');
  const e = validateWildcardDomain(hostname);
  if (e) {
    if (!isGateway) out.push(e);
    if (!isValidIPAddress(hostname)) out.push(e);
  }
  const pw = validatePartialWildCard(hostname);
  if (pw) out.push(pw);
  return out;
}

/** agent.ValidateNamespaceSlashWildcardHostname (agent/validation.go:881) */
function validateNamespaceSlashWildcardHostname(hostname: string, isGateway: boolean, gatewaySemantics: boolean): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) {
    if (isGateway) return validateSidecarOrGatewayHostnamePart(hostname, true);
    return ['host must be of form namespace/dnsName'];
  }
  const ns = hostname.slice(0, slash);
  const dnsName = hostname.slice(slash + 1);
  const out: string[] = [];
  if (ns.length === 0 || dnsName.length === 0) out.push('config namespace and dnsName in host entry cannot be empty');
  if (!isGateway) {
    if (ns !== '*' && ns !== '.' && ns !== '~' && !isDNS1123Label(ns)) out.push(`invalid namespace value ${goQuote(ns)} in sidecar`);
  } else if (ns !== '*' && ns !== '.' && (ns !== '~' || !gatewaySemantics) && !isDNS1123Label(ns)) {
    out.push(`invalid namespace value ${goQuote(ns)} in gateway`);
  }
  out.push(...validateSidecarOrGatewayHostnamePart(dnsName, isGateway));
  return out;
}

/** agent.ValidateDuration (agent/validation.go:139) */
function validateDuration(ns: bigint): string | undefined {
  if (ns < 1000000n) return 'duration must be greater than 1ms';
  if (ns % 1000000n !== 0n) return 'only durations to ms precision are supported';
  return undefined;
}

/** ValidateUnixAddress (validation.go:388) */
function validateUnixAddress(addr: string): string | undefined {
  if (addr.length === 0) return 'unix address must not be empty';
  if (addr.startsWith('@')) return undefined;
  if (!addr.startsWith('/') || addr.endsWith('/')) return `${addr} is not an absolute path to a file`;
  return undefined;
}

/** protocol.Parse (pkg/config/protocol/instance.go:66) */
function parseProtocol(s: string): string {
  switch (s.toLowerCase()) {
    case 'tcp': return 'TCP';
    case 'udp': return 'UDP';
    case 'grpc': return 'GRPC';
    case 'grpc-web': return 'GRPC-Web';
    case 'http': return 'HTTP';
    case 'http_proxy': return 'HTTP_PROXY';
    case 'http2': return 'HTTP2';
    case 'https': return 'HTTPS';
    case 'tls': return 'TLS';
    case 'mongo': return 'Mongo';
    case 'redis': return 'Redis';
    case 'mysql': return 'MySQL';
  }
  return 'UnsupportedProtocol';
}
const protoIsHTTP = (p: string) => ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web'].includes(p);
const protoIsTCP = (p: string) => ['TCP', 'HTTPS', 'TLS', 'Mongo', 'Redis', 'MySQL'].includes(p);
const protoIsTLS = (p: string) => p === 'HTTPS' || p === 'TLS';

/** ValidatePortName (validation.go:3105) */
function validatePortName(name: string): string | undefined {
  return isDNS1123Label(name) ? undefined : `invalid port name: ${name}`;
}

/** ValidateProtocol (validation.go:3113) */
function validateProtocol(p: string): string | undefined {
  if (p !== '' && parseProtocol(p) === 'UnsupportedProtocol') return `unsupported protocol: ${p}`;
  return undefined;
}

/** visibility.Instance.Validate (pkg/config/visibility/visibility.go) */
function validateVisibility(v: string): string | undefined {
  switch (v) {
    case '.': case '*': return undefined;
    case '~': return 'exportTo ~ (none) is not allowed for Istio configuration objects';
    default:
      return isDNS1123Label(v) ? undefined : 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry';
  }
}

/** host.Name.IsWildCarded / Matches / SubsetOf (pkg/config/host/name.go) */
const hostWild = (h: string) => h.length > 0 && h[0] === '*';
function hostMatches(n: string, o: string): boolean {
  const hw = hostWild(n);
  const ow = hostWild(o);
  if (hw) {
    if (ow) return n.length < o.length ? o.slice(1).endsWith(n.slice(1)) : n.slice(1).endsWith(o.slice(1));
    return o.endsWith(n.slice(1));
  }
  if (ow) return n.endsWith(o.slice(1));
  return n === o;
}
function hostSubsetOf(n: string, o: string): boolean {
  const hw = hostWild(n);
  const ow = hostWild(o);
  if (hw) {
    if (ow) return n.length < o.length ? false : n.slice(1).endsWith(o.slice(1));
    return false;
  }
  if (ow) return n.endsWith(o.slice(1));
  return n === o;
}

/** jwt.ToRoutingClaim(name).Match (pkg/jwt/routing.go) */
function isRoutingClaim(headerName: string): boolean {
  const prefix = '@request.auth.claims';
  if (!headerName.toLowerCase().startsWith(prefix)) return false;
  const name = headerName.slice(prefix.length);
  if (name.startsWith('.') && name.length > 1) return true;
  return name.startsWith('[') && name.endsWith(']') && name.length > 2;
}

// ---------------------------------------------------------------------------------------------------------
// Sinks: Go's Validation{Err, Warning}. Functions that Go combines with appendErrors (which drops warnings)
// receive a sink whose warning list is thrown away (see `errOnly`).
// ---------------------------------------------------------------------------------------------------------

interface Sink { readonly e: Issue[]; readonly w: Issue[] }
const newSink = (): Sink => ({ e: [], w: [] });
const errOnly = (s: Sink): Sink => ({ e: s.e, w: [] });
const pushE = (s: Sink, msg: string | undefined, field?: string) => {
  if (msg !== undefined) s.e.push({ msg, field });
};
const pushW = (s: Sink, msg: string | undefined, field?: string) => {
  if (msg !== undefined) s.w.push({ msg, field });
};

// ---- StringMatch / headers (validation.go:2304-2347, 247-359; header_value_validator.go) -------------------------

type SM = { type: 'exact' | 'prefix' | 'regex'; value: string };
/** StringMatch oneof: the last field present in declaration order wins (jsonpb sets them in order). */
function stringMatch(c: Ctx, sm: Record<string, unknown> | undefined, path: string): SM | undefined {
  if (!sm) return undefined;
  let r: SM | undefined;
  for (const t of ['exact', 'prefix', 'regex'] as const) {
    const v = c.raw(sm, t);
    if (v !== undefined) r = { type: t, value: c.strV(v, `${path}.${t}`) };
  }
  return r;
}

function validateStringRegexp(re: string, where: string): string | undefined {
  if (blen(re) > 1024) return `${goQuote(where)}: regex is too large, max length allowed is 1024`;
  const err = goRegexpError(re);
  if (err === undefined) return undefined;
  return `${goQuote(where)}: ${err}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
}

function validateStringMatchRegexp(sm: SM | undefined, where: string): string | undefined {
  if (!sm || sm.type !== 'regex') return undefined;
  if (sm.value === '') return `${goQuote(where)}: regex string match should not be empty`;
  return validateStringRegexp(sm.value, where);
}

function validateStringMatch(sm: SM | undefined, where: string): string | undefined {
  if (!sm) return undefined;
  if (sm.type === 'prefix') return sm.value === '' ? `${goQuote(where)}: prefix string match should not be empty` : undefined;
  if (sm.type === 'regex') return validateStringMatchRegexp(sm, where);
  return undefined;
}

// eslint-disable-next-line no-useless-escape
const VALID_HEADER_NAME_RE = /^[!#$%&'*+-.^_`|~A-Za-z0-9]+$/; // "+-." is a range in Go's class too (it admits ',')
const VALID_STRICT_HEADER_NAME_RE = /^[-_A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);

function validateHTTPHeaderNameOrJwtClaimRoute(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isRoutingClaim(name)) return undefined;
  if (PSEUDO_HEADERS.has(name)) return undefined;
  if (!VALID_HEADER_NAME_RE.test(name)) return `header name ${name} is not a valid header name`;
  return undefined;
}
const isInternalHeader = (k: string) => k.startsWith(':') || k.toLowerCase() === 'host';
const isAuthorityHeader = (k: string) => k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';

function validateHTTPHeaderWithAuthorityOperationName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header ${goQuote(name)}: header cannot have ":" prefix`;
  return undefined;
}
function validateHTTPHeaderOperationName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header ${goQuote(name)}: cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header ${goQuote(name)}: header cannot have ":" prefix`;
  return undefined;
}
function validateCORSHTTPHeaderName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name === '*') return undefined;
  if (!VALID_HEADER_NAME_RE.test(name)) return `header name ${name} is not a valid header name`;
  return undefined;
}

/** header_value_validator.go validateHeaderValue (a port of Envoy's header formatter parser). */
function validateHeaderValue(hv: string): string | undefined {
  if (hv === '') return undefined;
  const b = utf8.encode(hv);
  const isSpace = (x: number) => x === 0x20;
  let pos = 0;
  let state = 0; // 0 literal,1 varname,2 expectArray,3 expectString,4 string,5 expectDelimOrEnd,6 expectArgsEnd,7 expectVarEnd
  while (pos < b.length) {
    const ch = b[pos];
    const hasNext = pos + 1 < b.length;
    switch (state) {
      case 0:
        if (ch !== 0x25) break;
        if (!hasNext) return 'invalid header configuration. Un-escaped %';
        if (b[pos + 1] === 0x25) {
          pos++;
          break;
        }
        state = 1;
        break;
      case 1:
        if (ch === 0x25) {
          state = 0;
          break;
        }
        if (ch === 0x28) state = 2;
        break;
      case 2:
        if (ch === 0x5b) state = 3;
        else if (!isSpace(ch)) state = 4;
        break;
      case 5:
        if (ch === 0x2c) state = 3;
        else if (ch === 0x5d) state = 6;
        else if (!isSpace(ch)) return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case 3:
        if (ch === 0x22) state = 4;
        else if (!isSpace(ch)) return 'invalid header configuration. Expecting \'"\'';
        break;
      case 4:
        if (ch === 0x5c) {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string';
          pos++;
        } else if (ch === 0x29) state = 7;
        else if (ch === 0x22) state = 5;
        break;
      case 6:
        if (ch === 0x29) state = 7;
        else if (!isSpace(ch)) return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
        break;
      case 7:
        if (ch === 0x25) {
          state = 0;
          break;
        }
        if (!isSpace(ch)) return "invalid header configuration. Expecting '%' or whitespace after";
        break;
    }
    pos++;
  }
  if (state !== 0) return `invalid header configuration. Un-terminated variable expression '${hv}'`;
  return undefined;
}

// eslint-disable-next-line no-control-regex
const HEADER_VALUE_RE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
/** ValidateHTTPHeaderValue (validation.go:347) */
function validateHTTPHeaderValue(value: string): string | undefined {
  if (!HEADER_VALUE_RE.test(value)) return `header value configuration ${value} is invalid`;
  const e = validateHeaderValue(value);
  return e ? `header value configuration: ${e}` : undefined;
}

/** The request/response header manipulations of HTTPRoute and HTTPRouteDestination (virtualservice.go:55-76, validation.go:2392-2413). */
function validateHeaderOperations(c: Ctx, s: Sink, headers: Record<string, unknown> | undefined, path: string): void {
  if (!headers) return;
  const req = c.msg(headers, 'request', path);
  const resp = c.msg(headers, 'response', path);
  const rp = `${path}.request`;
  for (const [k, v] of c.strMap(req, 'add', rp) ?? []) {
    pushE(s, validateHTTPHeaderWithAuthorityOperationName(k), `${rp}.add[${k}]`);
    pushE(s, validateHTTPHeaderValue(v), `${rp}.add[${k}]`);
  }
  for (const [k, v] of c.strMap(req, 'set', rp) ?? []) {
    pushE(s, validateHTTPHeaderWithAuthorityOperationName(k), `${rp}.set[${k}]`);
    pushE(s, validateHTTPHeaderValue(v), `${rp}.set[${k}]`);
  }
  c.strList(req, 'remove', rp).forEach((n, i) => pushE(s, validateHTTPHeaderOperationName(n), `${rp}.remove[${i}]`));
  const sp = `${path}.response`;
  for (const [k, v] of c.strMap(resp, 'add', sp) ?? []) {
    pushE(s, validateHTTPHeaderOperationName(k), `${sp}.add[${k}]`);
    pushE(s, validateHTTPHeaderValue(v), `${sp}.add[${k}]`);
  }
  for (const [k, v] of c.strMap(resp, 'set', sp) ?? []) {
    pushE(s, validateHTTPHeaderOperationName(k), `${sp}.set[${k}]`);
    pushE(s, validateHTTPHeaderValue(v), `${sp}.set[${k}]`);
  }
  c.strList(resp, 'remove', sp).forEach((n, i) => pushE(s, validateHTTPHeaderOperationName(n), `${sp}.remove[${i}]`));
}

// ---- destinations, gateways, exportTo, selectors ----------------------------------------------------------------

/** validateSubsetName (validation.go:2595) */
function validateSubsetName(name: string): string | undefined {
  if (name.length === 0) return 'subset name cannot be empty';
  if (!isDNS1123Label(name)) return `subset name is invalid: ${name}`;
  return undefined;
}

/** validateDestination (validation.go:2574) */
function validateDestination(c: Ctx, s: Sink, dest: Record<string, unknown> | undefined, path: string): void {
  if (!dest) return;
  const host = c.str(dest, 'host', path);
  if (host === '*') pushE(s, `invalid destination host ${host}`, `${path}.host`);
  else pushE(s, validateWildcardDomain(host), `${path}.host`);
  const subset = c.str(dest, 'subset', path);
  if (subset !== '') pushE(s, validateSubsetName(subset), `${path}.subset`);
  const port = c.msg(dest, 'port', path);
  if (port) pushE(s, validatePort(c.int(port, 'number', 'uint32', `${path}.port`)), `${path}.port.number`);
}

/** validateGatewayNames (validation.go:2349) */
function validateGatewayNames(s: Sink, names: string[], gatewaySemantics: boolean, path: string): void {
  for (let i = 0; i < names.length; i++) {
    const gatewayName = names[i];
    const p = `${path}[${i}]`;
    const slash = gatewayName.indexOf('/');
    if (slash < 0) {
      if (gatewayName.includes('.')) {
        const parts = gatewayName.split('.');
        const recommended = `${parts[1]}/${parts[0]}`;
        pushW(s, `using legacy gatewayName format ${goQuote(gatewayName)}; prefer the <namespace>/<name> format: ${goQuote(recommended)}`, p);
      }
      pushE(s, validateFQDN(gatewayName), p);
      return; // validation.go:2361 returns after the first name without a '/'
    }
    const ns = gatewayName.slice(0, slash);
    const name = gatewayName.slice(slash + 1);
    if (ns.length === 0 || name.length === 0) pushE(s, 'config namespace and gateway name cannot be empty', p);
    if (!isDNS1123Label(ns)) pushE(s, `invalid value for namespace: ${goQuote(ns)}`, p);
    if (!isDNS1123Label(name) && !gatewaySemantics) pushE(s, `invalid value for gateway name: ${goQuote(name)}`, p);
  }
}

/** validateExportTo (validation.go:688) */
function validateExportTo(c: Ctx, s: Sink, exportTo: string[], isServiceEntry: boolean, isDRWithSelector: boolean, path: string): void {
  if (exportTo.length === 0) return;
  const ns = c.namespace;
  const set = new Set<string>();
  exportTo.forEach((e, i) => {
    const key = e === '.' ? ns : e;
    if (set.has(key)) {
      if (key !== e) pushE(s, `duplicate entries in exportTo: . and current namespace ${ns}`, `${path}[${i}]`);
      else pushE(s, `duplicate entries in exportTo for entry ${e}`, `${path}[${i}]`);
    } else if (isServiceEntry && e === '~') {
      set.add(key);
    } else {
      const err = validateVisibility(key);
      if (err) pushE(s, err, `${path}[${i}]`);
      else set.add(key);
    }
  });
  if (isDRWithSelector && set.size > 0) {
    if (set.has(ns)) {
      if (set.size > 1) pushE(s, 'destination rule with workload selector cannot have multiple entries in exportTo', path);
    } else {
      pushE(s, 'destination rule with workload selector cannot have exportTo beyond current namespace', path);
    }
  }
  if (set.has('*') && exportTo.length > 1) pushE(s, 'cannot have both public (*) and non-public exportTo values for a resource', path);
  if (set.has('~') && exportTo.length > 1) pushE(s, 'cannot export service entry to no one (~) and someone', path);
}

/** validateWorkloadSelector for istio.type.v1beta1.WorkloadSelector (validation.go:1359) */
function validateWorkloadSelector(c: Ctx, s: Sink, selector: Record<string, unknown> | undefined, path: string): void {
  if (!selector) return;
  const labels = c.strMap(selector, 'matchLabels', path) ?? [];
  for (const [k, v] of labels) {
    if (k === '') pushE(s, `empty key is not supported in selector: ${goQuote(`${k}=${v}`)}`, `${path}.matchLabels`);
    if (k.includes('*') || v.includes('*')) pushE(s, `wildcard is not supported in selector: ${goQuote(`${k}=${v}`)}`, `${path}.matchLabels[${k}]`);
  }
  if (labels.length === 0) pushW(s, 'workload selector specified without labels', path);
}

/** ValidateAlphaWorkloadSelector for istio.networking.v1alpha3.WorkloadSelector (validation.go:752) */
function validateAlphaWorkloadSelector(c: Ctx, selector: Record<string, unknown> | undefined, path: string): { warning?: string; errs: Issue[] } {
  const errs: Issue[] = [];
  let warning: string | undefined;
  if (selector) {
    const labels = c.strMap(selector, 'labels', path) ?? [];
    for (const [k, v] of labels) {
      if (k === '') errs.push({ msg: `empty key is not supported in selector: ${goQuote(`${k}=${v}`)}`, field: `${path}.labels` });
      if (k.includes('*') || v.includes('*')) errs.push({ msg: `wildcard is not supported in selector: ${goQuote(`${k}=${v}`)}`, field: `${path}.labels[${k}]` });
    }
    if (labels.length === 0) warning = 'workload selector specified without labels';
  }
  return { warning, errs };
}

const ALLOWED_TARGET_REFS = [
  { group: 'core', version: 'v1', kind: 'Service' },
  { group: 'networking.istio.io', version: 'v1', kind: 'ServiceEntry' },
  { group: 'gateway.networking.k8s.io', version: 'v1beta1', kind: 'Gateway' },
  { group: 'gateway.networking.k8s.io', version: 'v1beta1', kind: 'GatewayClass' },
];
const ALLOWED_TARGET_REFS_STR = goList(ALLOWED_TARGET_REFS.map((g) => `${g.group}/${g.version}/${g.kind}`));

/** validatePolicyTargetReference (validation.go:1332) */
function validatePolicyTargetReference(c: Ctx, s: Sink, ref: Record<string, unknown> | undefined, path: string): void {
  if (!ref) return;
  const name = c.str(ref, 'name', path);
  const namespace = c.str(ref, 'namespace', path);
  const group = c.str(ref, 'group', path);
  const kind = c.str(ref, 'kind', path);
  if (name === '') pushE(s, 'targetRef name must be set', `${path}.name`);
  if (namespace !== '') pushE(s, 'targetRef namespace must not be set; cross namespace referencing is not supported', `${path}.namespace`);
  const canonical = group === '' ? 'core' : group;
  if (!ALLOWED_TARGET_REFS.some((g) => g.kind === kind && g.group === canonical)) {
    pushE(s, `targetRef must be to one of ${ALLOWED_TARGET_REFS_STR} but was ${group}/${kind}`, path);
  }
}

/** validateOneOfSelectorType + selector/targetRef(s) checks shared by AuthorizationPolicy, RequestAuthentication, Telemetry. */
function validateSelectorAndTargets(c: Ctx, s: Sink, spec: Record<string, unknown>): void {
  const selector = c.msg(spec, 'selector', 'spec');
  const targetRef = c.msg(spec, 'targetRef', 'spec', 'targetRef');
  const targetRefs = c.msgList(spec, 'targetRefs', 'spec', 'targetRefs');
  const set = (selector ? 1 : 0) + (targetRef ? 1 : 0) + (targetRefs.length > 0 ? 1 : 0);
  if (set > 1) pushE(s, 'only one of targetRefs or workloadSelector can be set', 'spec');
  validateWorkloadSelector(c, s, selector, 'spec.selector');
  validatePolicyTargetReference(c, s, targetRef, 'spec.targetRef');
  targetRefs.forEach((r, i) => validatePolicyTargetReference(c, s, r, `spec.targetRefs[${i}]`));
}

// ---- VirtualService (validation.go:1715-2302, 2380-2750; virtualservice.go) ---------------------------------------

export const SUPPORTED_RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
const SUPPORTED_CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
const SUPPORTED_GRPC_STATUS = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);

function validateHTTPStatus(status: number): string | undefined {
  if (status < 200 || status > 600) return `HTTP status ${status} is not in range 200-599`;
  return undefined;
}

function validatePercentage(c: Ctx, s: Sink, pct: Record<string, unknown> | undefined, path: string): void {
  if (!pct) return;
  const v = c.dbl(pct, 'value', path);
  if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) pushE(s, `percentage ${goFloatV(v)} is neither 0.0, nor in range [0.0001, 100.0]`, path);
}

/** validateHTTPRouteDestinations / validateRouteDestinations (validation.go:2380, 2427) */
function validateRouteDestinations(c: Ctx, s: Sink, routes: Record<string, unknown>[], gatewaySemantics: boolean, withHeaders: boolean, path: string): void {
  let total = 0;
  routes.forEach((r, i) => {
    const p = `${path}[${i}]`;
    const dest = c.msg(r, 'destination', p);
    if (!dest) pushE(s, 'destination is required', `${p}.destination`);
    if (withHeaders) validateHeaderOperations(c, s, c.msg(r, 'headers', p), `${p}.headers`);
    if (!gatewaySemantics) validateDestination(c, s, dest, `${p}.destination`);
    const w = c.int(r, 'weight', 'int32', p);
    if (w < 0) pushE(s, `weight ${w} < 0`, `${p}.weight`);
    total += w;
  });
  if (routes.length > 1 && total === 0) pushE(s, 'total destination weight = 0', path);
}

function validateCORSPolicy(c: Ctx, s: Sink, policy: Record<string, unknown> | undefined, path: string): void {
  if (!policy) return;
  c.msgList(policy, 'allowOrigins', path).forEach((o, i) => {
    const p = `${path}.allowOrigins[${i}]`;
    const sm = stringMatch(c, o, p);
    if (!sm || sm.value === '') pushE(s, `'' is not a valid match type for CORS allow origins`, p);
    else pushE(s, validateStringMatchRegexp(sm, 'corsPolicy.allowOrigins'), p);
  });
  c.strList(policy, 'allowMethods', path).forEach((m, i) => {
    if (!SUPPORTED_CORS_METHODS.has(m)) pushE(s, `${goQuote(m)} is not a supported HTTP method`, `${path}.allowMethods[${i}]`);
  });
  c.strList(policy, 'allowHeaders', path).forEach((h, i) => pushE(s, validateCORSHTTPHeaderName(h), `${path}.allowHeaders[${i}]`));
  c.strList(policy, 'exposeHeaders', path).forEach((h, i) => pushE(s, validateCORSHTTPHeaderName(h), `${path}.exposeHeaders[${i}]`));
  const maxAge = c.dur(policy, 'maxAge', path);
  if (maxAge !== undefined) {
    pushE(s, validateDuration(maxAge), `${path}.maxAge`);
    if (maxAge % 1000000000n > 0n) pushE(s, 'max_age duration is accurate only to seconds precision', `${path}.maxAge`);
  }
}

function validateHTTPFaultInjection(c: Ctx, s: Sink, fault: Record<string, unknown> | undefined, path: string): void {
  if (!fault) return;
  const abort = c.msg(fault, 'abort', path);
  const delay = c.msg(fault, 'delay', path);
  if (!abort && !delay) pushE(s, 'HTTP fault injection must have an abort and/or a delay', path);
  if (abort) {
    // validateHTTPFaultInjectionAbort's warning is dropped by appendErrors (validation.go:2512)
    const ap = `${path}.abort`;
    validatePercentage(c, s, c.msg(abort, 'percentage', ap), `${ap}.percentage`);
    let kind: string | undefined;
    for (const k of ['httpStatus', 'grpcStatus', 'http2Error']) if (c.has(abort, k)) kind = k;
    if (kind === 'grpcStatus') {
      const st = c.str(abort, 'grpcStatus', ap);
      if (!SUPPORTED_GRPC_STATUS.has(st)) {
        pushE(s, `gRPC status ${goQuote(st)} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`, `${ap}.grpcStatus`);
      }
    } else if (kind === 'http2Error') {
      c.str(abort, 'http2Error', ap);
      pushE(s, 'HTTP/2 abort fault injection not supported yet', `${ap}.http2Error`);
    } else if (kind === 'httpStatus') {
      pushE(s, validateHTTPStatus(c.int(abort, 'httpStatus', 'int32', ap)), `${ap}.httpStatus`);
    }
  }
  if (delay) {
    const dp = `${path}.delay`;
    validatePercentage(c, s, c.msg(delay, 'percentage', dp), `${dp}.percentage`);
    const fixedRaw = c.raw(delay, 'fixedDelay');
    const expRaw = c.raw(delay, 'exponentialDelay');
    if (expRaw !== undefined) {
      const d = c.durV(expRaw, `${dp}.exponentialDelay`);
      if (d !== undefined) pushE(s, validateDuration(d), `${dp}.exponentialDelay`);
      pushE(s, 'exponentialDelay not supported yet', `${dp}.exponentialDelay`);
    } else if (fixedRaw !== undefined) {
      const d = c.durV(fixedRaw, `${dp}.fixedDelay`);
      if (d !== undefined) pushE(s, validateDuration(d), `${dp}.fixedDelay`);
    }
  }
}

function validateHTTPRetry(c: Ctx, s: Sink, retries: Record<string, unknown> | undefined, path: string): void {
  if (!retries) return;
  const attempts = c.int(retries, 'attempts', 'int32', path);
  const perTry = c.dur(retries, 'perTryTimeout', path);
  const retryOn = c.str(retries, 'retryOn', path);
  const rrl = c.wrapBool(retries, 'retryRemoteLocalities', path);
  const backoff = c.dur(retries, 'backoff', path);
  if (attempts < 0) pushE(s, 'attempts cannot be negative', `${path}.attempts`);
  if (attempts === 0 && (c.has(retries, 'perTryTimeout') || retryOn !== '' || rrl !== undefined)) {
    pushE(s, 'http retry policy configured when attempts are set to 0 (disabled)', path);
  }
  if (perTry !== undefined) pushE(s, validateDuration(perTry), `${path}.perTryTimeout`);
  if (retryOn !== '') {
    for (const policy of retryOn.split(',')) {
      const a = goAtoi(policy);
      const code = a.ok && a.v >= 0n && a.v < 1000n ? Number(a.v) : 0;
      if (!HTTP_STATUS_CODES.has(code) && !SUPPORTED_RETRY_ON.has(policy)) pushE(s, `${goQuote(policy)} is not a valid retryOn policy`, `${path}.retryOn`);
    }
  }
  if (backoff !== undefined) pushE(s, validateDuration(backoff), `${path}.backoff`);
}

/** validateHTTPRedirect returns only its first error (validation.go:2650) */
function validateHTTPRedirect(c: Ctx, s: Sink, r: Record<string, unknown> | undefined, path: string): void {
  if (!r) return;
  const uri = c.str(r, 'uri', path);
  const authority = c.str(r, 'authority', path);
  const scheme = c.str(r, 'scheme', path);
  const code = c.int(r, 'redirectCode', 'uint32', path);
  let port = 0;
  let portSet = false;
  if (c.has(r, 'port')) {
    port = c.int(r, 'port', 'uint32', path);
    portSet = true;
  }
  if (c.has(r, 'derivePort')) {
    c.enum(r, 'derivePort', E.redirectPort, path);
    port = 0;
    portSet = true;
  }
  if (uri === '' && authority === '' && !portSet && scheme === '') return pushE(s, 'redirect must specify URI, authority, scheme, or port', path);
  if (code !== 0 && (code < 300 || code > 399)) return pushE(s, `${code} is not a valid redirect code, must be 3xx`, `${path}.redirectCode`);
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https') return pushE(s, 'invalid redirect scheme, must be "http" or "https"', `${path}.scheme`);
  if (port > 0) pushE(s, validatePort(port), `${path}.port`);
}

function validateHTTPDirectResponse(c: Ctx, s: Sink, dr: Record<string, unknown> | undefined, path: string): void {
  if (!dr) return;
  const body = c.msg(dr, 'body', path);
  if (body) {
    let size = 0;
    const strRaw = c.raw(body, 'string');
    const bytesRaw = c.raw(body, 'bytes');
    if (bytesRaw !== undefined) {
      const b64 = c.strV(bytesRaw, `${path}.body.bytes`).replace(/=+$/, '');
      size = Math.floor((b64.length * 3) / 4);
    } else if (strRaw !== undefined) {
      size = blen(c.strV(strRaw, `${path}.body.string`));
    }
    if (size > 1024 * 1024) pushE(s, 'large direct_responses may impact control plane performance, must be less than 1MB', `${path}.body`);
    else if (size > 100 * 1024) pushW(s, 'large direct_responses may impact control plane performance', `${path}.body`);
  }
  const status = c.int(dr, 'status', 'uint32', path);
  pushE(s, validateHTTPStatus(status | 0), `${path}.status`);
}

function validateHTTPRewrite(c: Ctx, s: Sink, rw: Record<string, unknown> | undefined, path: string): void {
  if (!rw) return;
  const uri = c.str(rw, 'uri', path);
  const authority = c.str(rw, 'authority', path);
  const rr = c.msg(rw, 'uriRegexRewrite', path);
  if (uri !== '' && rr) return pushE(s, 'rewrite may only contain one of URI or UriRegexRewrite', path);
  if (uri === '' && !rr && authority === '') {
    return pushE(s, 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified', path);
  }
  if (rr) {
    const match = c.str(rr, 'match', `${path}.uriRegexRewrite`);
    const rewrite = c.str(rr, 'rewrite', `${path}.uriRegexRewrite`);
    let e: string | undefined;
    if (match === '' || rewrite === '') e = 'UriRegexRewrite requires both Rewrite and Match fields to be specified';
    else e = validateStringRegexp(match, 'HTTPRewrite.UriRegexRewrite.Match');
    if (e) pushE(s, `UriRegexRewrite has errors\n${e}`, `${path}.uriRegexRewrite`);
  }
}

function validateHTTPRoute(c: Ctx, s: Sink, http: Record<string, unknown>, delegate: boolean, gatewaySemantics: boolean, path: string): void {
  const name = c.str(http, 'name', path);
  const matches = c.msgList(http, 'match', path);
  const route = c.msgList(http, 'route', path);
  const redirect = c.msg(http, 'redirect', path);
  const directResponse = c.msg(http, 'directResponse', path);
  const del = c.msg(http, 'delegate', path);
  const rewrite = c.msg(http, 'rewrite', path);
  const fault = c.msg(http, 'fault', path);
  const mirror = c.msg(http, 'mirror', path);
  const mirrors = c.msgList(http, 'mirrors', path);
  const headers = c.msg(http, 'headers', path);

  // validateHTTPRouteConflict (virtualservice.go:189)
  const routeType = delegate ? 'delegate' : del ? 'root' : 'independent';
  if (routeType === 'root') {
    if (redirect) pushE(s, `root HTTP route ${name} must not specify redirect`, `${path}.redirect`);
    if (route.length > 0) pushE(s, `root HTTP route ${name} must not specify route`, `${path}.route`);
  } else {
    if (routeType === 'delegate' && del) pushE(s, 'delegate HTTP route cannot contain delegate', `${path}.delegate`);
    if (redirect) {
      if (route.length > 0) pushE(s, 'HTTP route cannot contain both route and redirect', path);
      if (fault) pushE(s, 'HTTP route cannot contain both fault and redirect', path);
      if (rewrite) pushE(s, 'HTTP route rule cannot contain both rewrite and redirect', path);
      if (directResponse) pushE(s, 'HTTP route rule cannot contain both direct_response and redirect', path);
    } else if (directResponse) {
      if (route.length > 0) pushE(s, 'HTTP route cannot contain both route and direct_response', path);
      if (fault) pushE(s, 'HTTP route cannot contain both fault and direct_response', path);
      if (rewrite) pushE(s, 'HTTP route rule cannot contain both rewrite and direct_response', path);
    } else if (route.length === 0) {
      pushE(s, 'HTTP route, redirect or direct_response is required', path);
    }
    if (mirror && mirrors.length > 0) pushE(s, 'HTTP route cannot contain both mirror and mirrors', path);
  }

  // validateHTTPRouteMatchRequest (virtualservice.go:138)
  matches.forEach((m, i) => {
    const mp = `${path}.match[${i}]`;
    for (const [hn, hv] of c.map(m, 'headers', mp) ?? []) {
      const hp = `${mp}.headers[${hn}]`;
      pushE(s, validateHTTPHeaderNameOrJwtClaimRoute(hn), hp);
      pushE(s, validateStringMatch(stringMatch(c, c.msgV(hv, hp) ?? {}, hp), 'headers'), hp);
    }
    for (const [hn, hv] of c.map(m, 'withoutHeaders', mp) ?? []) {
      const hp = `${mp}.withoutHeaders[${hn}]`;
      pushE(s, validateHTTPHeaderNameOrJwtClaimRoute(hn), hp);
      const sm = stringMatch(c, c.msgV(hv, hp) ?? {}, hp);
      if (!(sm && sm.type === 'regex' && sm.value === '*')) pushE(s, validateStringMatch(sm, 'withoutHeaders'), hp);
    }
    pushE(s, validateStringMatchRegexp(stringMatch(c, c.msg(m, 'uri', mp), `${mp}.uri`), 'uri'), `${mp}.uri`);
    pushE(s, validateStringMatch(stringMatch(c, c.msg(m, 'scheme', mp), `${mp}.scheme`), 'scheme'), `${mp}.scheme`);
    pushE(s, validateStringMatch(stringMatch(c, c.msg(m, 'method', mp), `${mp}.method`), 'method'), `${mp}.method`);
    pushE(s, validateStringMatch(stringMatch(c, c.msg(m, 'authority', mp), `${mp}.authority`), 'authority'), `${mp}.authority`);
    for (const [qn, qv] of c.map(m, 'queryParams', mp) ?? []) {
      const qp = `${mp}.queryParams[${qn}]`;
      pushE(s, validateStringMatch(stringMatch(c, c.msgV(qv, qp) ?? {}, qp), 'queryParams'), qp);
    }
  });
  matches.forEach((m, i) => {
    const mp = `${path}.match[${i}]`;
    const port = c.int(m, 'port', 'uint32', mp);
    if (port !== 0) pushE(s, validatePort(port), `${mp}.port`);
    for (const e of validateLabels(c.strMap(m, 'sourceLabels', mp))) pushE(s, e, `${mp}.sourceLabels`);
    validateGatewayNames(errOnly(s), c.strList(m, 'gateways', mp), false, `${mp}.gateways`);
    const sns = c.str(m, 'sourceNamespace', mp);
    if (sns !== '' && !isDNS1123Label(sns)) pushE(s, `sourceNamespace match ${sns} is invalid`, `${mp}.sourceNamespace`);
  });

  validateHeaderOperations(c, s, headers, `${path}.headers`);
  validateCORSPolicy(c, s, c.msg(http, 'corsPolicy', path), `${path}.corsPolicy`);
  validateHTTPFaultInjection(c, s, fault, `${path}.fault`);

  const mirrorPercent = c.wrapInt(http, 'mirrorPercent', 'uint32', path);
  if (mirrorPercent !== undefined) {
    if (mirrorPercent > 100) pushE(s, `mirror_percent must have a max value of 100 (it has ${mirrorPercent})`, `${path}.mirrorPercent`);
    pushW(s, 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead', `${path}.mirrorPercent`);
  }
  const mirrorPercentage = c.msg(http, 'mirrorPercentage', path);
  if (mirrorPercentage) {
    const v = c.dbl(mirrorPercentage, 'value', `${path}.mirrorPercentage`);
    if (v > 100) pushE(s, `mirror_percentage must have a max value of 100 (it has ${goFloatF(v)})`, `${path}.mirrorPercentage`);
    if (v < 0) pushE(s, `mirror_percentage must have a min value of 0 (it has ${goFloatF(v)})`, `${path}.mirrorPercentage`);
  }
  validateDestination(c, s, mirror, `${path}.mirror`);
  mirrors.forEach((mp, i) => {
    const p = `${path}.mirrors[${i}]`;
    const dest = c.msg(mp, 'destination', p);
    if (!dest) return pushE(s, 'destination is required for mirrors', `${p}.destination`);
    validateDestination(c, s, dest, `${p}.destination`);
    const pct = c.msg(mp, 'percentage', p);
    if (pct) {
      const v = c.dbl(pct, 'value', `${p}.percentage`);
      if (v > 100) pushE(s, `mirror percentage must have a max value of 100 (it has ${goFloatF(v)})`, `${p}.percentage`);
      if (v < 0) pushE(s, `mirror percentage must have a min value of 0 (it has ${goFloatF(v)})`, `${p}.percentage`);
    }
  });
  validateHTTPRedirect(c, s, redirect, `${path}.redirect`);
  validateHTTPDirectResponse(c, s, directResponse, `${path}.directResponse`);
  validateHTTPRetry(c, s, c.msg(http, 'retries', path), `${path}.retries`);
  validateHTTPRewrite(c, s, rewrite, `${path}.rewrite`);

  // validateAuthorityRewrite (virtualservice.go:115): only the first conflict is reported
  let current = rewrite ? c.str(rewrite, 'authority', `${path}.rewrite`) : '';
  const req = headers ? c.msg(headers, 'request', `${path}.headers`) : undefined;
  let authorityErr: string | undefined;
  for (const op of ['set', 'add']) {
    if (authorityErr) break;
    for (const [k, v] of c.strMap(req, op, `${path}.headers.request`) ?? []) {
      if (!isAuthorityHeader(k)) continue;
      if (current !== '') {
        authorityErr = `authority header cannot be set multiple times: have ${goQuote(current)}, attempting to set ${goQuote(v)}`;
        break;
      }
      current = v;
    }
  }
  pushE(s, authorityErr, `${path}.headers.request`);

  validateRouteDestinations(c, s, route, gatewaySemantics, true, `${path}.route`);
  const timeout = c.dur(http, 'timeout', path);
  if (timeout !== undefined) pushE(s, validateDuration(timeout), `${path}.timeout`);
}

function validateSniHost(s: Sink, sniHost: string, vsHosts: string[], isGw: boolean, path: string): void {
  const err = isGw ? validateWildcardDomainForVSBoundToGateway(true, sniHost) : validateWildcardDomain(sniHost);
  if (err) {
    if (isValidIPAddress(sniHost)) {
      return pushW(s, `using an IP address (${goQuote(sniHost)}) goes against SNI spec and most clients do not support this`, path);
    }
    return pushE(s, err, path);
  }
  for (const h of vsHosts) if (hostSubsetOf(sniHost, h)) return;
  pushE(s, `SNI host ${goQuote(sniHost)} is not a compatible subset of any of the virtual service hosts: [${vsHosts.join(', ')}]`, path);
}

function validateL4Common(c: Ctx, s: Sink, m: Record<string, unknown>, mp: string): void {
  c.strList(m, 'destinationSubnets', mp).forEach((d, j) => pushE(s, validateIPSubnet(d), `${mp}.destinationSubnets[${j}]`));
  const port = c.int(m, 'port', 'uint32', mp);
  if (port !== 0) pushE(s, validatePort(port), `${mp}.port`);
  for (const e of validateLabels(c.strMap(m, 'sourceLabels', mp))) pushE(s, e, `${mp}.sourceLabels`);
}

// -- unreachable-rule analysis (validation.go:1819-2205) --

function canonicalSM(c: Ctx, o: unknown): unknown {
  const sm = stringMatch(c, isObj(o) ? o : undefined, '');
  return sm ? { [sm.type]: sm.value } : isObj(o) ? {} : undefined;
}
function sortedMap(entries: [string, unknown][] | undefined, f: (v: unknown) => unknown): Record<string, unknown> | undefined {
  if (!entries || entries.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = f(v);
  return out;
}
/** A stand-in for asJSON(): a canonical serialisation of the decoded match (name removed). */
function canonicalMatch(m: Record<string, unknown>, kind: 'http' | 'tcp' | 'tls'): string {
  const c = new Ctx('', '', {}, {});
  const str = (k: string) => c.str(m, k, '') || undefined;
  const list = (k: string) => {
    const l = c.strList(m, k, '');
    return l.length ? l : undefined;
  };
  const num = (k: string) => c.int(m, k, 'uint32', '') || undefined;
  const labels = sortedMap(c.strMap(m, 'sourceLabels', ''), (v) => v);
  if (kind === 'http') {
    return JSON.stringify([
      canonicalSM(c, c.raw(m, 'uri')), canonicalSM(c, c.raw(m, 'scheme')), canonicalSM(c, c.raw(m, 'method')),
      canonicalSM(c, c.raw(m, 'authority')), sortedMap(c.map(m, 'headers', ''), (v) => canonicalSM(c, v ?? {})),
      num('port'), labels, list('gateways'), sortedMap(c.map(m, 'queryParams', ''), (v) => canonicalSM(c, v ?? {})),
      c.bool(m, 'ignoreUriCase', '') || undefined, sortedMap(c.map(m, 'withoutHeaders', ''), (v) => canonicalSM(c, v ?? {})),
      str('sourceNamespace'), str('statPrefix'),
    ]);
  }
  if (kind === 'tcp') {
    return JSON.stringify([list('destinationSubnets'), num('port'), str('sourceSubnet'), labels, list('gateways'), str('sourceNamespace')]);
  }
  return JSON.stringify([list('sniHosts'), list('destinationSubnets'), num('port'), labels, list('gateways'), str('sourceNamespace')]);
}

interface PrefixMatch {
  routeStr: string; matchStr: string; prefix: string; port: number; method: string; authority: string;
  headers: Map<string, string>; query: Map<string, string>; without: Map<string, string>;
}

function analyzeUnreachable(c: Ctx, s: Sink, routes: Record<string, unknown>[], kind: 'http' | 'tcp' | 'tls', path: string): void {
  const routeName = (r: Record<string, unknown>, i: number) => {
    const n = kind === 'http' ? c.str(r, 'name', '') : '';
    return n !== '' ? goQuote(n) : `#${i}`;
  };
  const requestName = (m: Record<string, unknown>, i: number) => {
    const n = kind === 'http' ? c.str(m, 'name', '') : '';
    return n !== '' ? goQuote(n) : `#${i}`;
  };
  const unused = (ruleno: string, reason: string, p: string) => pushW(s, `virtualService rule ${ruleno} not used (${reason})`, p);
  const ineffective = (ruleno: string, matchno: string, dupno: string, p: string) =>
    pushW(s, `virtualService rule ${ruleno} match ${matchno} is not used (duplicate/overlapping match in rule ${dupno})`, p);
  const seen = new Map<string, number>();
  let emptyMatch = -1;
  const prefixMatches: PrefixMatch[] = [];
  const scratch = new Ctx('', '', {}, {});
  routes.forEach((route, rulen) => {
    const rp = `${path}[${rulen}]`;
    const matches = scratch.msgList(route, 'match', rp);
    if (matches.length === 0) {
      if (emptyMatch >= 0) unused(routeName(route, rulen), 'only the last rule can have no matches', rp);
      emptyMatch = rulen;
      return;
    }
    let dups = 0;
    matches.forEach((m, matchn) => {
      if (emptyMatch >= 0) {
        unused(routeName(route, rulen), 'route without matches defined before', rp);
        return;
      }
      const key = canonicalMatch(m, kind);
      const dupn = seen.get(key);
      if (dupn !== undefined) {
        ineffective(routeName(route, rulen), requestName(m, matchn), routeName(routes[dupn], dupn), `${rp}.match[${matchn}]`);
        dups++;
        return;
      }
      seen.set(key, rulen);
      if (kind === 'http') {
        const uri = stringMatch(scratch, scratch.msg(m, 'uri', ''), '');
        if (uri && uri.type === 'prefix' && uri.value !== '') {
          const eop = (sm: SM | undefined) => (sm && sm.value !== '' && sm.type === 'exact' ? 'exact:' + sm.value : sm && sm.value !== '' && sm.type === 'prefix' ? 'prefix:' + sm.value : '');
          const mapOf = (k: string) => new Map((scratch.map(m, k, '') ?? []).map(([hk, hv]) => [hk, eop(stringMatch(scratch, isObj(hv) ? hv : {}, ''))]));
          prefixMatches.push({
            routeStr: routeName(route, rulen),
            matchStr: requestName(m, matchn),
            prefix: uri.value,
            port: scratch.int(m, 'port', 'uint32', ''),
            method: eop(stringMatch(scratch, scratch.msg(m, 'method', ''), '')) || 'exact:GET',
            authority: eop(stringMatch(scratch, scratch.msg(m, 'authority', ''), '')),
            headers: mapOf('headers'),
            query: mapOf('queryParams'),
            without: mapOf('withoutHeaders'),
          });
        }
      }
    });
    if (dups === matches.length) unused(routeName(route, rulen), 'all matches used by prior rules', rp);
  });
  const mapsCovered = (a: Map<string, string>, b: Map<string, string>) => {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      const bv = b.get(k);
      if (bv === undefined) return false;
      if (v !== bv && !v.startsWith(bv)) return false;
    }
    return true;
  };
  const covered = (a: PrefixMatch, b: PrefixMatch) => {
    if (!b.prefix.startsWith(a.prefix)) return false;
    if (b.port !== a.port) return false;
    if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
    if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
    return mapsCovered(a.headers, b.headers) && mapsCovered(a.query, b.query) && mapsCovered(a.without, b.without);
  };
  if (prefixMatches.length > 1) {
    for (let i = 0; i < prefixMatches.length; i++) {
      for (let j = i + 1; j < prefixMatches.length; j++) {
        const a = prefixMatches[i];
        const b = prefixMatches[j];
        if (a.prefix === b.prefix) continue;
        if (covered(a, b)) {
          ineffective(b.routeStr, `${b.matchStr} of prefix ${b.prefix}`, `${a.matchStr} of prefix ${a.prefix} on ${a.routeStr}`, path);
        }
      }
    }
  }
}

function validateVirtualService(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  const hosts = c.strList(spec, 'hosts', 'spec');
  const gateways = c.strList(spec, 'gateways', 'spec');
  const http = c.msgList(spec, 'http', 'spec');
  const tls = c.msgList(spec, 'tls', 'spec');
  const tcp = c.msgList(spec, 'tcp', 'spec');
  if (hosts.length === 0) {
    if (gateways.length !== 0) pushE(s, 'delegate virtual service must have no gateways specified', 'spec.gateways');
    if (tls.length !== 0) pushE(s, 'delegate virtual service must have no tls route specified', 'spec.tls');
    if (tcp.length !== 0) pushE(s, 'delegate virtual service must have no tcp route specified', 'spec.tcp');
  }
  const gatewaySemantics = c.annotations['internal.istio.io/route-semantics'] === 'gateway';
  let appliesToMesh = false;
  let appliesToGateway = false;
  if (gateways.length === 0) {
    appliesToMesh = true;
  } else {
    validateGatewayNames(s, gateways, gatewaySemantics, 'spec.gateways');
    appliesToGateway = !gateways.includes('mesh');
    appliesToMesh = !appliesToGateway;
  }
  if (!appliesToGateway) {
    http.forEach((h, i) => {
      c.msgList(h, 'match', `spec.http[${i}]`).forEach((m, j) => {
        for (const key of ['headers', 'withoutHeaders']) {
          for (const [k] of c.map(m, key, `spec.http[${i}].match[${j}]`) ?? []) {
            if (isRoutingClaim(k)) {
              pushE(s, `JWT claim based routing (key: ${k}) is only supported for gateway, found no gateways: ${goList(gateways)}`, `spec.http[${i}].match[${j}].${key}[${k}]`);
            }
          }
        }
      });
    });
  }
  const sniHost = tls.some((t) => c.msgList(t, 'match', '').some((m) => c.strList(m, 'sniHosts', '').length > 0));
  let allHostsValid = true;
  hosts.forEach((h, i) => {
    const err = appliesToGateway ? validateWildcardDomainForVSBoundToGateway(sniHost, h) : validateWildcardDomain(h);
    if (err) {
      if (!isValidIPAddress(h)) {
        pushE(s, err, `spec.hosts[${i}]`);
        allHostsValid = false;
      }
    } else if (appliesToMesh && h === '*') {
      pushE(s, 'wildcard host * is not allowed for virtual services bound to the mesh gateway', `spec.hosts[${i}]`);
      allHostsValid = false;
    }
  });
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        if (hostMatches(hosts[i], hosts[j])) pushE(s, `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`, `spec.hosts[${j}]`);
      }
    }
  }
  if (http.length === 0 && tcp.length === 0 && tls.length === 0) pushE(s, 'http, tcp or tls must be provided in virtual service', 'spec');
  http.forEach((h, i) => validateHTTPRoute(c, s, h, hosts.length === 0, gatewaySemantics, `spec.http[${i}]`));
  tls.forEach((t, i) => {
    const p = `spec.tls[${i}]`;
    const matches = c.msgList(t, 'match', p);
    if (matches.length === 0) pushE(s, 'TLS route must have at least one match condition', `${p}.match`);
    matches.forEach((m, j) => {
      const mp = `${p}.match[${j}]`;
      const snis = c.strList(m, 'sniHosts', mp);
      if (snis.length === 0) pushE(s, 'TLS match must have at least one SNI host', `${mp}.sniHosts`);
      // isGateway() is true unless a gateway named "mesh" is listed - also when no gateway is listed (validation.go:1862)
      else snis.forEach((h, k) => validateSniHost(s, h, hosts, !gateways.includes('mesh'), `${mp}.sniHosts[${k}]`));
      validateL4Common(c, s, m, mp);
      validateGatewayNames(s, c.strList(m, 'gateways', mp), false, `${mp}.gateways`);
    });
    const route = c.msgList(t, 'route', p);
    if (route.length === 0) pushE(s, 'TLS route is required', `${p}.route`);
    validateRouteDestinations(c, s, route, gatewaySemantics, false, `${p}.route`);
  });
  tcp.forEach((t, i) => {
    const p = `spec.tcp[${i}]`;
    c.msgList(t, 'match', p).forEach((m, j) => {
      const mp = `${p}.match[${j}]`;
      validateL4Common(c, s, m, mp);
      validateGatewayNames(errOnly(s), c.strList(m, 'gateways', mp), false, `${mp}.gateways`);
    });
    const route = c.msgList(t, 'route', p);
    if (route.length === 0) pushE(s, 'TCP route is required', `${p}.route`);
    validateRouteDestinations(c, s, route, gatewaySemantics, false, `${p}.route`);
  });
  validateExportTo(c, s, c.strList(spec, 'exportTo', 'spec'), false, false, 'spec.exportTo');
  analyzeUnreachable(c, s, http, 'http', 'spec.http');
  analyzeUnreachable(c, s, tcp, 'tcp', 'spec.tcp');
  analyzeUnreachable(c, s, tls, 'tls', 'spec.tls');
  return s;
}

// ---- DestinationRule (validation.go:658-1299; agent/validation.go:280-333, 523-668) -------------------------------

function validatePercent(v: number): string | undefined {
  return v < 0 || v > 100 ? `percentage ${v} is not in range 0..100` : undefined;
}

function validateOutlierDetection(c: Ctx, s: Sink, o: Record<string, unknown> | undefined, path: string): void {
  if (!o) return;
  const bet = c.dur(o, 'baseEjectionTime', path);
  if (bet !== undefined) pushE(s, validateDuration(bet), `${path}.baseEjectionTime`);
  if (c.int(o, 'consecutiveErrors', 'int32', path) !== 0) {
    pushW(s, 'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead', `${path}.consecutiveErrors`);
  }
  const split = c.bool(o, 'splitExternalLocalOriginErrors', path);
  const localOrigin = c.wrapInt(o, 'consecutiveLocalOriginFailures', 'uint32', path) ?? 0;
  c.wrapInt(o, 'consecutiveGatewayErrors', 'uint32', path);
  c.wrapInt(o, 'consecutive5xxErrors', 'uint32', path, 'consecutive_5xx_errors');
  if (!split && localOrigin > 0) {
    pushE(s, 'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false', `${path}.consecutiveLocalOriginFailures`);
  }
  const interval = c.dur(o, 'interval', path);
  if (interval !== undefined) pushE(s, validateDuration(interval), `${path}.interval`);
  pushE(s, validatePercent(c.int(o, 'maxEjectionPercent', 'int32', path)), `${path}.maxEjectionPercent`);
  pushE(s, validatePercent(c.int(o, 'minHealthPercent', 'int32', path)), `${path}.minHealthPercent`);
}

function validateConnectionPool(c: Ctx, s: Sink, cp: Record<string, unknown> | undefined, path: string): void {
  if (!cp) return;
  const http = c.msg(cp, 'http', path);
  const tcp = c.msg(cp, 'tcp', path);
  if (!http && !tcp) return pushE(s, 'connection pool must have at least one field', path);
  if (http) {
    const p = `${path}.http`;
    if (c.int(http, 'http1MaxPendingRequests', 'int32', p) < 0) pushE(s, 'http1 max pending requests must be non-negative', `${p}.http1MaxPendingRequests`);
    if (c.int(http, 'http2MaxRequests', 'int32', p) < 0) pushE(s, 'http2 max requests must be non-negative', `${p}.http2MaxRequests`);
    if (c.int(http, 'maxRequestsPerConnection', 'int32', p) < 0) pushE(s, 'max requests per connection must be non-negative', `${p}.maxRequestsPerConnection`);
    if (c.int(http, 'maxRetries', 'int32', p) < 0) pushE(s, 'max retries must be non-negative', `${p}.maxRetries`);
    const idle = c.dur(http, 'idleTimeout', p);
    if (idle !== undefined) pushE(s, validateDuration(idle), `${p}.idleTimeout`);
    if (c.enum(http, 'h2UpgradePolicy', E.h2Upgrade, p) === 2 && c.bool(http, 'useClientProtocol', p)) {
      pushE(s, 'use client protocol must not be true when H2UpgradePolicy is UPGRADE', `${p}.useClientProtocol`);
    }
    if (c.int(http, 'maxConcurrentStreams', 'int32', p) < 0) pushE(s, 'max concurrent streams must be non-negative', `${p}.maxConcurrentStreams`);
  }
  if (tcp) {
    const p = `${path}.tcp`;
    if (c.int(tcp, 'maxConnections', 'int32', p) < 0) pushE(s, 'max connections must be non-negative', `${p}.maxConnections`);
    const ct = c.dur(tcp, 'connectTimeout', p);
    if (ct !== undefined) pushE(s, validateDuration(ct), `${p}.connectTimeout`);
    const mcd = c.dur(tcp, 'maxConnectionDuration', p);
    if (mcd !== undefined) pushE(s, validateDuration(mcd), `${p}.maxConnectionDuration`);
    const idle = c.dur(tcp, 'idleTimeout', p);
    // 0s disables the timeout: only validated when Milliseconds() != 0 (validation.go:1171)
    if (idle !== undefined && idle / 1000000n !== 0n) pushE(s, validateDuration(idle), `${p}.idleTimeout`);
    const ka = c.msg(tcp, 'tcpKeepalive', p);
    if (ka) {
      c.int(ka, 'probes', 'uint32', `${p}.tcpKeepalive`);
      const t = c.dur(ka, 'time', `${p}.tcpKeepalive`);
      if (t !== undefined) pushE(s, validateDuration(t), `${p}.tcpKeepalive.time`);
      const iv = c.dur(ka, 'interval', `${p}.tcpKeepalive`);
      if (iv !== undefined) pushE(s, validateDuration(iv), `${p}.tcpKeepalive.interval`);
    }
  }
}

function isPrime(x: bigint): boolean {
  // Envoy's algorithm (validation.go:1257): trial division by odd factors up to sqrt(x).
  if (x !== 0n && x < 4n) return true;
  if ((x & 1n) === 0n) return false;
  if (x < 10000000000n) {
    const n = Number(x);
    const limit = Math.floor(Math.sqrt(n));
    for (let f = 3; f <= limit; f += 2) if (n % f === 0) return false;
    return true;
  }
  // Large inputs: deterministic Miller-Rabin (same answer, bounded time).
  const modpow = (b: bigint, e: bigint, m: bigint) => {
    let r = 1n;
    b %= m;
    while (e > 0n) {
      if (e & 1n) r = (r * b) % m;
      b = (b * b) % m;
      e >>= 1n;
    }
    return r;
  };
  let d = x - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
    if (a % x === 0n) continue;
    let y = modpow(a, d, x);
    if (y === 1n || y === x - 1n) continue;
    let composite = true;
    for (let i = 1; i < r; i++) {
      y = (y * y) % x;
      if (y === x - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

function bigUint(c: Ctx, o: unknown, json: string, path: string, proto?: string): bigint {
  const v = c.raw(o, json, proto);
  if (v === undefined) return 0n;
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return BigInt(v);
  return BigInt(c.intV(v, 'uint64', `${path}.${json}`));
}

function validateLocalities(localities: string[]): string | undefined {
  const m = new Map<string, Map<string, Map<string, boolean>>>();
  for (const loc of localities) {
    const n = loc.split('*').length - 1;
    if (n > 0 && (n > 1 || !loc.endsWith('*'))) return `locality ${loc} wildcard '*' number can not exceed 1 and must be in the end`;
    if (m.has('*')) return `locality ${loc} overlap with previous specified ones`;
    const items = loc.split('/');
    const parts = items.length > 3 ? [items[0], items[1], items.slice(2).join('/')] : items;
    if (parts.some((x) => x === '')) return `locality ${loc} must not contain empty region/zone/subzone info`;
    const [region, zone, subZone] = parts;
    const idx = parts.length - 1;
    if (idx === 0) {
      if (m.has(region)) return `locality ${loc} overlap with previous specified ones`;
      m.set(region, new Map([['*', new Map([['*', true]])]]));
    } else if (idx === 1) {
      const r = m.get(region);
      if (r) {
        if (r.has('*') || r.has(zone)) return `locality ${loc} overlap with previous specified ones`;
        r.set(zone, new Map([['*', true]]));
      } else {
        m.set(region, new Map([[zone, new Map([['*', true]])]]));
      }
    } else {
      const r = m.get(region);
      if (r) {
        if (r.has('*')) return `locality ${loc} overlap with previous specified ones`;
        const z = r.get(zone);
        if (z) {
          if (z.get('*') || z.get(subZone)) return `locality ${loc} overlap with previous specified ones`;
          z.set(subZone, true);
        } else {
          r.set(zone, new Map([[subZone, true]]));
        }
      } else {
        m.set(region, new Map([[zone, new Map([[subZone, true]])]]));
      }
    }
  }
  return undefined;
}

/** agent.ValidateLocalityLbSetting (agent/validation.go:524) */
function validateLocalityLbSetting(c: Ctx, s: Sink, lb: Record<string, unknown> | undefined, hasOutlier: boolean, path: string): void {
  if (!lb) return;
  const distribute = c.msgList(lb, 'distribute', path);
  const failover = c.msgList(lb, 'failover', path);
  const failoverPriority = c.strList(lb, 'failoverPriority', path);
  c.wrapBool(lb, 'enabled', path);
  if (distribute.length > 0 && failover.length > 0) return pushE(s, "can not simultaneously specify 'distribute' and 'failover'", path);
  if (failover.length > 0 && failoverPriority.length > 0) {
    for (const l of failoverPriority) {
      if (l === 'topology.kubernetes.io/region' || l === 'topology.kubernetes.io/zone' || l === 'topology.istio.io/subzone') {
        return pushE(s, `can not simultaneously set 'failover' and topology label '${l}' in 'failover_priority'`, `${path}.failoverPriority`);
      }
    }
  }
  const src: string[] = [];
  for (let i = 0; i < distribute.length; i++) {
    const d = distribute[i];
    const dp = `${path}.distribute[${i}]`;
    src.push(c.str(d, 'from', dp));
    let total = 0;
    const dest: string[] = [];
    for (const [loc, w] of c.map(d, 'to', dp) ?? []) {
      dest.push(loc);
      const weight = c.intV(w, 'uint32', `${dp}.to[${loc}]`);
      if (weight <= 0 || weight > 100) return pushE(s, 'locality weight must be in range [1, 100]', `${dp}.to[${loc}]`);
      total += weight;
    }
    if (total !== 100) return pushE(s, `total locality weight ${total} != 100`, `${dp}.to`);
    pushE(s, validateLocalities(dest), `${dp}.to`);
  }
  pushE(s, validateLocalities(src), `${path}.distribute`);
  if ((failover.length !== 0 || failoverPriority.length !== 0) && !hasOutlier) pushW(s, 'outlier detection policy must be provided for failover', path);
  failover.forEach((f, i) => {
    const fp = `${path}.failover[${i}]`;
    const from = c.str(f, 'from', fp);
    const to = c.str(f, 'to', fp);
    if (from === to) pushE(s, 'locality lb failover settings must specify different regions', fp);
    if (from.includes('/') || to.includes('/')) pushE(s, 'locality lb failover only specify region', fp);
    if (to.includes('*') || from.includes('*')) pushE(s, "locality lb failover region should not contain '*' wildcard", fp);
  });
}

function validateLoadBalancer(c: Ctx, s: Sink, lb: Record<string, unknown> | undefined, hasOutlier: boolean, path: string): void {
  if (!lb) return;
  c.enum(lb, 'simple', E.simpleLB, path);
  const ch = c.msg(lb, 'consistentHash', path);
  if (ch) {
    const p = `${path}.consistentHash`;
    let hashKey: string | undefined;
    for (const k of ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName']) if (c.has(ch, k)) hashKey = k;
    const cookie = hashKey === 'httpCookie' ? c.msg(ch, 'httpCookie', p) : undefined;
    if (cookie) {
      const cp = `${p}.httpCookie`;
      if (c.str(cookie, 'name', cp) === '') pushE(s, 'name required for HttpCookie', `${cp}.name`);
      c.dur(cookie, 'ttl', cp);
      const names = new Set<string>();
      c.msgList(cookie, 'attributes', cp).forEach((a, i) => {
        const n = c.str(a, 'name', `${cp}.attributes[${i}]`);
        if (n === '') return pushE(s, 'cookie attribute name cannot be empty', `${cp}.attributes[${i}].name`);
        if (names.has(n)) pushE(s, `duplicate cookie attribute name: ${n}`, `${cp}.attributes[${i}].name`);
        else names.add(n);
      });
    }
    const minRing = bigUint(c, ch, 'minimumRingSize', p);
    if (minRing !== 0n) pushW(s, "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead", `${p}.minimumRingSize`);
    const hasAlgo = c.has(ch, 'ringHash') || c.has(ch, 'maglev');
    if (minRing !== 0n && hasAlgo) pushE(s, 'only one of MinimumRingSize or Maglev/Ringhash can be specified', p);
    const maglev = c.has(ch, 'maglev') ? c.msg(ch, 'maglev', p) : undefined;
    if (maglev) {
      const ts = bigUint(c, maglev, 'tableSize', `${p}.maglev`);
      if (ts === 0n) pushE(s, 'tableSize must be set for maglev', `${p}.maglev.tableSize`);
      if (ts >= 5000011n) pushE(s, 'tableSize must be less than 5000011 for maglev', `${p}.maglev.tableSize`);
      if (!isPrime(ts)) pushE(s, 'tableSize must be a prime number for maglev', `${p}.maglev.tableSize`);
    }
  }
  validateLocalityLbSetting(c, s, c.msg(lb, 'localityLbSetting', path), hasOutlier, `${path}.localityLbSetting`);
  c.dur(lb, 'warmupDurationSecs', path);
  const warm = c.msg(lb, 'warmup', path);
  if (warm) {
    const wp = `${path}.warmup`;
    const d = c.dur(warm, 'duration', wp);
    if (!c.has(warm, 'duration')) pushE(s, 'duration is required', `${wp}.duration`);
    else if (d !== undefined) pushE(s, validateDuration(d), `${wp}.duration`);
    if ((c.wrapDbl(warm, 'minimumPercent', wp) ?? 0) > 100) pushE(s, 'minimumPercent value should be less than or equal to 100', `${wp}.minimumPercent`);
    const ag = c.wrapDbl(warm, 'aggression', wp);
    if (ag !== undefined && ag < 1) pushE(s, 'aggression should be greater than or equal to 1', `${wp}.aggression`);
  }
}

/** agent.ValidateTLS for ClientTLSSettings (agent/validation.go:280) */
function validateClientTLS(c: Ctx, s: Sink, tls: Record<string, unknown> | undefined, path: string): void {
  if (!tls) return;
  const mode = c.enum(tls, 'mode', E.clientTLSMode, path);
  const credentialName = c.str(tls, 'credentialName', path);
  const clientCertificate = c.str(tls, 'clientCertificate', path);
  const privateKey = c.str(tls, 'privateKey', path);
  const caCertificates = c.str(tls, 'caCertificates', path);
  const caCrl = c.str(tls, 'caCrl', path);
  const sans = c.strList(tls, 'subjectAltNames', path);
  c.str(tls, 'sni', path);
  const insecure = c.wrapBool(tls, 'insecureSkipVerify', path) ?? false;
  const ns = c.namespace;
  if (credentialName !== '' && credentialName.startsWith('configmap://')) {
    const res = credentialName.slice('configmap://'.length).split('/');
    let perr: string | undefined;
    if (res.length <= 1) perr = `invalid resource name ${goQuote(credentialName)}. Expected namespace and name`;
    else if (res[0].length === 0) perr = `invalid resource name ${goQuote(credentialName)}. Expected namespace`;
    else if (res[1].length === 0) perr = `invalid resource name ${goQuote(credentialName)}. Expected name`;
    if (perr) pushE(s, `invalid configmap:// credentialName: ${perr}`, `${path}.credentialName`);
    else if (res[0] !== ns || ns === '') {
      pushE(s, `invalid configmap:// credentialName: namespace must match the configuration namespace ${goQuote(ns)}`, `${path}.credentialName`);
    }
  }
  if (insecure) {
    if (mode === 1 && (caCertificates !== '' || credentialName !== '' || sans.length > 0)) {
      pushE(s, 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true', path);
    }
    if (mode === 2 && (caCertificates !== '' || sans.length > 0)) {
      pushE(s, 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true', path);
    }
  }
  if ((mode === 1 || mode === 2) && credentialName !== '') {
    if (clientCertificate !== '' || caCertificates !== '' || privateKey !== '' || caCrl !== '') {
      pushE(s, 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set', path);
    }
    return;
  }
  if (mode === 2) {
    if (clientCertificate === '') pushE(s, 'client certificate required for mutual tls', `${path}.clientCertificate`);
    if (privateKey === '') pushE(s, 'private key required for mutual tls', `${path}.privateKey`);
  }
}

function validateTrafficPolicy(c: Ctx, s: Sink, tp: Record<string, unknown> | undefined, path: string): void {
  if (!tp) return;
  const outlier = c.msg(tp, 'outlierDetection', path);
  const cp = c.msg(tp, 'connectionPool', path);
  const lb = c.msg(tp, 'loadBalancer', path);
  const tls = c.msg(tp, 'tls', path);
  const pls = c.msgList(tp, 'portLevelSettings', path);
  const tunnel = c.msg(tp, 'tunnel', path);
  const pp = c.msg(tp, 'proxyProtocol', path);
  const rb = c.msg(tp, 'retryBudget', path);
  if (!outlier && !cp && !lb && !tls && pls.length === 0 && !tunnel && !pp && !rb) return pushE(s, 'traffic policy must have at least one field', path);
  if (tunnel && pp) return pushE(s, 'tunnel and proxyProtocol must not be set together', path);
  validateOutlierDetection(c, s, outlier, `${path}.outlierDetection`);
  validateConnectionPool(c, s, cp, `${path}.connectionPool`);
  validateLoadBalancer(c, s, lb, outlier !== undefined, `${path}.loadBalancer`);
  validateClientTLS(c, s, tls, `${path}.tls`);
  pls.forEach((t, i) => {
    const p = `${path}.portLevelSettings[${i}]`;
    const port = c.msg(t, 'port', p);
    if (!port) pushE(s, 'portTrafficPolicy must have valid port', `${p}.port`);
    const o = c.msg(t, 'outlierDetection', p);
    const pcp = c.msg(t, 'connectionPool', p);
    const plb = c.msg(t, 'loadBalancer', p);
    const ptls = c.msg(t, 'tls', p);
    if (!o && !pcp && !plb && !ptls) return pushE(s, 'port traffic policy must have at least one field', p);
    // validatePortTrafficPolicies combines with appendErrors: warnings are dropped (validation.go:1292)
    validateOutlierDetection(c, errOnly(s), o, `${p}.outlierDetection`);
    validateConnectionPool(c, s, pcp, `${p}.connectionPool`);
    validateLoadBalancer(c, errOnly(s), plb, o !== undefined, `${p}.loadBalancer`);
    validateClientTLS(c, s, ptls, `${p}.tls`);
  });
  if (tunnel) {
    const p = `${path}.tunnel`;
    const proto = c.str(tunnel, 'protocol', p);
    const host = c.str(tunnel, 'targetHost', p);
    const port = c.int(tunnel, 'targetPort', 'uint32', p);
    if (proto !== '' && proto !== 'CONNECT' && proto !== 'POST') pushE(s, 'tunnel protocol must be "CONNECT" or "POST"', `${p}.protocol`);
    const fqdnErr = validateFQDN(host);
    const ipErr = validateIPAddress(host);
    if (fqdnErr && ipErr) pushE(s, `tunnel target host must be valid FQDN or IP address: ${fqdnErr}; ${ipErr}`, `${p}.targetHost`);
    const pe = validatePort(port);
    if (pe) pushE(s, `tunnel target port is invalid: ${pe}`, `${p}.targetPort`);
  }
  if (pp) {
    const v = c.enum(pp, 'version', E.proxyProtocolVersion, `${path}.proxyProtocol`);
    if (v !== 0 && v !== 1) pushE(s, `proxy protocol version is invalid: ${v}`, `${path}.proxyProtocol.version`);
  }
}

function validateDestinationRule(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  pushE(s, validateWildcardDomain(c.str(spec, 'host', 'spec')), 'spec.host');
  validateTrafficPolicy(c, s, c.msg(spec, 'trafficPolicy', 'spec'), 'spec.trafficPolicy');
  const names = new Set<string>();
  c.msgList(spec, 'subsets', 'spec').forEach((sub, i) => {
    const p = `spec.subsets[${i}]`;
    const name = c.str(sub, 'name', p);
    if (names.has(name)) pushE(s, `duplicate subset names: ${name}`, `${p}.name`);
    names.add(name);
    // validateSubset (validation.go:1273) returns an error: its warnings are dropped
    pushE(s, validateSubsetName(name), `${p}.name`);
    for (const e of validateLabels(c.strMap(sub, 'labels', p))) pushE(s, e, `${p}.labels`);
    validateTrafficPolicy(c, errOnly(s), c.msg(sub, 'trafficPolicy', p), `${p}.trafficPolicy`);
  });
  const ws = c.msg(spec, 'workloadSelector', 'spec');
  validateExportTo(c, s, c.strList(spec, 'exportTo', 'spec'), false, ws !== undefined, 'spec.exportTo');
  validateWorkloadSelector(c, s, ws, 'spec.workloadSelector');
  return s;
}

// ---- Gateway (validation.go:406-655) ---------------------------------------------------------------------------

const VALID_CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
]);
function isValidCipherSuite(cs: string): boolean {
  if (cs === '' || cs === 'ALL') return true;
  const first = String.fromCharCode(utf8.encode(cs)[0]);
  if (!/[\p{L}\p{N}]/u.test(first)) return true;
  return VALID_CIPHER_SUITES.has(cs);
}
const goSortedList = (xs: Iterable<string>) => goList([...xs].sort());

/** validateTLSOptions for ServerTLSSettings (validation.go:526) */
function validateServerTLS(c: Ctx, s: Sink, tls: Record<string, unknown> | undefined, path: string): void {
  if (!tls) return;
  const mode = c.enum(tls, 'mode', E.serverTLSMode, path);
  const minV = c.enum(tls, 'minProtocolVersion', E.tlsProtocol, path);
  c.enum(tls, 'maxProtocolVersion', E.tlsProtocol, path);
  c.bool(tls, 'httpsRedirect', path);
  const ciphers = c.strList(tls, 'cipherSuites', path);
  const serverCertificate = c.str(tls, 'serverCertificate', path);
  const privateKey = c.str(tls, 'privateKey', path);
  const caCertificates = c.str(tls, 'caCertificates', path);
  const caCrl = c.str(tls, 'caCrl', path);
  const credentialName = c.str(tls, 'credentialName', path);
  const credentialNames = c.strList(tls, 'credentialNames', path);
  const tlsCertificates = c.msgList(tls, 'tlsCertificates', path);
  if ((minV === 1 || minV === 2) && ciphers.length === 0) {
    pushW(s, 'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.', `${path}.minProtocolVersion`);
  }
  const invalid = new Set<string>();
  const valid = new Set<string>();
  const dup = new Set<string>();
  for (const cs of ciphers) {
    if (!isValidCipherSuite(cs)) invalid.add(cs);
    else if (valid.has(cs)) dup.add(cs);
    else valid.add(cs);
  }
  if (invalid.size > 0) pushW(s, `ignoring invalid cipher suites: ${goSortedList(invalid)}`, `${path}.cipherSuites`);
  if (dup.size > 0) pushW(s, `ignoring duplicate cipher suites: ${goSortedList(dup)}`, `${path}.cipherSuites`);
  if (mode === 4) {
    if (serverCertificate !== '') pushE(s, 'ISTIO_MUTUAL TLS cannot have associated server certificate', `${path}.serverCertificate`);
    if (privateKey !== '') pushE(s, 'ISTIO_MUTUAL TLS cannot have associated private key', `${path}.privateKey`);
    if (caCertificates !== '') pushE(s, 'ISTIO_MUTUAL TLS cannot have associated CA bundle', `${path}.caCertificates`);
    if (tlsCertificates.length > 0) pushE(s, 'ISTIO_MUTUAL TLS cannot have associated tlsCertificates', `${path}.tlsCertificates`);
    if (credentialName !== '') pushE(s, 'ISTIO_MUTUAL TLS cannot have associated credentialName', `${path}.credentialName`);
    if (credentialNames.length > 0) pushE(s, 'ISTIO_MUTUAL TLS cannot have associated credentialNames', `${path}.credentialNames`);
    return;
  }
  if (mode === 0 || mode === 3) {
    if (caCrl !== '' || serverCertificate !== '' || privateKey !== '' || caCertificates !== '' || tlsCertificates.length > 0 || credentialName !== '' || credentialNames.length > 0) {
      pushW(s, `${enumName(E.serverTLSMode, mode)} mode does not use certificates, they will be ignored`, path);
    }
  }
  let sources = 0;
  if (serverCertificate !== '' && privateKey !== '') sources++;
  if (credentialName !== '') sources++;
  if (credentialNames.length > 0) sources++;
  if (tlsCertificates.length > 0) sources++;
  if (sources > 1) pushE(s, 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified', path);
  const simpleOrMutual = mode === 1 || mode === 2 || mode === 5;
  if (simpleOrMutual && (credentialName !== '' || credentialNames.length > 0)) return;
  const certs = tlsCertificates.length > 0
    ? tlsCertificates.map((t, i) => ({ sc: c.str(t, 'serverCertificate', `${path}.tlsCertificates[${i}]`), pk: c.str(t, 'privateKey', `${path}.tlsCertificates[${i}]`), p: `${path}.tlsCertificates[${i}]` }))
    : [{ sc: serverCertificate, pk: privateKey, p: path }];
  if (simpleOrMutual) {
    let prefix = 'SIMPLE TLS';
    if (mode === 2 || mode === 5) {
      prefix = 'MUTUAL TLS';
      if (caCertificates === '') pushE(s, `${prefix} requires a client CA bundle`, `${path}.caCertificates`);
    }
    if (tlsCertificates.length > 2) pushW(s, `${prefix} can support up to 2 server certificates`, `${path}.tlsCertificates`);
    for (const cert of certs) {
      if (cert.sc === '') pushE(s, `${prefix} requires a server certificate`, `${cert.p}.serverCertificate`);
      if (cert.pk === '') pushE(s, `${prefix} requires a private key`, `${cert.p}.privateKey`);
    }
  }
  if (caCrl !== '') {
    if (credentialName !== '') pushE(s, 'CRL is not supported with credentialName. CRL has to be specified in the credential', `${path}.caCrl`);
    if (mode === 1) pushE(s, 'CRL is not supported with SIMPLE TLS', `${path}.caCrl`);
  }
}

/** protobuf-go's compact text form of a Port message, as printed by fmt %v (fields with zero values omitted). */
function portText(number: number, protocol: string, name: string, targetPort: number): string {
  const parts: string[] = [];
  if (number !== 0) parts.push(`number:${number}`);
  if (protocol !== '') parts.push(`protocol:${goQuote(protocol)}`);
  if (name !== '') parts.push(`name:${goQuote(name)}`);
  if (targetPort !== 0) parts.push(`target_port:${targetPort}`);
  return parts.join(' ');
}

function validateGateway(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  const gatewaySemantics = c.annotations['internal.istio.io/gateway-semantics'] === 'gateway';
  if (!isDNS1123Label(c.name) && !gatewaySemantics) pushE(s, `invalid gateway name: ${goQuote(c.name)}`, 'metadata.name');
  c.strMap(spec, 'selector', 'spec');
  const servers = c.msgList(spec, 'servers', 'spec');
  if (servers.length === 0) pushE(s, 'gateway must have at least one server', 'spec.servers');
  servers.forEach((srv, i) => {
    const p = `spec.servers[${i}]`;
    const hosts = c.strList(srv, 'hosts', p);
    if (hosts.length === 0) pushE(s, 'server config must contain at least one host', `${p}.hosts`);
    hosts.forEach((h, j) => validateNamespaceSlashWildcardHostname(h, true, gatewaySemantics).forEach((e) => pushE(s, e, `${p}.hosts[${j}]`)));
    const port = c.msg(srv, 'port', p);
    const bind = c.str(srv, 'bind', p);
    c.str(srv, 'defaultEndpoint', p);
    c.str(srv, 'name', p);
    // validateServerPort
    let portOk = true;
    let protocol = '';
    let number = 0;
    if (!port) {
      pushE(s, 'port is required', `${p}.port`);
      portOk = false;
    } else {
      const pp = `${p}.port`;
      number = c.int(port, 'number', 'uint32', pp);
      protocol = c.str(port, 'protocol', pp);
      const name = c.str(port, 'name', pp);
      const target = c.int(port, 'targetPort', 'uint32', pp);
      if (parseProtocol(protocol) === 'UnsupportedProtocol') {
        pushE(s, `invalid protocol ${goQuote(protocol)}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`, `${pp}.protocol`);
        portOk = false;
      }
      if (number > 0 || !bind.startsWith('unix://')) {
        const pe = validatePort(number);
        if (pe) {
          pushE(s, pe, `${pp}.number`);
          portOk = false;
        }
      }
      if (target > 0) {
        pushE(s, 'targetPort has no impact on Gateways', `${pp}.targetPort`);
        portOk = false;
      }
      if (name === '') {
        pushE(s, `port name must be set: ${portText(number, protocol, name, target)}`, `${pp}.name`);
        portOk = false;
      }
    }
    // validateServerBind
    if (bind.startsWith('unix://')) {
      pushE(s, validateUnixAddress(bind.slice('unix://'.length)), `${p}.bind`);
      if (port && number !== 0) {
        const pp = `${p}.port`;
        pushE(s, `port number must be 0 for unix domain socket: ${portText(number, protocol, c.str(port, 'name', pp), c.int(port, 'targetPort', 'uint32', pp))}`, `${p}.bind`);
      }
    } else if (bind.length !== 0) {
      pushE(s, validateIPAddress(bind), `${p}.bind`);
    }
    const tls = c.msg(srv, 'tls', p);
    validateServerTLS(c, s, tls, `${p}.tls`);
    if (portOk) {
      const proto = parseProtocol(protocol);
      if (protoIsTLS(proto) && !tls) {
        pushE(s, 'server must have TLS settings for HTTPS/TLS protocols', `${p}.tls`);
      } else if (!protoIsTLS(proto) && tls) {
        if (protoIsHTTP(proto)) {
          const mode = c.enum(tls, 'mode', E.serverTLSMode, `${p}.tls`);
          const passthrough = mode === 0 || mode === 3;
          if (!passthrough || c.str(tls, 'caCertificates', `${p}.tls`) !== '' || c.str(tls, 'privateKey', `${p}.tls`) !== '' || c.str(tls, 'serverCertificate', `${p}.tls`) !== '') {
            pushE(s, 'server cannot have TLS settings for plain text HTTP ports', `${p}.tls`);
          }
        } else {
          pushE(s, 'server cannot have TLS settings for non HTTPS/TLS ports', `${p}.tls`);
        }
      }
    }
  });
  const portNames = new Set<string>();
  servers.forEach((srv, i) => {
    const port = c.msg(srv, 'port', `spec.servers[${i}]`);
    if (!port) return;
    const name = c.str(port, 'name', `spec.servers[${i}].port`);
    if (portNames.has(name)) pushE(s, `port names in servers must be unique: duplicate name ${name}`, `spec.servers[${i}].port.name`);
    portNames.add(name);
    const tls = c.msg(srv, 'tls', `spec.servers[${i}]`);
    if (!protoIsHTTP(parseProtocol(c.str(port, 'protocol', `spec.servers[${i}].port`))) && tls && c.bool(tls, 'httpsRedirect', `spec.servers[${i}].tls`)) {
      pushW(s, 'tls.httpsRedirect should only be used with http servers', `spec.servers[${i}].tls.httpsRedirect`);
    }
  });
  return s;
}

// ---- Sidecar (validation.go:776-1048) -----------------------------------------------------------------------

function validateSidecar(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  const sel = validateAlphaWorkloadSelector(c, c.msg(spec, 'workloadSelector', 'spec'), 'spec.workloadSelector');
  if (sel.errs.length > 0) return { e: sel.errs, w: [] };
  if (sel.warning) pushW(s, `sidecar: ${sel.warning}, will be applied to all services in namespace`, 'spec.workloadSelector');
  const ingress = c.msgList(spec, 'ingress', 'spec');
  const egress = c.msgList(spec, 'egress', 'spec');
  const otp = c.msg(spec, 'outboundTrafficPolicy', 'spec');
  const icp = c.msg(spec, 'inboundConnectionPool', 'spec');
  if (egress.length === 0 && ingress.length === 0 && !otp && !icp) return { e: [{ msg: 'sidecar: empty configuration provided', field: 'spec' }], w: [] };

  const portMap = new Set<number>();
  ingress.forEach((ing, i) => {
    const p = `spec.ingress[${i}]`;
    const port = c.msg(ing, 'port', p);
    if (!port) return pushE(s, 'sidecar: port is required for ingress listeners', `${p}.port`);
    const pp = `${p}.port`;
    const number = c.int(port, 'number', 'uint32', pp);
    const protocol = c.str(port, 'protocol', pp);
    const name = c.str(port, 'name', pp);
    if (c.int(port, 'targetPort', 'uint32', pp) > 0) pushE(s, 'targetPort has no impact on Sidecars', `${pp}.targetPort`);
    const bind = c.str(ing, 'bind', p);
    c.enum(ing, 'captureMode', E.captureMode, p);
    if (name.length > 0) pushE(s, validatePortName(name), `${pp}.name`);
    pushE(s, validateProtocol(protocol), `${pp}.protocol`);
    pushE(s, validatePort(number), `${pp}.number`);
    if (bind.length !== 0) pushE(s, validateIPAddress(bind), `${p}.bind`);
    if (portMap.has(number)) pushE(s, 'sidecar: ports on IP bound listeners must be unique', `${pp}.number`);
    portMap.add(number);
    const de = c.str(ing, 'defaultEndpoint', p);
    if (de.length !== 0) {
      const dp = `${p}.defaultEndpoint`;
      if (de.startsWith('unix://')) {
        pushE(s, validateUnixAddress(de.slice('unix://'.length)), dp);
      } else {
        const hp = splitHostPort(de);
        if (hp.err) pushE(s, hp.err, dp);
        if (hp.host !== '' && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(hp.host)) {
          pushE(s, 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset', dp);
        }
        const a = goAtoi(hp.port);
        if (!a.ok) pushE(s, `sidecar: defaultEndpoint port (${hp.port}) is not a number: ${a.err}`, dp);
        else pushE(s, validatePort(Number(a.v)), dp);
      }
    }
    const tls = c.msg(ing, 'tls', p);
    if (tls) {
      const tp = `${p}.tls`;
      if (c.strList(tls, 'subjectAltNames', tp).length > 0) pushE(s, 'sidecar: subjectAltNames is not supported in ingress tls', `${tp}.subjectAltNames`);
      if (c.bool(tls, 'httpsRedirect', tp)) pushE(s, 'sidecar: httpsRedirect is not supported', `${tp}.httpsRedirect`);
      if (c.str(tls, 'credentialName', tp) !== '') pushE(s, 'sidecar: credentialName is not currently supported', `${tp}.credentialName`);
      if (c.strList(tls, 'credentialNames', tp).length > 0) pushE(s, 'sidecar: credentialNames is not currently supported', `${tp}.credentialNames`);
      if (c.list(tls, 'tlsCertificates', tp).length > 0) pushE(s, 'sidecar: tls_certificates is not currently supported', `${tp}.tlsCertificates`);
      const mode = c.enum(tls, 'mode', E.serverTLSMode, tp);
      if (mode === 4 || mode === 3) pushE(s, `configuration is invalid: cannot set mode to ${enumName(E.serverTLSMode, mode)} in sidecar ingress tls`, `${tp}.mode`);
      if (!protoIsTLS(parseProtocol(protocol))) pushE(s, 'server cannot have TLS settings for non HTTPS/TLS ports', tp);
      validateServerTLS(c, s, tls, tp);
    }
    const cp = c.msg(ing, 'connectionPool', p);
    validateConnectionPool(c, s, cp, `${p}.connectionPool`);
    if (cp && c.has(cp, 'http') && !protoIsHTTP(parseProtocol(protocol))) {
      pushW(s, `sidecar: HTTP connection pool settings are configured for port ${number} (${goQuote(name)}) but its protocol is not HTTP (${protocol}); only TCP settings will apply`, `${p}.connectionPool.http`);
    }
  });
  validateConnectionPool(c, s, icp, 'spec.inboundConnectionPool');

  const egressPorts = new Set<number>();
  const uds = new Set<string>();
  let catchAll = false;
  egress.forEach((eg, index) => {
    const p = `spec.egress[${index}]`;
    const port = c.msg(eg, 'port', p);
    if (!port) {
      if (!catchAll) {
        if (index === egress.length - 1) catchAll = true;
        else pushE(s, 'sidecar: the egress listener with empty port should be the last listener in the list', p);
      } else {
        return pushE(s, 'sidecar: egress can have only one listener with empty port', p);
      }
    } else {
      const pp = `${p}.port`;
      const number = c.int(port, 'number', 'uint32', pp);
      const protocol = c.str(port, 'protocol', pp);
      const name = c.str(port, 'name', pp);
      if (c.int(port, 'targetPort', 'uint32', pp) > 0) pushE(s, 'targetPort has no impact on Sidecars', `${pp}.targetPort`);
      const bind = c.str(eg, 'bind', p);
      const capture = c.enum(eg, 'captureMode', E.captureMode, p);
      if (name.length > 0) pushE(s, validatePortName(name), `${pp}.name`);
      if (number === 0) {
        pushE(s, validateProtocol(protocol), `${pp}.protocol`);
        if (!bind.startsWith('unix://')) pushE(s, 'sidecar: ports with 0 value must have a unix domain socket bind address', `${p}.bind`);
        else pushE(s, validateUnixAddress(bind.slice('unix://'.length)), `${p}.bind`);
        if (capture !== 0 && capture !== 2) pushE(s, 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners', `${p}.captureMode`);
        if (uds.has(bind)) pushE(s, 'sidecar: unix domain socket values for listeners must be unique', `${p}.bind`);
        uds.add(bind);
      } else {
        pushE(s, validateProtocol(protocol), `${pp}.protocol`);
        pushE(s, validatePort(number), `${pp}.number`);
        if (bind.length !== 0) pushE(s, validateIPAddress(bind), `${p}.bind`);
        if (egressPorts.has(number)) pushE(s, 'sidecar: ports on IP bound listeners must be unique', `${pp}.number`);
        egressPorts.add(number);
      }
    }
    const hosts = c.strList(eg, 'hosts', p);
    if (hosts.length === 0) return pushE(s, 'sidecar: egress listener must contain at least one host', `${p}.hosts`);
    const nss = new Map<string, Map<string, boolean>>();
    hosts.forEach((h, j) => {
      const hp = `${p}.hosts[${j}]`;
      const slash = h.indexOf('/');
      if (slash >= 0) {
        let ns = h.slice(0, slash);
        const svc = h.slice(slash + 1);
        if (ns === '.') ns = c.namespace;
        if (!nss.has(ns)) nss.set(ns, new Map());
        const m = nss.get(ns)!;
        if (svc !== '*') {
          if (m.has(svc) || m.get('*')) pushW(s, `duplicated egress host: ${h}`, hp);
        } else if (m.size !== 0) {
          pushW(s, `duplicated egress host: ${h}`, hp);
        }
        m.set(svc, true);
      }
      validateNamespaceSlashWildcardHostname(h, false, false).forEach((e) => pushE(s, e, hp));
    });
    if (nss.get('*')?.get('*') && nss.size !== 1) pushW(s, '`*/*` host select all resources, no other hosts can be added', `${p}.hosts`);
  });

  // validateSidecarOutboundTrafficPolicy (validation.go:975)
  if (otp) {
    const op = 'spec.outboundTrafficPolicy';
    const mode = c.enum(otp, 'mode', E.outboundMode, op);
    const ep = c.msg(otp, 'egressProxy', op);
    if (ep) {
      if (mode !== 1) {
        pushE(s, 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode', `${op}.egressProxy`);
      } else {
        pushE(s, validateFQDN(c.str(ep, 'host', `${op}.egressProxy`)), `${op}.egressProxy.host`);
        if (!c.msg(ep, 'port', `${op}.egressProxy`)) pushE(s, 'sidecar: egress_proxy port must be non-nil', `${op}.egressProxy.port`);
        else validateDestination(c, s, ep, `${op}.egressProxy`);
      }
    }
  }
  return s;
}

// ---- WorkloadEntry & ServiceEntry (validation.go:2751-3102) -----------------------------------------------------------

function validateWorkloadEntry(c: Ctx, s: Sink, we: Record<string, unknown>, servicePorts: Set<string> | undefined, allowFQDN: boolean, path: string): void {
  const addr = c.str(we, 'address', path);
  const network = c.str(we, 'network', path);
  c.str(we, 'locality', path);
  c.int(we, 'weight', 'uint32', path);
  c.str(we, 'serviceAccount', path);
  if (addr === '') {
    if (network === '') return pushE(s, 'address is required', `${path}.address`);
    pushW(s, `address is unset with network ${goQuote(network)}`, `${path}.address`);
  }
  const ports = c.map(we, 'ports', path) ?? [];
  let unix = false;
  if (addr.startsWith('unix://')) {
    unix = true;
    pushE(s, validateUnixAddress(addr.slice('unix://'.length)), `${path}.address`);
    if (ports.length !== 0) pushE(s, `unix endpoint ${addr} must not include ports`, `${path}.ports`);
  } else if (addr !== '' && !isValidIPAddress(addr)) {
    if (!allowFQDN) pushE(s, `endpoint address ${goQuote(addr)} is not a valid IP address`, `${path}.address`);
    else if (validateFQDN(addr)) pushE(s, `endpoint address ${goQuote(addr)} is not a valid FQDN or an IP address`, `${path}.address`);
  }
  for (const [name, pv] of ports) {
    const port = c.intV(pv, 'uint32', `${path}.ports[${name}]`);
    if (servicePorts && !servicePorts.has(name)) pushE(s, `endpoint port ${port} is not defined by the service entry`, `${path}.ports[${name}]`);
    pushE(s, validatePortName(name), `${path}.ports[${name}]`);
    pushE(s, validatePort(port), `${path}.ports[${name}]`);
  }
  for (const e of validateLabels(c.strMap(we, 'labels', path))) pushE(s, e, `${path}.labels`);
  if (unix && servicePorts && servicePorts.size !== 1) pushE(s, 'exactly 1 service port required for unix endpoints', `${path}.address`);
}

function validateServiceEntry(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  const wsRaw = c.msg(spec, 'workloadSelector', 'spec');
  const sel = validateAlphaWorkloadSelector(c, wsRaw, 'spec.workloadSelector');
  if (sel.errs.length > 0) return { e: sel.errs, w: [] };
  if (sel.warning) pushW(s, `service entry: ${sel.warning}, will be applied to all services in namespace`, 'spec.workloadSelector');
  const hosts = c.strList(spec, 'hosts', 'spec');
  const addresses = c.strList(spec, 'addresses', 'spec');
  const ports = c.msgList(spec, 'ports', 'spec');
  const location = c.enum(spec, 'location', E.seLocation, 'spec');
  const resolution = c.enum(spec, 'resolution', E.seResolution, 'spec');
  const endpoints = c.msgList(spec, 'endpoints', 'spec');
  c.strList(spec, 'subjectAltNames', 'spec');
  const resName = enumName(E.seResolution, resolution);
  if (wsRaw && endpoints.length > 0) pushE(s, 'only one of WorkloadSelector or Endpoints is allowed in Service Entry', 'spec');
  if (hosts.length === 0) pushE(s, 'service entry must have at least one host', 'spec.hosts');
  hosts.forEach((h, i) => {
    if (h === '*') return pushE(s, `invalid host ${h}`, `spec.hosts[${i}]`);
    pushE(s, validateWildcardDomain(h), `spec.hosts[${i}]`);
    if (resolution !== 4) pushW(s, validatePartialWildCard(h), `spec.hosts[${i}]`);
  });
  let cidr = false;
  addresses.forEach((a, i) => {
    cidr = cidr || a.includes('/');
    pushE(s, validateIPSubnet(a), `spec.addresses[${i}]`);
  });
  if (cidr && resolution !== 0 && resolution !== 1) pushE(s, 'CIDR addresses are allowed only for NONE/STATIC resolution types', 'spec.addresses');
  // serviceentry.ShouldV2AutoAllocateIPFromConfig with PILOT_ENABLE_IP_AUTOALLOCATE=true (the default)
  const optOut = (c.labels['networking.istio.io/enable-autoallocate-ip'] ?? '').toLowerCase() === 'false' && 'networking.istio.io/enable-autoallocate-ip' in c.labels;
  const autoAllocation = resolution !== 0 && !optOut && addresses.length === 0;
  const portNumbers = new Set<number>();
  const portNames = new Set<string>();
  const decoded = ports.map((port, i) => {
    const p = `spec.ports[${i}]`;
    const number = c.int(port, 'number', 'uint32', p);
    const protocol = c.str(port, 'protocol', p);
    const name = c.str(port, 'name', p);
    const target = c.int(port, 'targetPort', 'uint32', p);
    if (portNames.has(name)) pushE(s, `service entry port name ${goQuote(name)} already defined`, `${p}.name`);
    portNames.add(name);
    if (portNumbers.has(number)) pushE(s, `service entry port ${number} already defined`, `${p}.number`);
    portNumbers.add(number);
    if (target !== 0) pushE(s, validatePort(target), `${p}.targetPort`);
    if (addresses.length === 0 && !autoAllocation && (protocol === '' || protocol === 'TCP')) {
      pushW(s, 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled', p);
    }
    pushE(s, validatePortName(name), `${p}.name`);
    pushE(s, validateProtocol(protocol), `${p}.protocol`);
    pushE(s, validatePort(number), `${p}.number`);
    return { protocol };
  });
  switch (resolution) {
    case 0: // NONE
      if (endpoints.length !== 0) pushE(s, 'no endpoints should be provided for resolution type none', 'spec.endpoints');
      if (wsRaw) pushW(s, 'workloadSelector should not be set when resolution mode is NONE', 'spec.workloadSelector');
      break;
    case 1: // STATIC
      endpoints.forEach((ep, i) => validateWorkloadEntry(c, s, ep, portNames, false, `spec.endpoints[${i}]`));
      break;
    case 2: case 3: { // DNS, DNS_ROUND_ROBIN
      if (endpoints.length === 0) {
        for (let i = 0; i < hosts.length; i++) {
          const err = validateFQDN(hosts[i]);
          if (err) {
            pushE(s, `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resName}, ${err}`, `spec.hosts[${i}]`);
            break;
          }
        }
      }
      if (resolution === 3 && endpoints.length > 1) pushE(s, `there must only be 0 or 1 endpoint for resolution mode ${resName}`, 'spec.endpoints');
      endpoints.forEach((ep, i) => {
        const p = `spec.endpoints[${i}]`;
        const addr = c.str(ep, 'address', p);
        if (!isValidIPAddress(addr) && validateFQDN(addr)) pushE(s, `endpoint address ${goQuote(addr)} is not a valid FQDN or an IP address`, `${p}.address`);
        for (const e of validateLabels(c.strMap(ep, 'labels', p))) pushE(s, e, `${p}.labels`);
        for (const [name, pv] of c.map(ep, 'ports', p) ?? []) {
          const port = c.intV(pv, 'uint32', `${p}.ports[${name}]`);
          if (!portNames.has(name)) pushE(s, `endpoint port ${port} is not defined by the service entry`, `${p}.ports[${name}]`);
          pushE(s, validatePortName(name), `${p}.ports[${name}]`);
          pushE(s, validatePort(port), `${p}.ports[${name}]`);
        }
      });
      if (addresses.length > 0) {
        for (const port of decoded) {
          if (protoIsTCP(parseProtocol(port.protocol))) {
            if (hosts.length > 1) pushW(s, 'service entry can not have more than one host specified simultaneously with address and tcp port', 'spec.hosts');
            break;
          }
        }
      }
      break;
    }
    case 4: // DYNAMIC_DNS
      if (hosts.length === 0) pushE(s, `at least one wildcard host must be provided for resolution type ${resName}`, 'spec.hosts');
      hosts.forEach((h, i) => {
        if (!hostWild(h)) pushE(s, `host must be wildcarded for resolution mode ${resName}`, `spec.hosts[${i}]`);
      });
      if (addresses.length !== 0) {
        pushE(s, `addresses cannot be set for resolution type ${resName}. HTTP route domains will only be generatedfrom the hosts field values`, 'spec.addresses');
      }
      if (endpoints.length !== 0) {
        pushE(s, `endpoints cannot be set for resolution type ${resName}. Destination IP address determined from hostsfield values`, 'spec.endpoints');
      }
      decoded.forEach((port, i) => {
        if (parseProtocol(port.protocol) !== 'HTTP') pushE(s, `only HTTP protocol is supported for resolution type ${resName}`, `spec.ports[${i}].protocol`);
      });
      if (location !== 0) pushE(s, `location must be MESH_EXTERNAL for resolution type ${resName}`, 'spec.location');
      break;
    default:
      pushE(s, `unsupported resolution type ${E.seResolution.values[resolution] ?? ''}`, 'spec.resolution');
  }
  if (resolution !== 0 && hosts.length > 1) {
    for (let i = 0; i < decoded.length; i++) {
      const proto = parseProtocol(decoded[i].protocol);
      if (!protoIsHTTP(proto) && !protoIsTLS(proto)) {
        pushE(s, 'multiple hosts provided with non-HTTP, non-TLS ports', `spec.ports[${i}]`);
        break;
      }
    }
  }
  validateExportTo(c, s, c.strList(spec, 'exportTo', 'spec'), true, false, 'spec.exportTo');
  return s;
}

// ---- AuthorizationPolicy (validation.go:1403-1587; pkg/config/security/security.go) --------------------------------

/** hashicorp/go-multierror's default ListFormatFunc, used where an error value is formatted with %v. */
function multierrorText(es: string[]): string {
  if (es.length === 1) return `1 error occurred:\n\t* ${es[0]}\n\n`;
  return `${es.length} errors occurred:\n\t${es.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

/** security.ValidateIPs: one error per bad entry */
function validateIPs(ips: string[]): string[] {
  const out: string[] = [];
  for (const v of ips) {
    if (v.includes('/')) {
      const r = parsePrefix(v);
      if (!r.ok) out.push(`bad CIDR range (${v}): ${r.err}`);
    } else if (!parseAddr(v).ok) {
      out.push(`bad IP address (${v})`);
    }
  }
  return out;
}

/** security.ValidatePorts */
function validatePortStrings(ports: string[]): string[] {
  const out: string[] = [];
  for (const port of ports) {
    const r = goParseUint32(port);
    if (!r.ok) out.push(`bad port (${port}): ${r.err}`);
    else if (r.v > 65535) out.push(`bad port (${port}): <nil>`);
  }
  return out;
}

function checkEmptyValues(key: string, values: string[]): string | undefined {
  return values.some((v) => v === '') ? `empty value not allowed, found in ${key}` : undefined;
}

function checkServiceAccount(key: string, values: string[]): string | undefined {
  if (values.length > 16) return 'may not have more than 16 values';
  for (const value of values) {
    if (value === '') return `empty value not allowed, found in ${key}`;
    if (value.includes('*')) return `wildcard not allowed, found in ${key}`;
    const segments = value.split('/').length - 1;
    if (segments !== 0 && segments !== 1) return `expected format 'serviceAccount' or 'namespace/serviceAccount', found ${goQuote(value)} in ${key}`;
    if (blen(value) > 320) return `value cannot exceed 320 characters, found ${goQuote(value)} in ${key}`;
    const slash = value.indexOf('/');
    if (slash >= 0) {
      if (slash === 0) return `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace ${goQuote(value)} in ${key}`;
      if (slash === value.length - 1) return `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty serviceAccount ${goQuote(value)} in ${key}`;
    }
  }
  return undefined;
}

const VALID_LITERAL_RE = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;
/** security.CheckValidPathTemplate (security.go:151) */
export function checkValidPathTemplate(key: string, paths: string[]): string | undefined {
  for (const original of paths) {
    const containsTemplate = original.includes('{*}') || original.includes('{**}');
    let foundAny = false;
    const path = original.replace(/^\/+|\/+$/g, '');
    for (const glob of path.split('/')) {
      if (glob === '{*}' && !foundAny) continue;
      if (glob === '{**}' && !foundAny) {
        foundAny = true;
        continue;
      }
      if ((glob === '{**}' || glob === '{*}') && foundAny) return `invalid or unsupported path ${path}, found in ${key}. {**} is not the last operator`;
      if (glob.includes('{') || glob.includes('}')) return `invalid or unsupported path ${path}, found in ${key}. Contains '{' or '}' beyond a supported path template`;
      if (containsTemplate && !VALID_LITERAL_RE.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains segment ${glob} with invalid string literal`;
    }
  }
  return undefined;
}

/** security.ValidateAttribute (security.go:199); multi-errors are rendered as go-multierror text because the caller formats them with %v. */
function validateAttribute(key: string, values: string[]): string | undefined {
  const empty = checkEmptyValues(key, values);
  if (empty) return empty;
  const mapKey = () => {
    const open = key.indexOf('[');
    return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `bad key (${key}): should have format a[b]`;
  };
  const multi = (es: string[]) => (es.length ? multierrorText(es) : undefined);
  if (key.startsWith('request.headers')) return mapKey();
  if (key === 'source.ip' || key === 'remote.ip') return multi(validateIPs(values));
  if (key === 'source.namespace') return undefined;
  if (key === 'source.serviceAccount') return checkServiceAccount(key, values);
  if (['source.principal', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter'].includes(key)) return undefined;
  if (key.startsWith('request.auth.claims')) return mapKey();
  if (key === 'destination.ip') return multi(validateIPs(values));
  if (key === 'destination.port') return multi(validatePortStrings(values));
  if (key === 'connection.sni') return undefined;
  if (key.startsWith('experimental.envoy.filters.')) return mapKey();
  if (key === 'destination.namespace') return `attribute ${key} is replaced by the metadata.namespace`;
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  if (key === 'destination.name' || key === 'destination.user') return `deprecated attribute ${key}: only supported in v1alpha1`;
  return `unknown attribute: ${key}`;
}

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'serviceAccounts', 'notServiceAccounts', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const;
const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
const upperFirst = (x: string) => x[0].toUpperCase() + x.slice(1);

function validateAuthorizationPolicy(c: Ctx, spec: Record<string, unknown>): Sink {
  const errs = newSink();
  const warnings: Issue[] = [];
  const sel = newSink();
  validateSelectorAndTargets(c, sel, spec);
  errs.e.push(...sel.e);
  warnings.push(...sel.w);
  const action = c.enum(spec, 'action', E.authzAction, 'spec');
  const rulesRaw = c.raw(spec, 'rules');
  const rules = c.msgList(spec, 'rules', 'spec');
  const rulesNil = rules.length === 0 && (rulesRaw === undefined || Array.isArray(rulesRaw));
  const provider = c.msg(spec, 'provider', 'spec');
  const actionName = enumName(E.authzAction, action);

  if (action === 3) {
    if (rulesNil) {
      pushE(errs, 'CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request', 'spec.rules');
    } else if (!provider || c.str(provider, 'name', 'spec.provider') === '') {
      pushE(errs, '`provider.name` must not be empty', 'spec.provider.name');
    }
    rules.forEach((rule, i) => {
      const rp = `spec.rules[${i}]`;
      c.msgList(rule, 'from', rp).forEach((from, j) => {
        const src = c.msg(from, 'source', `${rp}.from[${j}]`);
        if (!src) return;
        const sp = `${rp}.from[${j}].source`;
        for (const f of ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals']) {
          if (c.strList(src, f, sp).length !== 0) pushE(errs, `From.${upperFirst(f)} is currently not supported with CUSTOM action`, `${sp}.${f}`);
        }
      });
      c.msgList(rule, 'when', rp).forEach((w, j) => {
        const key = c.str(w, 'key', `${rp}.when[${j}]`);
        const unsupported = key === 'source.namespace' || key === 'source.serviceAccount' || key === 'source.principal' || key.startsWith('request.auth.');
        if (unsupported) {
          // check() is called once per condition; a key matches at most one of them except request.auth.*
          pushE(errs, `${key} is currently not supported with CUSTOM action`, `${rp}.when[${j}].key`);
        }
      });
    });
  }
  if (provider && action !== 3) pushE(errs, `\`provider\` must not be with non CUSTOM action, found ${actionName}`, 'spec.provider');
  if (action === 1 && rulesNil) {
    pushE(errs, 'DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request', 'spec.rules');
  }

  rules.forEach((rule, i) => {
    const rp = `spec.rules[${i}]`;
    let tcpInFrom = false;
    let tcpInTo = false;
    let fromExist = false;
    let toExist = false;
    c.msgList(rule, 'from', rp).forEach((from, j) => {
      const fp = `${rp}.from[${j}]`;
      const src = c.msg(from, 'source', fp);
      if (!src) return pushE(errs, `\`from.source\` must not be nil, found at rule ${i}`, `${fp}.source`);
      fromExist = true;
      const sp = `${fp}.source`;
      const v = Object.fromEntries(SOURCE_FIELDS.map((f) => [f, c.strList(src, f, sp)])) as Record<(typeof SOURCE_FIELDS)[number], string[]>;
      if (v.principals.length + v.notPrincipals.length + v.namespaces.length + v.notNamespaces.length > 0 && v.serviceAccounts.length + v.notServiceAccounts.length > 0) {
        pushE(errs, `cannot set serviceAccounts with namespaces or principals, found at rule ${i}`, sp);
      }
      if (SOURCE_FIELDS.every((f) => v[f].length === 0)) pushE(errs, `\`from.source\` must not be empty, found at rule ${i}`, sp);
      for (const f of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const) validateIPs(v[f]).forEach((e) => pushE(errs, e, `${sp}.${f}`));
      pushE(errs, checkEmptyValues('Principals', v.principals), `${sp}.principals`);
      pushE(errs, checkEmptyValues('RequestPrincipals', v.requestPrincipals), `${sp}.requestPrincipals`);
      pushE(errs, checkEmptyValues('Namespaces', v.namespaces), `${sp}.namespaces`);
      pushE(errs, checkServiceAccount('ServiceAccounts', v.serviceAccounts), `${sp}.serviceAccounts`);
      pushE(errs, checkEmptyValues('IpBlocks', v.ipBlocks), `${sp}.ipBlocks`);
      pushE(errs, checkEmptyValues('RemoteIpBlocks', v.remoteIpBlocks), `${sp}.remoteIpBlocks`);
      pushE(errs, checkEmptyValues('NotPrincipals', v.notPrincipals), `${sp}.notPrincipals`);
      pushE(errs, checkEmptyValues('NotRequestPrincipals', v.notRequestPrincipals), `${sp}.notRequestPrincipals`);
      pushE(errs, checkEmptyValues('NotNamespaces', v.notNamespaces), `${sp}.notNamespaces`);
      pushE(errs, checkServiceAccount('NotServiceAccounts', v.notServiceAccounts), `${sp}.notServiceAccounts`);
      pushE(errs, checkEmptyValues('NotIpBlocks', v.notIpBlocks), `${sp}.notIpBlocks`);
      pushE(errs, checkEmptyValues('NotRemoteIpBlocks', v.notRemoteIpBlocks), `${sp}.notRemoteIpBlocks`);
      if (SOURCE_FIELDS.some((f) => f !== 'requestPrincipals' && f !== 'notRequestPrincipals' && v[f].length > 0)) tcpInFrom = true;
    });
    c.msgList(rule, 'to', rp).forEach((to, j) => {
      const tp = `${rp}.to[${j}]`;
      const op = c.msg(to, 'operation', tp);
      if (!op) return pushE(errs, `\`to.operation\` must not be nil, found at rule ${i}`, `${tp}.operation`);
      toExist = true;
      const opp = `${tp}.operation`;
      const v = Object.fromEntries(OPERATION_FIELDS.map((f) => [f, c.strList(op, f, opp)])) as Record<(typeof OPERATION_FIELDS)[number], string[]>;
      if (OPERATION_FIELDS.every((f) => v[f].length === 0)) pushE(errs, `\`to.operation\` must not be empty, found at rule ${i}`, opp);
      validatePortStrings(v.ports).forEach((e) => pushE(errs, e, `${opp}.ports`));
      validatePortStrings(v.notPorts).forEach((e) => pushE(errs, e, `${opp}.notPorts`));
      for (const f of ['ports', 'methods', 'paths', 'hosts', 'notPorts', 'notMethods', 'notPaths', 'notHosts'] as const) {
        pushE(errs, checkEmptyValues(upperFirst(f), v[f]), `${opp}.${f}`);
      }
      pushE(errs, checkValidPathTemplate('Paths', v.paths), `${opp}.paths`);
      pushE(errs, checkValidPathTemplate('NotPaths', v.notPaths), `${opp}.notPaths`);
      if (v.ports.length > 0 || v.notPorts.length > 0) tcpInTo = true;
    });
    c.msgList(rule, 'when', rp).forEach((w, j) => {
      const wp = `${rp}.when[${j}]`;
      const key = c.str(w, 'key', wp);
      const values = c.strList(w, 'values', wp);
      const notValues = c.strList(w, 'notValues', wp);
      if (key === '') return pushE(errs, '`key` must not be empty', `${wp}.key`);
      if (values.length === 0 && notValues.length === 0) return pushE(errs, `at least one of \`values\` or \`notValues\` must be set for key ${key}`, wp);
      const ve = validateAttribute(key, values);
      if (ve) pushE(errs, `invalid \`value\` for \`key\` ${key}: ${ve}`, `${wp}.values`);
      const ne = validateAttribute(key, notValues);
      if (ne) pushE(errs, `invalid \`notValue\` for \`key\` ${key}: ${ne}`, `${wp}.notValues`);
    });
    if (((fromExist && !toExist && !tcpInFrom) || (toExist && !tcpInTo)) && action === 1) {
      warnings.push({
        msg: 'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
        field: rp,
      });
    }
  });
  const prefix = `invalid policy ${c.name}.${c.namespace}: `;
  return { e: errs.e.map((x) => ({ msg: prefix + x.msg, field: x.field })), w: warnings };
}

// ---- RequestAuthentication (validation.go:1590-1679) ----------------------------------------------------------------

function validateRequestAuthentication(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  validateSelectorAndTargets(c, s, spec);
  c.msgList(spec, 'jwtRules', 'spec').forEach((rule, i) => {
    const p = `spec.jwtRules[${i}]`;
    const issuer = c.str(rule, 'issuer', p);
    const audiences = c.strList(rule, 'audiences', p);
    const jwksUri = c.str(rule, 'jwksUri', p);
    const jwks = c.str(rule, 'jwks', p);
    c.str(rule, 'outputPayloadToHeader', p);
    c.bool(rule, 'forwardOriginalToken', p);
    c.strList(rule, 'spaceDelimitedClaims', p);
    audiences.forEach((a, j) => {
      if (a.length === 0) pushE(s, 'audience must be non-empty string', `${p}.audiences[${j}]`);
    });
    if (issuer.length === 0 && jwksUri.length === 0) pushE(s, 'issuer or jwksUri must be non-empty string', `${p}.issuer`);
    if (jwksUri.length !== 0) pushE(s, parseJwksURIError(jwksUri), `${p}.jwksUri`);
    if (jwks !== '') {
      const je = jwkParseError(jwks);
      if (je) pushE(s, `jwks parse error: ${je}`, `${p}.jwks`);
    }
    c.msgList(rule, 'fromHeaders', p).forEach((h, j) => {
      if (c.str(h, 'name', `${p}.fromHeaders[${j}]`).length === 0) pushE(s, 'location header name must be non-empty string', `${p}.fromHeaders[${j}].name`);
      c.str(h, 'prefix', `${p}.fromHeaders[${j}]`);
    });
    c.strList(rule, 'fromParams', p).forEach((q, j) => {
      if (q.length === 0) pushE(s, 'location query must be non-empty string', `${p}.fromParams[${j}]`);
    });
    c.strList(rule, 'fromCookies', p).forEach((q, j) => {
      if (q.length === 0) pushE(s, 'cookie name must be non-empty string', `${p}.fromCookies[${j}]`);
    });
    c.msgList(rule, 'outputClaimToHeaders', p).forEach((o, j) => {
      const op = `${p}.outputClaimToHeaders[${j}]`;
      const claim = c.str(o, 'claim', op);
      const header = c.str(o, 'header', op);
      if (claim === '' || header === '') return pushE(s, 'outputClaimToHeaders header and claim value must be non-empty string', op);
      if (!VALID_STRICT_HEADER_NAME_RE.test(header)) pushE(s, `header name ${header} is not a valid header name`, `${op}.header`);
    });
    const timeout = c.dur(rule, 'timeout', p);
    if (timeout !== undefined) pushE(s, validateDuration(timeout), `${p}.timeout`);
  });
  return s;
}

// ---- PeerAuthentication (validation.go:1682-1712) ----------------------------------------------------------------

function validatePeerAuthentication(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  const selector = c.msg(spec, 'selector', 'spec');
  const emptySelector = !selector || (c.map(selector, 'matchLabels', 'spec.selector') ?? []).length === 0;
  const mtls = c.msg(spec, 'mtls', 'spec');
  if (mtls) c.enum(mtls, 'mode', E.mtlsMode, 'spec.mtls');
  const plm = c.map(spec, 'portLevelMtls', 'spec');
  if (emptySelector && plm && plm.length !== 0) pushE(s, 'mesh/namespace peer authentication cannot have port level mTLS', 'spec.portLevelMtls');
  if (plm && plm.length === 0) pushE(s, 'port level mTLS, if defined, must have at least one element', 'spec.portLevelMtls');
  for (const [k, v] of plm ?? []) {
    const kp = `spec.portLevelMtls[${k}]`;
    const port = c.intV(k, 'uint32', kp);
    const m = c.msgV(v, kp);
    if (m) c.enum(m, 'mode', E.mtlsMode, kp);
    if (port <= 0 || port > 65535) pushE(s, 'port must be in range 1..65535', kp);
  }
  validateWorkloadSelector(c, s, selector, 'spec.selector');
  return s;
}

// ---- Telemetry (validation.go:3162-3288, validation_istiod.go) ------------------------------------------------------

function validateTelemetryProviders(c: Ctx, s: Sink, o: Record<string, unknown>, path: string): void {
  const ps = c.msgList(o, 'providers', path);
  for (let i = 0; i < ps.length; i++) {
    if (c.str(ps[i], 'name', `${path}.providers[${i}]`) === '') return pushE(s, 'providers.name may not be empty', `${path}.providers[${i}].name`);
  }
}

function validateTelemetry(c: Ctx, spec: Record<string, unknown>): Sink {
  const s = newSink();
  validateSelectorAndTargets(c, s, spec);
  c.msgList(spec, 'metrics', 'spec').forEach((m, i) => {
    const p = `spec.metrics[${i}]`;
    validateTelemetryProviders(c, s, m, p);
    c.dur(m, 'reportingInterval', p);
    c.msgList(m, 'overrides', p).forEach((o, j) => {
      const op = `${p}.overrides[${j}]`;
      c.wrapBool(o, 'disabled', op);
      for (const [name, tv] of c.map(o, 'tagOverrides', op) ?? []) {
        const tp = `${op}.tagOverrides[${name}]`;
        if (name === '') pushW(s, 'tagOverrides.name may not be empty', tp);
        const to = c.msgV(tv, tp) ?? {};
        const operation = c.enum(to, 'operation', E.tagOperation, tp);
        const value = c.str(to, 'value', tp);
        if (operation === 0 && value === '') pushE(s, 'tagOverrides.value must be set when operation is UPSERT', tp);
        if (operation === 1 && value !== '') pushE(s, 'tagOverrides.value may only be set when operation is UPSERT', tp);
      }
      const match = c.msg(o, 'match', op);
      if (match) {
        c.enum(match, 'mode', E.workloadMode, `${op}.match`);
        let kind: string | undefined;
        for (const k of ['metric', 'customMetric']) if (c.has(match, k)) kind = k;
        if (kind === 'metric') c.enum(match, 'metric', E.istioMetric, `${op}.match`);
        if (kind === 'customMetric' && c.str(match, 'customMetric', `${op}.match`) === '') pushE(s, 'customMetric may not be empty', `${op}.match.customMetric`);
      }
    });
  });
  const tracing = c.msgList(spec, 'tracing', 'spec');
  if (tracing.length > 1) pushW(s, 'multiple tracing is not currently supported', 'spec.tracing');
  tracing.forEach((t, i) => {
    const p = `spec.tracing[${i}]`;
    if (c.list(t, 'providers', p).length > 1) pushW(s, 'multiple providers is not currently supported', `${p}.providers`);
    validateTelemetryProviders(c, s, t, p);
    const match = c.msg(t, 'match', p);
    if (match) c.enum(match, 'mode', E.workloadMode, `${p}.match`);
    c.wrapBool(t, 'disableSpanReporting', p);
    c.wrapBool(t, 'useRequestIdForTraceSampling', p);
    c.wrapBool(t, 'enableIstioTags', p);
    const pct = c.wrapDbl(t, 'randomSamplingPercentage', p) ?? 0;
    if (pct < 0 || pct > 100) pushE(s, 'randomSamplingPercentage must be in range [0.0, 100.0]', `${p}.randomSamplingPercentage`);
    for (const [name, tv] of c.map(t, 'customTags', p) ?? []) {
      const tp = `${p}.customTags[${name}]`;
      if (name === '') pushE(s, 'tag name may not be empty', tp);
      const tag = c.msgV(tv, tp) ?? {};
      let kind: string | undefined;
      for (const k of ['literal', 'environment', 'header']) if (c.has(tag, k)) kind = k;
      if (kind === 'literal' && c.str(c.msg(tag, 'literal', tp), 'value', `${tp}.literal`) === '') pushE(s, 'literal tag value may not be empty', `${tp}.literal.value`);
      if (kind === 'header' && c.str(c.msg(tag, 'header', tp), 'name', `${tp}.header`) === '') pushE(s, 'header tag name may not be empty', `${tp}.header.name`);
      if (kind === 'environment' && c.str(c.msg(tag, 'environment', tp), 'name', `${tp}.environment`) === '') pushE(s, 'environment tag name may not be empty', `${tp}.environment.name`);
    }
  });
  c.msgList(spec, 'accessLogging', 'spec').forEach((l, i) => {
    const p = `spec.accessLogging[${i}]`;
    const match = c.msg(l, 'match', p);
    if (match) c.enum(match, 'mode', E.workloadMode, `${p}.match`);
    c.wrapBool(l, 'disabled', p);
    const filter = c.msg(l, 'filter', p);
    if (filter) {
      const e = celParseError(c.str(filter, 'expression', `${p}.filter`));
      if (e) pushE(s, `must be a valid CEL expression, ${e}`, `${p}.filter.expression`);
    }
    validateTelemetryProviders(c, s, l, p);
  });
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------------

type KindValidator = (c: Ctx, spec: Record<string, unknown>) => Sink;
const VALIDATORS: Record<string, KindValidator> = {
  'networking.istio.io/VirtualService': validateVirtualService,
  'networking.istio.io/DestinationRule': validateDestinationRule,
  'networking.istio.io/Gateway': validateGateway,
  'networking.istio.io/ServiceEntry': validateServiceEntry,
  'networking.istio.io/Sidecar': validateSidecar,
  'networking.istio.io/WorkloadEntry': (c, spec) => {
    const s = newSink();
    validateWorkloadEntry(c, s, spec, undefined, true, 'spec');
    return s;
  },
  'security.istio.io/AuthorizationPolicy': validateAuthorizationPolicy,
  'security.istio.io/PeerAuthentication': validatePeerAuthentication,
  'security.istio.io/RequestAuthentication': validateRequestAuthentication,
  'telemetry.istio.io/Telemetry': validateTelemetry,
};

function stringMapOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

const PARSE_BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * What Istio's validating webhook (1.28.10) reports for a manifest object. Objects whose group/kind the webhook does
 * not validate yield []. The webhook looks resources up by group and kind only, so any version of the listed groups
 * is validated the same way.
 *
 * Decoding failures (bad durations, unknown enum names, wrong JSON types) make the webhook stop before validating:
 * in that case a single "error decoding configuration: ..." problem is returned.
 */
export function istioValidation(obj: any): ValidationProblem[] {
  if (!isObj(obj)) return [];
  const apiVersion = typeof obj['apiVersion'] === 'string' ? (obj['apiVersion'] as string) : '';
  const kind = typeof obj['kind'] === 'string' ? (obj['kind'] as string) : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const validator = VALIDATORS[`${group}/${kind}`];
  if (!validator) return [];
  const meta = isObj(obj['metadata']) ? (obj['metadata'] as Record<string, unknown>) : {};
  const name = typeof meta['name'] === 'string' ? (meta['name'] as string) : '';
  // The API server fills an empty namespace from the request before admission; "default" stands in for kubectl's default.
  const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? (meta['namespace'] as string) : 'default';
  const annotations = stringMapOf(meta['annotations']);
  const labels = stringMapOf(meta['labels']);
  const c = new Ctx(namespace, name, annotations, labels);

  const rawSpec = obj['spec'];
  let spec: Record<string, unknown> = {};
  if (rawSpec !== undefined && rawSpec !== null) {
    if (isObj(rawSpec)) spec = rawSpec;
    else c.decodeErr(`json: cannot unmarshal ${jsonKind(rawSpec)} into Go value of type map[string]json.RawMessage`, 'spec');
  }
  const result = validator(c, spec);

  // server.go:231 - conversion happens before validation; the first decoding error is all that is reported.
  if (c.decodeErrors.length > 0) {
    const d = c.decodeErrors[0];
    return [{ level: 'error', field: d.field, message: `error decoding configuration: ${d.msg}` }];
  }

  // validateMetadata (validation.go:204)
  const dryRun = annotations['istio.io/dry-run'];
  if (dryRun !== undefined) {
    if (kind !== 'AuthorizationPolicy') {
      return [{ level: 'error', field: 'metadata.annotations[istio.io/dry-run]', message: `${namespace}/${name} has unsupported annotation istio.io/dry-run, please remove the annotation` }];
    }
    const action = new Ctx(namespace, name, {}, {}).enum(spec, 'action', E.authzAction, 'spec');
    if (action === 0 || action === 1) {
      if (!PARSE_BOOL.has(dryRun)) {
        return [{
          level: 'error',
          field: 'metadata.annotations[istio.io/dry-run]',
          message: `${namespace}/${name} has annotation istio.io/dry-run with invalid value (${dryRun}): strconv.ParseBool: parsing ${goQuote(dryRun)}: invalid syntax`,
        }];
      }
    } else {
      return [{
        level: 'error',
        field: 'metadata.annotations[istio.io/dry-run]',
        message: `the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action ${enumName(E.authzAction, action)} in ${namespace}/${name}`,
      }];
    }
  }
  for (const a of ['internal.istio.io/webhook-always-reject']) {
    if (a in annotations) return [{ level: 'error', field: `metadata.annotations[${a}]`, message: `${goQuote(a)} annotation found, rejecting` }];
  }
  for (const a of ['internal.istio.io/parent-namespace', 'internal.istio.io/parents']) {
    if (a in annotations) return [{ level: 'error', field: `metadata.annotations[${a}]`, message: `${goQuote(a)} annotation found, this may not be set by users` }];
  }

  const problems: ValidationProblem[] = [];
  for (const e of result.e) problems.push({ level: 'error', field: e.field, message: e.msg });
  if (result.e.length > 0) return problems;
  // server.go:248 checkFields runs only after validation passed
  for (const key of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) {
      return [{ level: 'error', field: key, message: `unknown field ${goQuote(key)} on ${kind} resource ${namespace}/${name}` }];
    }
  }
  for (const w of result.w) problems.push({ level: 'warning', field: w.field, message: w.msg });
  return problems;
}
