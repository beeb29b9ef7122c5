// Strict schema validation of synthesized objects, offline:
// - Kubernetes objects against the Kubernetes 1.28 OpenAPI definitions, as cdk8s-plus-28
//   records them in its jsii type system (`.jsii`: every definition, property, type and
//   required flag of the 1.28 spec its `k8s` classes were generated from);
// - Istio and Gateway API objects against their CRDs' openAPIV3Schema (schemas/crds.json,
//   written by scripts/import.mjs), closed with additionalProperties: false except under
//   x-kubernetes-preserve-unknown-fields, as `kubectl apply --validate=strict` is; then the
//   CRDs' own x-kubernetes-validations (CEL) rules, after the API server's defaulting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { celEnv, celFunc, celMethod, CelScalar, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, any>;

const PREFIX = 'cdk8s-plus-28.k8s.';

/** Builds JSON Schema definitions for every `k8s` type of cdk8s-plus-28, keyed by OpenAPI name. */
function k8sDefinitions(): { definitions: Record<string, Schema>; kinds: Map<string, string> } {
  const assembly = JSON.parse(fs.readFileSync(require.resolve('cdk8s-plus-28/.jsii'), 'utf8'));
  const types: Record<string, any> = assembly.types;
  const k8s = require('cdk8s-plus-28').k8s;
  const defName = (fqn: string): string => types[fqn]?.docs?.custom?.schema ?? fqn.slice(PREFIX.length);

  const typeRef = (t: any): Schema => {
    if (t.primitive) {
      switch (t.primitive) {
        case 'string': return { type: 'string' };
        case 'number': return { type: 'number' };
        case 'boolean': return { type: 'boolean' };
        case 'date': return { type: 'string', format: 'date-time' };
        default: return {}; // any / json: free-form by definition
      }
    }
    if (t.collection) {
      const items = typeRef(t.collection.elementtype);
      return t.collection.kind === 'array' ? { type: 'array', items } : { type: 'object', additionalProperties: items };
    }
    if (t.fqn === `${PREFIX}IntOrString`) return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    if (t.fqn === `${PREFIX}Quantity`) return { anyOf: [{ type: 'number' }, { type: 'string' }] };
    if (t.fqn && types[t.fqn]?.kind === 'enum') {
      return { enum: types[t.fqn].members.map((m: any) => k8s[types[t.fqn].name][m.name]) };
    }
    if (t.fqn) return { $ref: `#/definitions/${defName(t.fqn)}` };
    throw new Error(`unsupported jsii type ${JSON.stringify(t)}`);
  };

  const definitions: Record<string, Schema> = {};
  for (const [fqn, type] of Object.entries(types)) {
    if (!fqn.startsWith(PREFIX) || type.kind !== 'interface') continue;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const p of type.properties ?? []) {
      const wire = String(p.docs?.custom?.schema ?? '').split('#')[1] ?? p.name;
      properties[wire] = typeRef(p.type);
      if (!p.optional) required.push(wire);
    }
    definitions[defName(fqn)] = { type: 'object', properties, additionalProperties: false, ...(required.length ? { required } : {}) };
  }

  // Top-level kinds: KubeXxx classes carry their GVK; their props struct is the definition.
  const kinds = new Map<string, string>();
  for (const [name, cls] of Object.entries<any>(k8s)) {
    if (!cls?.GVK || !types[`${PREFIX}${name}Props`]) continue;
    const def = defName(`${PREFIX}${name}Props`);
    const key = `${cls.GVK.apiVersion}/${cls.GVK.kind}`;
    if (kinds.has(key)) continue;
    definitions[def] = withTypeMeta(definitions[def], cls.GVK.apiVersion, cls.GVK.kind);
    kinds.set(key, def);
  }
  return { definitions, kinds };
}

function withTypeMeta(schema: Schema, apiVersion: string, kind: string): Schema {
  return {
    ...schema,
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, ...schema.properties },
    required: ['apiVersion', 'kind', ...(schema.required ?? []).filter((r: string) => r !== 'apiVersion' && r !== 'kind')],
  };
}

/** Adds additionalProperties: false to every object schema with properties, except preserved ones. */
function close(node: any): any {
  if (Array.isArray(node)) return node.map(close);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'enum' || k === 'default' ? v : close(v)]));
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Where schemas/crds.json is: the nearest `schemas/` above this file (src/checks in the
 * repository, lib/src/checks in the package, .build/ when bundled by esbuild).
 */
function crdSchemasPath(): string {
  const looked: string[] = [];
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas', 'crds.json');
    if (fs.existsSync(candidate)) return candidate;
    looked.push(candidate);
  }
  throw new Error(`schemas/crds.json not found (looked in ${looked.join(', ')})`);
}

