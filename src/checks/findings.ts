import { AnalyzedResource } from './analyzers/resources';
import { ManifestIndex } from './manifest-index';
import { FindingLevel, formatMessage, MESSAGES } from './messages';
import { resourceId } from '../private/manifests';

/** One mistake the mesh checks found in one object. */
export interface MeshFinding {
  /** The message code: `IST0101` (istioctl analyze), `KIA0106` (Kiali) or `CI0001` (this library). */
  readonly code: string;
  /** How bad it is. */
  readonly level: FindingLevel;
  /** The object at fault, `Kind namespace/name` (`Kind name` for cluster-scoped objects). */
  readonly resource: string;
  /** The construct path of the object at fault, when the objects come from a cdk8s app. */
  readonly path?: string;
  /** What is wrong, in istioctl's (or Kiali's) words. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** True when the object's `galley.istio.io/analyze-suppress` annotation lists the code (or `*`). */
  readonly suppressed: boolean;
  /**
   * The analyzer that reported it: istioctl's name for its analyzers (`Metadata().Name`, e.g.
   * `gateway.SecretAnalyzer`), this library's (`cdk8s-istio.…`) or Kiali's (`kiali.…`) for the
   * others. When several analyzers report the same message, istioctl prints it once; so does the
   * analyzer, under the first one's name.
   * @default - not known (a finding made outside the analyzer)
   */
  readonly analyzer?: string;
  /**
   * The other objects of the same conflict (`Kind namespace/name at path`), when
   * {@link onePerMistake} reports a conflict between objects once instead of on each of them.
   * @default - none
   */
  readonly others?: readonly string[];
}

// What the API server (schema, validation) or Istio's webhook refuses: the object never exists.
const REFUSALS = new Set(['CI0101', 'CI0102', 'IST0106']);

/**
 * One finding per mistake, as the synth paths report them ({@link analyzeMesh} keeps istioctl's
 * output, message for message):
 * - an object the API server or Istio's webhook refuses gets that refusal alone: what else is
 *   wrong with it comes from the same bad fields, and it will not exist until they are fixed;
 * - a conflict istioctl or Kiali reports on each object involved, with the same message and fix,
 *   is reported once, on the first object, naming the others.
 */
export function onePerMistake(findings: readonly MeshFinding[]): MeshFinding[] {
  const at = (f: MeshFinding) => `${f.resource}${f.path ? ` at ${f.path}` : ''}`;
  const refused = new Set(findings.filter((f) => REFUSALS.has(f.code) && f.level === FindingLevel.ERROR).map(at));
  const first = new Map<string, { finding: MeshFinding; others: string[] }>();
  const kept: Array<{ finding: MeshFinding; others: string[] }> = [];
  for (const f of findings) {
    if (refused.has(at(f)) && !REFUSALS.has(f.code)) continue;
    const key = `${f.code}\u0000${f.message}\u0000${f.fix}`;
    const same = first.get(key);
    if (same && same.finding.resource !== f.resource) {
      same.others.push(at(f));
      continue;
    }
    const entry = { finding: f, others: [] as string[] };
    if (!same) first.set(key, entry);
    kept.push(entry);
  }
  return kept.map(({ finding, others }) => (others.length ? { ...finding, others } : finding));
}

/**
 * The annotation istioctl analyze reads to suppress codes on one object (a comma-separated list
 * of codes, or `*`); the mesh checks honor it too.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/#ignoring-specific-analyzer-messages-via-annotations
 */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/**
 * Renders a finding as istioctl analyze prints one (`Error [IST0101] (VirtualService ns/name)
 * message`), followed by the construct path when known and the other objects of a conflict.
 */
export function formatFinding(f: MeshFinding): string {
  const others = f.others?.length ? ` (also ${f.others.join(', ')})` : '';
  return `${f.level} [${f.code}] (${f.resource}) ${f.message}${f.path ? ` at ${f.path}` : ''}${others}`;
}

