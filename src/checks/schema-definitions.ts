// The JSON Schemas the schema validation compiles, one per apiVersion and kind:
// - Kubernetes kinds from the Kubernetes 1.28 OpenAPI definitions, as cdk8s-plus-28 records them
//   in its jsii type system (`.jsii`: every definition, property, type and required flag of the
//   1.28 spec its `k8s` classes were generated from);
// - Istio and Gateway API kinds from their CRDs' openAPIV3Schema (schemas/crds.json, written by
//   scripts/import.mjs), closed with additionalProperties: false except under
//   x-kubernetes-preserve-unknown-fields, as `kubectl apply --validate=strict` is.
// scripts/schemas.mjs compiles them ahead of time (schemas/validators/); the validator compiles
// one here only for a kind that was not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { Options } from 'ajv';

export type Schema = Record<string, any>;

const PREFIX = 'cdk8s-plus-28.k8s.';

/** Builds JSON Schema definitions for every `k8s` type of cdk8s-plus-28, keyed by OpenAPI name. */
export function k8sDefinitions(): { definitions: Record<string, Schema>; kinds: Map<string, string> } {
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

export function withTypeMeta(schema: Schema, apiVersion: string, kind: string): Schema {
  return {
    ...schema,
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, ...schema.properties },
    required: ['apiVersion', 'kind', ...(schema.required ?? []).filter((r: string) => r !== 'apiVersion' && r !== 'kind')],
  };
}

/** Adds additionalProperties: false to every object schema with properties, except preserved ones. */
export function close(node: any): any {
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
export function crdSchemasPath(): string {
  // The installed package's own, wherever this code runs from (a bundle of an app made by
  // `cdk8s-istio run` lives in node_modules/.cache/); in this repository the package is not
  // installed, and the nearest schemas/ above this file is the one.
  try {
    const installed = path.join(path.dirname(require.resolve('cdk8s-istio/package.json')), 'schemas', 'crds.json');
    if (fs.existsSync(installed)) return installed;
  } catch {
    // not installed
  }
  const looked: string[] = [];
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas', 'crds.json');
    if (fs.existsSync(candidate)) return candidate;
    looked.push(candidate);
  }
  throw new Error(`schemas/crds.json not found (looked in ${looked.join(', ')})`);
}



/** Where the Kubernetes definitions live, as `$ref`s from every kind schema name them. */
export const K8S_DEFINITIONS_ID = 'https://cdk8s-istio.dev/schemas/k8s';

/** The `$id` of a kind's schema (`apps/v1/Deployment`). */
export const kindSchemaId = (key: string): string => `https://cdk8s-istio.dev/schemas/kinds/${key}`;

/** Ajv's options for every compilation, ahead of time or not. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false };

/** The OpenAPI extensions the schemas carry; only the CEL rules are acted on (by the validator). */
export const KUBERNETES_KEYWORDS = ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations'];

/**
 * Integer formats as value ranges: the API server checks int32 ranges; int64 and double hold any
 * JSON number here. (Ranges compile without custom format functions, so the validators can be
 * compiled ahead of time.)
 */
export function integerRanges(node: any): any {
  if (Array.isArray(node)) return node.map(integerRanges);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'enum' || k === 'default' ? v : integerRanges(v)]));
  if (out.format === 'int32') {
    delete out.format;
    out.minimum ??= -(2 ** 31);
    out.maximum ??= 2 ** 31 - 1;
  } else if (out.format === 'int64' || out.format === 'double') {
    delete out.format;
  }
  return out;
}

/** Every kind's schema, keyed `apiVersion/kind`, and the Kubernetes definitions they refer to. */
export interface KindSchemas {
  readonly definitions: Record<string, Schema>;
  readonly kinds: Map<string, Schema>;
  readonly crds: Record<string, Schema>;
}

/** Builds the schema of every Kubernetes kind of cdk8s-plus-28 and every CRD kind of schemas/crds.json. */
export function kindSchemas(): KindSchemas {
  const { definitions, kinds: k8sKinds } = k8sDefinitions();
  const crds: Record<string, Schema> = JSON.parse(fs.readFileSync(crdSchemasPath(), 'utf8'));
  const kinds = new Map<string, Schema>();
  for (const [key, def] of k8sKinds) kinds.set(key, { $id: kindSchemaId(key), $ref: `${K8S_DEFINITIONS_ID}#/definitions/${def}` });
  for (const key of Object.keys(crds)) {
    const [apiVersion, kind] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    const closed = close(integerRanges(crds[key]));
    const schema = withTypeMeta({ ...closed, properties: { ...closed.properties, metadata: { $ref: `${K8S_DEFINITIONS_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` } } }, apiVersion, kind);
    kinds.set(key, { $id: kindSchemaId(key), ...schema, required: [...new Set([...schema.required, 'metadata'])] });
  }
  return { definitions: integerRanges(definitions), kinds, crds };
}

/** An Ajv instance with the Kubernetes definitions, ready to compile kind schemas. */
export function kubernetesAjv(definitions: Record<string, Schema>, options: Options = {}): Ajv {
  // Loaded here, not on import: validating with the precompiled validators needs none of Ajv.
  const AjvClass: typeof Ajv = require('ajv').default;
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...options });
  // date-time, ipv4, ipv6, binary... as the API server checks them.
  require('ajv-formats')(ajv);
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  ajv.addSchema({ $id: K8S_DEFINITIONS_ID, definitions });
  return ajv;
}
