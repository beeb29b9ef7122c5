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
}

/**
 * The annotation istioctl analyze reads to suppress codes on one object (a comma-separated list
 * of codes, or `*`); the mesh checks honor it too.
 * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/#ignoring-specific-analyzer-messages-via-annotations
 */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/**
 * Renders a finding as istioctl analyze prints one (`Error [IST0101] (VirtualService ns/name)
 * message`), followed by the construct path when known.
 */
export function formatFinding(f: MeshFinding): string {
  return `${f.level} [${f.code}] (${f.resource}) ${f.message}${f.path ? ` at ${f.path}` : ''}`;
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
}

/** The codes an object's suppression annotation lists. */
export function suppressedCodes(obj: any): Set<string> {
  const value = obj?.metadata?.annotations?.[SUPPRESS_ANNOTATION];
  return new Set(typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s) : []);
}

/** Collects findings; `report()` attaches the object, its construct path and suppression. */
export class FindingCollector {
  private readonly _findings: MeshFinding[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly index: ManifestIndex, private readonly fixes: Readonly<Record<string, string>>) {}

  /**
   * Reports a finding of `code` on `obj`, the message made from the code's template and `args`.
   * The same finding twice (code, object and message) is kept once.
   */
  public report(code: string, obj: any, args: readonly unknown[], options: ReportOptions = {}): void {
    const type = MESSAGES[code];
    if (!type) throw new Error(`unknown finding code ${code}`);
    const message = formatMessage(type.template, args);
    const resource = resourceId(obj);
    const key = `${code}\u0000${resource}\u0000${message}`;
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
    });
  }

  /** The findings, in the order reported. */
  public get findings(): MeshFinding[] {
    return [...this._findings];
  }
}
