// Strict schema validation of synthesized objects, offline:
// - Kubernetes objects against the Kubernetes 1.28 OpenAPI definitions, as cdk8s-plus-28
//   records them in its jsii type system (`.jsii`: every definition, property, type and
//   required flag of the 1.28 spec the `k8s` classes were generated from);
// - Istio and Gateway API objects against their CRDs' openAPIV3Schema (test/schemas/crds.json,
//   vendored by scripts/vendor-crd-schemas.mjs), closed with additionalProperties: false
//   except under x-kubernetes-preserve-unknown-fields, as the API server prunes and
//   `kubectl apply --validate=strict` rejects unknown fields.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, any>;

const JSII_PATH = require.resolve('cdk8s-plus-28/.jsii');
const PREFIX = 'cdk8s-plus-28.k8s.';

/** Builds JSON Schema definitions for every `k8s` type of cdk8s-plus-28, keyed by OpenAPI name. */
function k8sDefinitions(): { definitions: Record<string, Schema>; kinds: Map<string, string> } {
  const assembly = JSON.parse(fs.readFileSync(JSII_PATH, 'utf8'));
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
      return t.collection.kind === 'array'
        ? { type: 'array', items }
        : { type: 'object', additionalProperties: items };
    }
    if (t.fqn === `${PREFIX}IntOrString`) return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    if (t.fqn === `${PREFIX}Quantity`) return { anyOf: [{ type: 'number' }, { type: 'string' }] };
    if (t.fqn && types[t.fqn]?.kind === 'enum') {
      const values = types[t.fqn].members.map((m: any) => k8s[types[t.fqn].name][m.name]);
      return { enum: values };
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

const OBJECT_META = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Validates manifests; one instance compiles each schema once. */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly kinds: Map<string, string>;
  private readonly crds: Record<string, Schema>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addVocabulary(['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type',
      'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations']);
    const { definitions, kinds } = k8sDefinitions();
    this.ajv.addSchema({ $id: 'k8s', definitions });
    this.kinds = kinds;
    this.crds = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'crds.json'), 'utf8'));
  }

  /** Returns "Kind/name: problem" lines; empty when every object is valid. */
  public validate(objects: any[]): string[] {
    const problems: string[] = [];
    for (const obj of objects) {
      const id = `${obj?.kind}/${obj?.metadata?.name}`;
      const validate = this.validatorFor(obj?.apiVersion, obj?.kind);
      if (!validate) {
        problems.push(`${id}: no schema for ${obj?.apiVersion} ${obj?.kind}`);
        continue;
      }
      if (!validate(obj)) {
        for (const e of validate.errors ?? []) {
          problems.push(`${id}: ${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
        }
      }
    }
    return problems;
  }

  private validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    let schema: Schema | undefined;
    const def = this.kinds.get(key);
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
}