/** A finding with its fix, on two lines, as synthesis reports errors. */
export function describeFinding(f: MeshFinding): string {
  return `${formatFinding(f)}\n    fix: ${f.fix}`;
}

/** Options of one finding. */
export interface ReportOptions {
  /**
   * How to fix this finding, when a more precise line than the code's can be given.
   * @default - the code's fix
   * @see https://istio.io/latest/docs/reference/config/analysis/
   */
  readonly fix?: string;
  /**
   * The field istioctl points the message at (`{.spec.http[0].route[1].destination.host}`).
   * istioctl prints one message per distinct text and line, so two findings with the same
   * message on one object are both kept when they point at different fields that hold a scalar
   * value.
   * @default - the object as a whole
   * @see https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-analyze
   */
  readonly line?: string;
}

/**
 * The codes an object's suppression annotation lists. As istioctl does, the value is split on
 * commas and nothing is trimmed: `IST0101, IST0102` suppresses IST0101 and ` IST0102`.
 */
export function suppressedCodes(obj: any): Set<string> {
  const value = obj?.metadata?.annotations?.[SUPPRESS_ANNOTATION];
  return new Set(typeof value === 'string' && value !== '' ? value.split(',') : []);
}

// The paths of an object's scalar fields, as istioctl maps them to YAML lines
// (pilot/pkg/config/file/store.go BuildFieldPathMap): `{.spec.hosts[0]}`, `{.metadata.name}`.
const scalarPathCache = new WeakMap<object, Set<string>>();
function scalarPaths(obj: any): Set<string> {
  let paths = scalarPathCache.get(obj);
  if (paths) return paths;
  const found = new Set<string>();
  const walk = (node: any, at: string) => {
    for (const [k, v] of Object.entries(node)) {
      const path = `${at}.${k}`;
      if (Array.isArray(v)) {
        v.forEach((item, i) => {
          if (item === null || typeof item !== 'object') found.add(`{${path}[${i}]}`);
          else if (!Array.isArray(item)) walk(item, `${path}[${i}]`);
        });
      } else if (v !== null && typeof v === 'object') {
        walk(v, path);
      } else {
        found.add(`{${path}}`);
      }
    }
  };
  if (obj !== null && typeof obj === 'object') walk(obj, '');
  paths = found;
  if (obj !== null && typeof obj === 'object') scalarPathCache.set(obj, paths);
  return paths;
}

/** Collects findings; `report()` attaches the object, its construct path and suppression. */
export class FindingCollector {
  private readonly _findings: MeshFinding[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly index: ManifestIndex, private readonly fixes: Readonly<Record<string, string>>) {}

  /**
   * Reports a finding of `code` on `target` (a manifest object, or a resource as the analyzers
   * see it), the message made from the code's template and `args`. The same finding twice (code,
   * object, message and line) is kept once, as istioctl prints it once.
   * @param analyzer the name of the analyzer reporting it
   */
  public report(code: string, target: any, args: readonly unknown[], options: ReportOptions = {}, analyzer?: string): void {
    const type = MESSAGES[code];
    if (!type) throw new Error(`unknown finding code ${code}`);
    const message = formatMessage(type.template, args);
    const obj = target instanceof AnalyzedResource ? target.object : target;
    const resource = target instanceof AnalyzedResource ? target.id : resourceId(obj);
    const line = options.line !== undefined && scalarPaths(obj).has(options.line) ? options.line : '';
    const key = `${code}\u0000${resource}\u0000${message}\u0000${line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const suppress = suppressedCodes(obj);
    this._findings.push({
      code,
      level: type.level,
      resource,
      path: this.index.pathOf(obj),
      message,
      fix: options.fix ?? this.fixes[code] ?? `See https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`,
      suppressed: suppress.has(code) || suppress.has('*'),
      ...(analyzer !== undefined ? { analyzer } : {}),
    });
  }

  /** The findings, in the order reported. */
  public get findings(): MeshFinding[] {
    return [...this._findings];
  }
}
