// Strict schema validation of synthesized objects, offline: every object against its kind's
// schema (./schema-definitions: Kubernetes 1.28 OpenAPI, or the CRD's openAPIV3Schema, closed as
// `kubectl apply --validate=strict` is), then the CRDs' own x-kubernetes-validations (CEL) rules,
// after the API server's defaulting. The validators come compiled ahead of time from
// schemas/validators/ (scripts/schemas.mjs); a kind that is not there is compiled here.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { celEnv, celFunc, celMethod, CelScalar, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { crdSchemasPath, KindSchemas, kindSchemas, kubernetesAjv, Schema } from './schema-definitions';

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

/** Validates manifests; one instance loads or compiles each kind's validator once. */
export class SchemaValidator {
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly celPrograms = new Map<string, (self: unknown) => unknown>();
  private crdSchemas?: Record<string, Schema>;
  private precompiled?: { readonly dir: string; readonly index: Record<string, string> } | null;
  private fallback?: { readonly ajv: Ajv; readonly schemas: KindSchemas };

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
    return this.crds()[key] ? this.celProblems(this.crds()[key], obj, '') : [];
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.load(key) ?? this.compile(key) ?? null;
      this.compiled.set(key, validate);
    }
    return validate ?? undefined;
  }

  /** The validator compiled ahead of time for a kind, if schemas/validators/ has it. */
  private load(key: string): ValidateFunction | undefined {
    if (this.precompiled === undefined) {
      const dir = path.join(path.dirname(crdSchemasPath()), 'validators');
      const indexFile = path.join(dir, 'index.json');
      this.precompiled = fs.existsSync(indexFile) ? { dir, index: JSON.parse(fs.readFileSync(indexFile, 'utf8')) } : null;
    }
    const file = this.precompiled?.index[key];
    // Node's own require: the compiled modules are plain CommonJS beside the schemas, loaded once
    // per process (bundlers and test runners leave them alone).
    return file ? createRequire(__filename)(path.join(this.precompiled!.dir, file))[key] : undefined;
  }

  /** Compiles a kind's validator (one schemas/validators/ lacks), or undefined for an unknown kind. */
  private compile(key: string): ValidateFunction | undefined {
    this.fallback ??= (() => {
      const schemas = kindSchemas();
      return { schemas, ajv: kubernetesAjv(schemas.definitions) };
    })();
    const schema = this.fallback.schemas.kinds.get(key);
    return schema ? this.fallback.ajv.compile(schema) : undefined;
  }

  /** The CRD schemas, for their CEL rules. */
  private crds(): Record<string, Schema> {
    return (this.crdSchemas ??= JSON.parse(fs.readFileSync(crdSchemasPath(), 'utf8')));
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
