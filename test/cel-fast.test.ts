// The CEL rules compiled to JavaScript (src/checks/cel-compile.ts, src/checks/cel-fast.ts) against
// @bufbuild/cel, the evaluator they stand in for: on random schema-shaped values at every place a
// CRD has a rule, a compiled rule that answers agrees with @bufbuild/cel, and "holds" only where
// @bufbuild/cel says the rule holds.
import * as fs from 'node:fs';
import * as fc from 'fast-check';
import { celRulesOf, compileCelModule } from '../src/checks/cel-compile';
import { CEL_HELPERS, celLibrary, CompiledCelRule, toCel } from '../src/checks/cel-fast';
import { crdSchemasPath, Schema } from '../src/checks/schema-definitions';

const crds: Record<string, Schema> = JSON.parse(fs.readFileSync(crdSchemasPath(), 'utf8'));
const celModule = compileCelModule(celRulesOf(crds));
const compiled: ReadonlyMap<string, CompiledCelRule> = (() => {
  const m = { exports: {} as any };
  new Function('module', 'exports', celModule.source)(m, m.exports); // eslint-disable-line no-new-func
  return m.exports(CEL_HELPERS);
})();
const { cel, env } = celLibrary();

/** Every schema node that carries rules, once per distinct (rule, schema). */
const places = (() => {
  const seen = new Map<string, { schema: Schema; rule: string }>();
  const walk = (s: any) => {
    if (!s || typeof s !== 'object') return;
    for (const r of s['x-kubernetes-validations'] ?? []) {
      if (/\boldSelf\b/.test(r.rule)) continue;
      seen.set(`${r.rule}\u0000${JSON.stringify(s)}`, { schema: s, rule: r.rule });
    }
    for (const sub of Object.values<any>(s.properties ?? {})) walk(sub);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
    walk(s.items);
  };
  Object.values(crds).forEach(walk);
  return [...seen.values()];
})();

// Strings the rules test for, so that random values reach both branches of them.
const literals = [...new Set([...celModule.source.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string))]
  .filter((s) => s.length < 40);
const STRINGS = [...literals, '', '*', 'a', 'a.b', '*.a.b', 'A', 'unix:///x', 'unix://@a', 'unix://x/', '1ms', '0s', '0', '0.5s',
  '-1s', '1h2m', '10', 'x1', '1.', '.5s', 'http://a', 'https://a.b/c', 'ftp://x', 'a:b', '/a', '/a//b', '/a/../b', '/a/.', '%2F', 'é', '𝟘', '0x10', ' 12'];

function arbitrary(schema: any, depth: number): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object') return fc.constant(undefined);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema['x-kubernetes-int-or-string']) return fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(...STRINGS));
  const string = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 6 }));
  switch (schema.type) {
    case 'string': return string;
    case 'integer': return fc.oneof(fc.constantFrom(0, 1, -1, 65535, 65536, 2 ** 31 - 1), fc.integer({ min: -5, max: 5 }));
    case 'number': return fc.oneof(fc.constantFrom(0, 0.5, 1, 100), fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'boolean': return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(arbitrary(schema.items, depth + 1), { maxLength: 3 });
    default:
  }
  if (schema.properties) {
    if (depth > 3) return fc.constant({});
    const props = Object.entries<any>(schema.properties).slice(0, 12);
    return fc.record(Object.fromEntries(props.map(([k, sub]) => [k, arbitrary(sub, depth + 1)])), { requiredKeys: [] })
      .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
  }
  if (typeof schema.additionalProperties === 'object') {
    return depth > 3 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...STRINGS.slice(0, 30), 'key', '80', '9080', '0'), arbitrary(schema.additionalProperties, depth + 1), { maxKeys: 3 });
  }
  return fc.oneof(string, fc.integer({ min: -2, max: 3 }), fc.constant({}), fc.constant([]));
}

describe('compiled CEL rules', () => {
  test('compile every CRD rule but the transition rule and the RE2-only pattern', () => {
    expect(celModule.left).toHaveLength(2);
    expect(celModule.left.some((r) => r.includes('oldSelf'))).toBe(true);
    expect(celModule.left.some((r) => r.includes('(?i)'))).toBe(true);
  });

  test('agree with @bufbuild/cel wherever they answer, at every place a CRD has a rule', () => {
    const programs = new Map<string, (self: unknown) => unknown>();
    let answered = 0;
    let asked = 0;
    for (const { schema, rule } of places) {
      const check = compiled.get(rule);
      if (!check) continue;
      let program = programs.get(rule);
      if (!program) {
        const evaluate = cel.plan(env, cel.parse(rule));
        programs.set(rule, program = (self) => evaluate({ self: self as never }));
      }
      fc.assert(fc.property(arbitrary(schema, 0), (value) => {
        if (value === undefined || value === null) return;
        const self = toCel(schema, value);
        let reference: unknown;
        try {
          reference = program!(self);
        } catch (e) {
          reference = e;
        }
        asked++;
        let fast: unknown;
        try {
          fast = check(self);
        } catch {
          return; // handed back to @bufbuild/cel
        }
        answered++;
        expect({ rule, value, holds: fast === true }).toEqual({ rule, value, holds: reference === true });
      }), { numRuns: 12, seed: 1 });
    }
    // Most values get an answer without @bufbuild/cel.
    expect(answered / asked).toBeGreaterThan(0.5);
  });

  test('agree with @bufbuild/cel on durations, ints, URLs and patterns at their edges', () => {
    const rules = [
      'duration(self) >= duration(\'1ms\')',
      'self.all(key, 0 < int(key) && int(key) <= 65535)',
      'url(self).getScheme() in ["http", "https"]',
      'isURL(self) ? (url(self).getScheme() in ["", "http", "https", "oci", "file"]) : (isURL("http://" + self) &&\nurl("http://" + self).getScheme() in ["", "http", "https", "oci", "file"])',
      'self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))',
      'self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true',
    ];
    const values: unknown[] = ['1ms', '999us', '0.001s', '1.5h', '-1s', '+2s', '1h30m', '1', 'ms', '', '1e3s', '9223372036s', '1µs', '0.0000001ms',
      'http://a', 'https://a/b', 'ftp://a', 'a', 'oci://x/y:1', 'file:///x', 'unix://', 'unix:///', 'unix://@', 'é',
      new Map([['80', 'x']]), new Map([['0', 'x']]), new Map([['65536', 'x']]), new Map([[' 12', 'x']]), new Map([['0x10', 'x']]),
      new Map([['a-b', 1]]), new Map([['-a', 1]]), new Map([['x'.repeat(63), 1]]), new Map([['𝟘', 1]])];
    for (const rule of rules) {
      const check = compiled.get(rule)!;
      expect(check).toBeDefined();
      const evaluate = cel.plan(env, cel.parse(rule));
      for (const self of values) {
        let reference: unknown;
        try {
          reference = evaluate({ self: self as never });
        } catch (e) {
          reference = e;
        }
        let fast: unknown;
        try {
          fast = check(self);
        } catch {
          continue;
        }
        expect({ rule, self, holds: fast === true }).toEqual({ rule, self, holds: reference === true });
      }
    }
  });
});
