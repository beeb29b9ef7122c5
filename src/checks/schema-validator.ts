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



/** A schema's compiled rules (undefined: not compiled), and the parts below it that have rules (null: none do). */
interface CelPlan {
  readonly checks: ReadonlyArray<CompiledCelRule | undefined>;
  readonly properties?: ReadonlyArray<[string, Schema]>;
  readonly additional?: Schema | null;
  readonly items?: Schema | null;
}

interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

/** Validates manifests; one instance loads or compiles each kind's validator once. */
export class SchemaValidator {
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly celPrograms = new Map<string, (self: unknown) => unknown>();
  private celCompiled?: ReadonlyMap<string, CompiledCelRule>;
  private readonly celPlans = new WeakMap<Schema, CelPlan>();
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
    const plan = this.celPlan(schema);
    if (plan.checks.length) {
      if (plan.checks.includes(undefined)) return false;
      const self = toCel(schema, value);
      for (const check of plan.checks) {
        try {
          if (check!(self) !== true) return false;
        } catch {
          return false;
        }
      }
    }
    // The same branches as celProblems(), into the parts that have rules only.
    if (plan.properties && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, sub] of plan.properties) if (!this.celHolds(sub, withDefault(sub, value[k]))) return false;
    } else if (plan.additional !== undefined && typeof value === 'object') {
      if (plan.additional) for (const v of Object.values(value)) if (!this.celHolds(plan.additional, v)) return false;
    } else if (plan.items !== undefined && Array.isArray(value)) {
      if (plan.items) for (const v of value) if (!this.celHolds(plan.items, v)) return false;
    }
    return true;
  }

  /** What celHolds() needs of a schema, worked out once: its compiled rules and the parts below with rules. */
  private celPlan(schema: Schema): CelPlan {
    let plan = this.celPlans.get(schema);
    if (!plan) {
      const compiled = this.compiledRules();
      const below = (sub: Schema): Schema | null => (hasRules(sub) ? sub : null);
      plan = {
        checks: ((schema['x-kubernetes-validations'] ?? []) as CelRule[])
          .filter((rule) => !/\boldSelf\b/.test(rule.rule)) // transition rules apply to updates only
          .map((rule) => compiled.get(rule.rule)),
        properties: schema.properties ? Object.entries<Schema>(schema.properties).filter(([, sub]) => hasRules(sub)) : undefined,
        additional: schema.additionalProperties && typeof schema.additionalProperties === 'object' ? below(schema.additionalProperties) : undefined,
        items: schema.items ? below(schema.items) : undefined,
      };
      this.celPlans.set(schema, plan);
    }
    return plan;
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
