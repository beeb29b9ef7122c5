// Compiles the CRDs' CEL rules (x-kubernetes-validations) to JavaScript ahead of time, for
// scripts/schemas.mjs: loading @bufbuild/cel and planning each rule costs more at every start than
// validating a whole app. A compiled rule calls the helpers of ./cel-fast (`h`), which mirror
// @bufbuild/cel for what the rules use and hand anything else back to it; a rule using what is not
// mirrored here is not compiled, and @bufbuild/cel evaluates it. Not loaded at run time.
import { parse } from '@bufbuild/cel';

/** A rule this compiler does not translate (the validator leaves it to @bufbuild/cel). */
class Unsupported extends Error {}

const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

// Operators and functions whose helper takes the arguments as they are.
const OPERATORS: Readonly<Record<string, string>> = {
  '_==_': 'eq', '_<_': 'lt', '_<=_': 'le', '_>_': 'gt', '_>=_': 'ge', '_+_': 'add', '_-_': 'sub', '_*_': 'mul',
  '-_': 'neg', '@in': 'in', '_[_]': 'idx',
};
const FUNCTIONS: Readonly<Record<string, number>> = { size: 1, duration: 1, int: 1, isURL: 1, url: 1 };
const METHODS: Readonly<Record<string, readonly number[]>> = {
  size: [0], contains: [1], startsWith: [1], endsWith: [1], split: [1], substring: [1, 2], getScheme: [0],
};

/**
 * Whether RE2 (CEL's `matches`) and a JavaScript RegExp with the `u` flag read a pattern alike: only
 * literal characters, escaped punctuation, bracket classes of literals and ranges, groups
 * (`(...)`, `(?:...)`), alternation, anchors and quantifiers. No `.`, no `\d`-style classes, no
 * flags, no backreferences or lookarounds.
 */
function portablePattern(pattern: string): boolean {
  const atom = String.raw`(?:[A-Za-z0-9 _~!@#%&=:;,'"<>\/-]|\\[.*+?^$|(){}\[\]\\\/-]|\[\^?(?:[A-Za-z0-9 _~!@#%&=:;,'"<>\/.*+?$|(){}-]|\\[.*+?^$|(){}\[\]\\\/-])+\]|\((?:\?:)?|\)|\|)`;
  const quantifier = String.raw`(?:[*+?]|\{\d+(?:,\d*)?\})?`;
  if (!new RegExp(`^\\^?(?:${atom}${quantifier})*\\$?$`).test(pattern)) return false;
  try {
    new RegExp(pattern, 'u'); // eslint-disable-line no-new
    return true;
  } catch {
    return false;
  }
}

interface Context {
  readonly vars: ReadonlyMap<string, string>;
  readonly regexps: string[];
  next: number;
}

function compileExpr(e: any, ctx: Context): string {
  const kind = e.exprKind;
  switch (kind.case) {
    case 'constExpr': {
      const c = kind.value.constantKind;
      switch (c.case) {
        case 'int64Value': return `${c.value}n`;
        case 'stringValue': return JSON.stringify(c.value);
        case 'boolValue': return String(c.value);
        case 'nullValue': return 'null';
        case 'doubleValue': return Number.isFinite(c.value) ? `(${String(c.value)})` : unsupported('non-finite double');
        default: return unsupported(`constant ${c.case}`);
      }
    }
    case 'identExpr': {
      const name = ctx.vars.get(kind.value.name);
      return name ?? unsupported(`identifier ${kind.value.name}`);
    }
    case 'selectExpr': {
      const { operand, field, testOnly } = kind.value;
      return `h.${testOnly ? 'has' : 'sel'}(${compileExpr(operand, ctx)}, ${JSON.stringify(field)})`;
    }
    case 'listExpr': {
      if (kind.value.optionalIndices?.length) unsupported('optional list elements');
      return `[${kind.value.elements.map((x: any) => compileExpr(x, ctx)).join(', ')}]`;
    }
    case 'structExpr': {
      if (kind.value.messageName) unsupported('message literal');
      const keys = new Set<string>();
      const entries = kind.value.entries.map((entry: any) => {
        if (entry.keyKind.case !== 'mapKey' || entry.optionalEntry) unsupported('map literal key');
        const key = entry.keyKind.value.exprKind;
        if (key.case !== 'constExpr' || key.value.constantKind.case !== 'stringValue') unsupported('non-string map key');
        if (keys.has(key.value.constantKind.value)) unsupported('duplicate map key');
        keys.add(key.value.constantKind.value);
        return `[${JSON.stringify(key.value.constantKind.value)}, ${compileExpr(entry.value, ctx)}]`;
      });
      return `h.map([${entries.join(', ')}])`;
    }
    case 'comprehensionExpr': {
      const c = kind.value;
      if (c.iterVar2) unsupported('two-variable comprehension');
      const accu = `a${ctx.next++}`;
      const item = `i${ctx.next++}`;
      const inner: Context = { ...ctx, vars: new Map([...ctx.vars, [c.accuVar, accu], [c.iterVar, item]]) };
      const withAccu: Context = { ...ctx, vars: new Map([...ctx.vars, [c.accuVar, accu]]) };
      const range = compileExpr(c.iterRange, ctx);
      const init = compileExpr(c.accuInit, ctx);
      const cond = compileExpr(c.loopCondition, inner);
      const step = compileExpr(c.loopStep, inner);
      ctx.next = Math.max(ctx.next, inner.next);
      const result = compileExpr(c.result, withAccu);
      ctx.next = Math.max(ctx.next, withAccu.next);
      return `(() => { let ${accu} = ${init}; for (const ${item} of h.iter(${range})) { if (${cond} !== true) break; ${accu} = ${step}; } return ${result}; })()`;
    }
    case 'callExpr': return compileCall(kind.value, ctx);
    default: return unsupported(`expression ${kind.case}`);
  }
}

