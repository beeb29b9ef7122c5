// cdk8s writes manifests with Yaml.stringify, which builds a full yaml Document per object:
// on a 1000-service mesh that is most of the synthesis time. Manifests are plain JSON data, whose
// block layout is simple; this emitter writes that layout itself and asks cdk8s's own
// Yaml.stringify only how to write each distinct scalar (quoting, YAML 1.1 booleans...), cached.
// A document it cannot lay out with certainty (multi-line strings, nested sequences, anything
// not JSON) goes to Yaml.stringify whole. The output is byte-identical; the tests compare both
// on every manifest of the project and on random JSON.

class Unsupported extends Error {}

type Stringify = (...docs: any[]) => string;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

// Names made of lowercase letters, digits, dashes, dots and slashes, starting with a letter (most
// names, hosts, principals and label values of a mesh: `svc-123-v2`), are written plain unless YAML 1.1 reads them as another
// type: these are the regexps by which it does (the yaml package's 1.1 schema, after the spec:
// null, bool, int, float, timestamp; `e1` is a float). They are checked against Yaml.stringify on
// probes first; a large mesh has 100 000 distinct names, and asking Yaml.stringify about each
// builds a YAML document for each.
const NAME = /^[a-z][a-z0-9./-]*$/;
const YAML_1_1_NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/, /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/, /^[-+]?0[0-7_]+$/, /^[-+]?[0-9][0-9_]*$/, /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];
const PROBES = ['a', 'svc-1', 'x1', 'e1x', 'tree', 'a.b/c', 'null', 'y', 'yes', 'on', 'true', 'n', 'no', 'off', 'false', 'e1', 'e-1', 'e12', 'e1.5'];
/** A name Yaml.stringify writes as it is; undefined when it is not such a name. */
const plainName = (v: string): string | undefined => (NAME.test(v) && !YAML_1_1_NOT_STRING.some((re) => re.test(v)) ? v : undefined);

function emitter(original: Stringify) {
  const scalars = new Map<unknown, string>();
  // The rule above holds for this Yaml.stringify, on every kind of name it tells apart.
  const names = PROBES.every((p) => (original(p) === `${p}\n`) === (plainName(p) !== undefined));
  const scalar = (v: unknown): string => {
    if (!(v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) throw new Unsupported();
    let s = scalars.get(v);
    if (s === undefined && names && typeof v === 'string') {
      s = plainName(v);
      if (s !== undefined) scalars.set(v, s);
    }
    if (s === undefined) {
      const rendered = original(v);
      s = rendered.slice(0, -1);
      // One line, or yaml chose a block scalar / a multi-line form whose indentation depends on context.
      if (!rendered.endsWith('\n') || s.includes('\n') || s.startsWith('|') || s.startsWith('>') || s.startsWith('!') || s.startsWith('&')) throw new Unsupported();
      scalars.set(v, s);
    }
    return s;
  };
  const map = (obj: Record<string, unknown>, indent: string, out: string[]): void => {
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const key = scalar(k);
      if (key.startsWith('?')) throw new Unsupported();
      if (isMap(v)) {
        if (Object.keys(v).length === 0) out.push(`${indent}${key}: {}\n`);
        else { out.push(`${indent}${key}:\n`); map(v, `${indent}  `, out); }
      } else if (Array.isArray(v)) {
        if (v.length === 0) out.push(`${indent}${key}: []\n`);
        else { out.push(`${indent}${key}:\n`); seq(v, `${indent}  `, out); }
      } else {
        out.push(`${indent}${key}: ${scalar(v)}\n`);
      }
    }
  };
  const seq = (items: unknown[], indent: string, out: string[]): void => {
    for (const item of items) {
      if (isMap(item)) {
        if (Object.keys(item).length === 0) { out.push(`${indent}- {}\n`); continue; }
        const start = out.length;
        map(item, `${indent}  `, out);
        out[start] = `${indent}- ${out[start].slice(indent.length + 2)}`;
      } else if (Array.isArray(item)) {
        throw new Unsupported();
      } else {
        out.push(`${indent}- ${scalar(item)}\n`);
      }
    }
  };
  return (doc: unknown): string => {
    if (!isMap(doc) || Object.keys(doc).length === 0) throw new Unsupported();
    const out: string[] = [];
    map(doc, '', out);
    return out.join('');
  };
}

/** A Yaml.stringify with the same output as `original`, faster on plain JSON manifests. */
export function fastYamlStringify(original: Stringify): Stringify {
  const emit = emitter(original);
  return (...docs: any[]) => docs.map((doc) => {
    if (doc === undefined) return original(doc);
    try {
      return emit(doc);
    } catch (e) {
      if (e instanceof Unsupported) return original(doc);
      throw e;
    }
  }).join('---\n');
}