const OBJECT_META = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// Kubernetes escapes property names for CEL: reserved words become __word__, and "__", ".",
// "-" and "/" get names (https://kubernetes.io/docs/reference/using-api/cel/#escaping).
const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
function celName(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

// Kubernetes CEL library functions the CRDs use beyond standard CEL and the strings extension:
// isURL(string), url(string) (which fails on an invalid URL) and URL.getScheme(). The URL is
// carried as its normalized string, which is all getScheme() needs.
const kubernetesFuncs = [
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s: string) => URL.canParse(s)),
  celFunc('url', [CelScalar.STRING], CelScalar.STRING, (s: string) => new URL(s).href),
  celMethod('getScheme', CelScalar.STRING, [], CelScalar.STRING, function getScheme(this: string) {
    return new URL(this).protocol.replace(/:$/, '');
  }),
];

interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

/** Validates manifests; one instance compiles each schema once. */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly kinds: Map<string, string>;
  private readonly crds: Record<string, Schema>;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly celPrograms = new Map<string, (self: unknown) => unknown>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false });
    addFormats(this.ajv);
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addVocabulary(['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type',
      'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations']);
    const { definitions, kinds } = k8sDefinitions();
    this.ajv.addSchema({ $id: 'k8s', definitions });
    this.kinds = kinds;
    this.crds = JSON.parse(fs.readFileSync(crdSchemasPath(), 'utf8'));
  }

  /** Returns "Kind/name: problem" lines; empty when every object is valid. */
  public validate(objects: readonly any[]): string[] {
    return objects.flatMap((obj) => {
      const id = `${obj?.kind}/${obj?.metadata?.name}`;
      const problems = this.problemsOf(obj);
      return problems === undefined ? [`${id}: no schema for ${obj?.apiVersion} ${obj?.kind}`] : problems.map((p) => `${id}: ${p}`);
    });
  }

  /** Whether there is a schema for the object's apiVersion and kind. */
  public knows(obj: any): boolean {
    return this.validatorFor(`${obj?.apiVersion}/${obj?.kind}`) !== undefined;
  }

  /**
   * What the API server would refuse in one object (`/spec/x must be ...`), or undefined when
   * there is no schema for its kind.
   */
  public problemsOf(obj: any): string[] | undefined {
    const key = `${obj?.apiVersion}/${obj?.kind}`;
    const validate = this.validatorFor(key);
    if (!validate) return undefined;
    if (!validate(obj)) {
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    }
    return this.crds[key] ? this.celProblems(this.crds[key], obj, '') : [];
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    const cached = this.compiled.get(key);
    if (cached) return cached;
    let schema: Schema | undefined;
    const def = this.kinds.get(key);
    const [apiVersion, kind] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    if (def) {
      schema = { $ref: `k8s#/definitions/${def}` };
    } else if (this.crds[key]) {
      const closed = close(this.crds[key]);
      schema = withTypeMeta({ ...closed, properties: { ...closed.properties, metadata: { $ref: `k8s${OBJECT_META}` } } }, apiVersion, kind);
      schema.required = [...new Set([...schema.required, 'metadata'])];
    }
    if (!schema) return undefined;
    const validate = this.ajv.compile(schema);
    this.compiled.set(key, validate);
    return validate;
  }

  /** Runs the x-kubernetes-validations rules of a schema over a (schema-valid) value. */
  private celProblems(schema: Schema, value: any, at: string): string[] {
    if (value === undefined || value === null || !schema) return [];
    const problems: string[] = [];
    for (const rule of (schema['x-kubernetes-validations'] ?? []) as CelRule[]) {
      if (/\boldSelf\b/.test(rule.rule)) continue; // transition rules apply to updates only
      let result: unknown;
      try {
        result = this.program(rule.rule)(toCel(schema, value));
      } catch (e) {
        result = e;
      }
      if (result !== true) {
        const why = isCelError(result) || result instanceof Error ? ` (${String((result as Error).message)})` : '';
        problems.push(`${at || '/'} ${rule.message ?? `failed rule: ${rule.rule}`}${why}`);
      }
    }
    if (schema.properties && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, sub] of Object.entries<Schema>(schema.properties)) problems.push(...this.celProblems(sub, withDefault(sub, value[k]), `${at}/${k}`));
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object' && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) problems.push(...this.celProblems(schema.additionalProperties, v, `${at}/${k}`));
    } else if (schema.items && Array.isArray(value)) {
      value.forEach((v, i) => problems.push(...this.celProblems(schema.items, v, `${at}/${i}`)));
    }
    return problems;
  }

  private program(rule: string): (self: unknown) => unknown {
    let program = this.celPrograms.get(rule);
    if (!program) {
      const evaluate = plan(celEnv({ funcs: [...strings, ...kubernetesFuncs] }), parse(rule));
      program = (self) => evaluate({ self: self as never });
      this.celPrograms.set(rule, program);
    }
    return program;
  }
}

function withDefault(schema: Schema, value: unknown): unknown {
  return value === undefined && schema?.default !== undefined ? schema.default : value;
}

/** Converts a value to CEL's view of it: defaults applied, integers as int, names escaped. */
function toCel(schema: Schema, value: any): any {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
  if (typeof value === 'object') {
    if (schema?.properties) {
      const out: Record<string, unknown> = {};
      for (const [k, sub] of Object.entries<Schema>(schema.properties)) {
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
