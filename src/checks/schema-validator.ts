// Strict schema validation of synthesized objects, offline: every object against its kind's
// schema (./schema-definitions: Kubernetes 1.28 OpenAPI, or the CRD's openAPIV3Schema, closed as
// `kubectl apply --validate=strict` is), then the CRDs' own x-kubernetes-validations (CEL) rules,
// after the API server's defaulting. The validators come compiled ahead of time from
// schemas/validators/ (scripts/schemas.mjs); a kind that is not there is compiled here.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { CEL_HELPERS, celLibrary, CompiledCelRule, toCel, withDefault } from './cel-fast';
import { crdSchemasPath, KindSchemas, kindSchemas, kubernetesAjv, Schema } from './schema-definitions';



interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

/** Validates manifests; one instance loads or compiles each kind's validator once. */
export class SchemaValidator {
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly celPrograms = new Map<string, (self: unknown) => unknown>();
  private celCompiled?: ReadonlyMap<string, CompiledCelRule>;
  private cel?: ReturnType<typeof celLibrary>;
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
    const crd = this.crds()[key];
    if (!crd || this.celHolds(crd, obj)) return [];
    return this.celProblems(crd, obj, '');
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

  /** The rules compiled ahead of time (schemas/validators/cel.js), by rule text; none without it. */
  private compiledRules(): ReadonlyMap<string, CompiledCelRule> {
    if (!this.celCompiled) {
      const file = path.join(path.dirname(crdSchemasPath()), 'validators', 'cel.js');
      this.celCompiled = fs.existsSync(file) ? createRequire(__filename)(file)(CEL_HELPERS) : new Map();
    }
    return this.celCompiled!;
  }

  /**
   * Whether every x-kubernetes-validations rule under a schema surely holds for a (schema-valid)
   * value, by the compiled rules alone: false when one fails, or cannot say, or is not compiled
   * (then celProblems() evaluates them all with @bufbuild/cel). Walks only the parts of the
   * schema that have rules.
   */
  private celHolds(schema: Schema, value: any): boolean {
    if (value === undefined || value === null || !schema || !hasRules(schema)) return true;
    const rules = schema['x-kubernetes-validations'] as CelRule[] | undefined;
    if (rules?.length) {
      const compiled = this.compiledRules();
      const self = toCel(schema, value);
      for (const rule of rules) {
        if (/\boldSelf\b/.test(rule.rule)) continue;
        const check = compiled.get(rule.rule);
        if (!check) return false;
        try {
          if (check(self) !== true) return false;
        } catch {
          return false;
        }
      }
    }
    if (schema.properties && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, sub] of Object.entries<Schema>(schema.properties)) {
        if (hasRules(sub) && !this.celHolds(sub, withDefault(sub, value[k]))) return false;
      }
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object' && typeof value === 'object') {
      if (hasRules(schema.additionalProperties)) for (const v of Object.values(value)) if (!this.celHolds(schema.additionalProperties, v)) return false;
    } else if (schema.items && Array.isArray(value)) {
      if (hasRules(schema.items)) for (const v of value) if (!this.celHolds(schema.items, v)) return false;
    }
    return true;
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
        const why = this.celLib().cel.isCelError(result) || result instanceof Error ? ` (${String((result as Error).message)})` : '';
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

  private celLib(): ReturnType<typeof celLibrary> {
    return (this.cel ??= celLibrary());
  }

  private program(rule: string): (self: unknown) => unknown {
    let program = this.celPrograms.get(rule);
    if (!program) {
      const { cel, env } = this.celLib();
      const evaluate = cel.plan(env, cel.parse(rule));
      program = (self) => evaluate({ self: self as never });
      this.celPrograms.set(rule, program);
    }
    return program;
  }
}

const withRules = new WeakMap<Schema, boolean>();
/** Whether a schema or one below it has x-kubernetes-validations rules (remembered per schema). */
function hasRules(schema: Schema): boolean {
  if (!schema || typeof schema !== 'object') return false;
  let has = withRules.get(schema);
  if (has === undefined) {
    has = !!schema['x-kubernetes-validations']?.length
      || Object.values<Schema>(schema.properties ?? {}).some(hasRules)
      || (typeof schema.additionalProperties === 'object' && hasRules(schema.additionalProperties))
      || hasRules(schema.items);
    withRules.set(schema, has);
  }
  return has;
}