function compileCall(call: any, ctx: Context): string {
  const fn: string = call.function;
  const args: string[] = call.args.map((a: any) => compileExpr(a, ctx));
  if (call.target) {
    const target = compileExpr(call.target, ctx);
    if (fn === 'matches') {
      const pattern = call.args[0]?.exprKind;
      if (call.args.length !== 1 || pattern.case !== 'constExpr' || pattern.value.constantKind.case !== 'stringValue') return unsupported('matches with a computed pattern');
      const source: string = pattern.value.constantKind.value;
      if (!portablePattern(source)) return unsupported(`pattern ${source}`);
      ctx.regexps.push(`new RegExp(${JSON.stringify(source)}, 'u')`);
      return `h.matches(${target}, re[${ctx.regexps.length - 1}])`;
    }
    if (!METHODS[fn]?.includes(args.length)) return unsupported(`method ${fn}/${args.length}`);
    return `h.${fn}(${[target, ...args].join(', ')})`;
  }
  switch (fn) {
    case '_&&_': return `(h.b(${args[0]}) ? h.b(${args[1]}) : false)`;
    case '_||_': return `(h.b(${args[0]}) ? true : h.b(${args[1]}))`;
    case '_?_:_': return `(h.b(${args[0]}) ? ${args[1]} : ${args[2]})`;
    case '!_': return `!h.b(${args[0]})`;
    case '_!=_': return `!h.eq(${args[0]}, ${args[1]})`;
    // A comprehension's loop condition: an error or non-bool counts as true; compiled helpers throw
    // on errors before one could get here.
    case '@not_strictly_false': return `(${args[0]} !== false)`;
    default:
  }
  if (OPERATORS[fn]) return `h.${OPERATORS[fn]}(${args.join(', ')})`;
  if (FUNCTIONS[fn] === args.length) return `h.${fn}(${args.join(', ')})`;
  return unsupported(`function ${fn}/${args.length}`);
}

/** The JavaScript of one rule: a function expression of `self` (with `h` and `re` in scope), or undefined when not compiled. */
export function compileCelRule(rule: string, regexps: string[]): string | undefined {
  let expr: any;
  try {
    expr = parse(rule).expr;
  } catch {
    return undefined;
  }
  const ctx: Context = { vars: new Map([['self', 'self']]), regexps, next: 0 };
  const mark = regexps.length;
  try {
    return `function (self) { return ${compileExpr(expr, ctx)}; }`;
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    regexps.length = mark;
    return undefined;
  }
}

/**
 * A CommonJS module of compiled rules: it exports a function of the helpers (`CEL_HELPERS`) that
 * returns a Map from rule text to compiled rule. Rules not compiled are left out.
 */
export function compileCelModule(rules: Iterable<string>): { source: string; compiled: number; left: string[] } {
  const regexps: string[] = [];
  const entries: string[] = [];
  const left: string[] = [];
  for (const rule of [...new Set(rules)].sort()) {
    const js = compileCelRule(rule, regexps);
    if (js === undefined) left.push(rule);
    else entries.push(`    [${JSON.stringify(rule)}, ${js}],`);
  }
  const source = [
    '"use strict";',
    '// Generated by scripts/schemas.mjs (src/checks/cel-compile.ts): the CRDs\' CEL rules as JavaScript.',
    'module.exports = function (h) {',
    `  const re = [${regexps.join(', ')}];`,
    '  return new Map([',
    ...entries,
    '  ]);',
    '};',
    '',
  ].join('\n');
  return { source, compiled: entries.length, left };
}

/** Every x-kubernetes-validations rule under a schema. */
export function celRulesOf(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) celRulesOf(s, into);
  } else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'x-kubernetes-validations' && Array.isArray(v)) for (const r of v) into.add(String(r?.rule));
      else if (k !== 'enum' && k !== 'default') celRulesOf(v, into);
    }
  }
  return into;
}
