import { createHash } from 'node:crypto';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CheckReport, checkOptionsKey, checkReport } from './check-report';
import { describeFinding, formatFinding, MeshFinding, onePerMistake } from './findings';
import { ManifestIndex } from './manifest-index';
import { analyzeMesh } from './mesh-analyzer';
import { MeshConfig } from './mesh-config';
import { FindingLevel } from './messages';

/** Options of {@link MeshChecks}. */
export interface MeshChecksOptions {
  /**
   * The mesh configuration the app is checked against.
   * @default - Istio's defaults (root namespace `istio-system`)
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
   */
  readonly meshConfig?: MeshConfig;
  /**
   * Validate every object against its Kubernetes or CRD schema too (CI0101).
   * @default true
   * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
   */
  readonly schemas?: boolean;
  /**
   * Objects the cluster holds besides the app's (a TLS Secret made with kubectl or cert-manager):
   * they count as present, and nothing is reported on them.
   * @default - none
   * @see https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/#analyzing-live-clusters-local-files-or-both
   */
  readonly clusterObjects?: readonly any[];
  /**
   * Fail synthesis on warnings too, not only on errors.
   * @default false
   * @see https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-analyze (its --failure-threshold)
   */
  readonly failOnWarnings?: boolean;
  /**
   * Where warnings and infos go, one line each (each distinct one once per app).
   * @default - standard error
   * @see https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-analyze (its --output-threshold)
   */
  readonly warn?: (line: string) => void;
}

interface Run {
  readonly index: ManifestIndex;
  readonly findings: MeshFinding[];
  readonly errors: string[];
}

const attached = new WeakMap<IConstruct, MeshChecks>();

/**
 * The checks of every synthesis of an app that holds a construct of this library: the synthesized
 * objects are indexed once and {@link analyzeMesh} runs over them (istioctl analyze's codes, Kiali's
 * validations, this library's, the schemas). Errors fail the synthesis before anything is
 * written; warnings and infos are printed. Suppressed findings (`galley.istio.io/analyze-suppress`)
 * are left out.
 *
 * Every construct of this library attaches it to its app through the app's `node.addValidation()`,
 * so a plain `new App()` and `app.synth()` (or `Testing.synth()`, or `cdk8s synth`) run it with
 * nothing else to do. cdk8s validates the whole app once per chart it writes; inside
 * {@link MeshApp.synth} the checks run once per synthesis, and elsewhere again only when an
 * object changed since their last run.
 */
export class MeshChecks {
  /** The checks of the app `scope` belongs to, attached on first use. */
  public static of(scope: IConstruct): MeshChecks {
    const root = scope.node.root;
    let checks = attached.get(root);
    if (!checks) {
      checks = new MeshChecks(root);
      attached.set(root, checks);
    }
    return checks;
  }

  private options: MeshChecksOptions = {};
  private last?: Run;
  // Within a synthesis, also each ApiObject's JSON as the checks read it, for MeshApp to write
  // (synthesizing every object a second time costs as much as the checks on a large mesh).
  private session?: { run?: Run; manifests?: Map<ApiObject, any> };
  private readonly printed = new Set<string>();
  // Outside a MeshApp synthesis: the digest of the objects the last run checked (see validate()).
  private lastDigest?: string;

  private constructor(private readonly root: IConstruct) {
    root.node.addValidation({ validate: () => this.validate() });
  }

  /** Changes the options; later syntheses use them. */
  public configure(options: MeshChecksOptions): void {
    this.options = { ...this.options, ...options };
    this.lastDigest = undefined;
  }

  /** The findings of the last synthesis (suppressed ones left out); empty before the first. */
  public get findings(): MeshFinding[] {
    return [...(this.last?.findings ?? [])];
  }

  /** The index of the objects of the last synthesis. */
  public get index(): ManifestIndex | undefined {
    return this.last?.index;
  }

  /** @internal Until `_endSynth()`, the checks run once, however often cdk8s validates. */
  public _beginSynth(): void {
    this.session = {};
  }

  /** @internal */
  public _endSynth(): void {
    this.session = undefined;
  }

  /** @internal The JSON of an ApiObject as this synthesis's checks read it, until `_endSynth()`. */
  public _manifestOf(obj: ApiObject): any {
    return this.session?.manifests?.get(obj);
  }

  /**
   * @internal The report of the last synthesis for the MeshValidation plugin (./check-report), of
   * the files just written into `outdir`; undefined when the checks have not run.
   */
  public _checkReport(outdir: string, written: ReadonlyArray<{ readonly file: string; readonly objects: readonly any[] }>): CheckReport | undefined {
    if (!this.last) return undefined;
    return checkReport(outdir, written, this.last.findings, this.last.index.objects.length, checkOptionsKey(this.options));
  }

  private validate(): string[] {
    if (this.session?.run) return this.session.run.errors;
    // What ManifestIndex.fromApp() does, keeping the JSON for the rest of the synthesis.
    const apiObjects = this.root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const manifests = apiObjects.map((o) => o.toJson());
    const paths = apiObjects.map((o) => o.node.path);
    // A plain App validates the whole app once per chart it writes, plus once: the checks run
    // again only when the objects (or their construct paths) differ from the last run's.
    let digest: string | undefined;
    if (!this.session) {
      digest = createHash('sha256').update(JSON.stringify(manifests)).update('\u0000').update(JSON.stringify(paths)).digest('hex');
      if (this.last && digest === this.lastDigest) return this.last.errors;
    }
    this.lastDigest = digest;
    const index = new ManifestIndex(manifests, paths);
    if (this.session) this.session.manifests = new Map(apiObjects.map((o, i) => [o, manifests[i]]));
    const findings = onePerMistake(analyzeMesh(index, { meshConfig: this.options.meshConfig, schemas: this.options.schemas, clusterObjects: this.options.clusterObjects }).filter((f) => !f.suppressed));
    const failing = (f: MeshFinding) => f.level === FindingLevel.ERROR || (this.options.failOnWarnings === true && f.level === FindingLevel.WARNING);
    const warn = this.options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const f of findings.filter((x) => !failing(x))) {
      const line = formatFinding(f);
      if (this.printed.has(line)) continue;
      this.printed.add(line);
      warn(line);
    }
    const errors = findings.filter(failing);
    const run: Run = {
      index,
      findings,
      errors: errors.length ? [`the mesh checks found ${errors.length} error${errors.length > 1 ? 's' : ''}:\n${errors.map((f) => `  ${describeFinding(f)}`).join('\n')}`] : [],
    };
    this.last = run;
    if (this.session) this.session.run = run;
    return run.errors;
  }
}
