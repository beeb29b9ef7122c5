import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, AppProps, Chart, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CHECK_REPORT_KEY, CheckReport } from '../checks/check-report';
import { MeshChecks, MeshChecksOptions } from '../checks/mesh-checks';
import { renderMeshTopology } from '../checks/mesh-topology';
import { fastYamlStringify } from '../private/fast-yaml';
import { topology } from '../private/topology';
import { checkShape, fail } from '../private/validation';

/** Props of {@link MeshApp}. */
export interface MeshAppProps extends AppProps, MeshChecksOptions {
  /**
   * Write the YAML with a faster emitter that gives the same bytes as cdk8s's `Yaml.stringify`
   * (it asks cdk8s's own YAML writer how to write each distinct scalar, and hands it whole any
   * document it cannot lay out with certainty). Worth it from a few thousand objects on. Applies
   * to `YamlOutputType.FILE_PER_CHART` (the default); other output types are written by cdk8s.
   * @default false
   * @see https://cdk8s.io/docs/latest/basics/app/
   */
  readonly fastYaml?: boolean;
  /**
   * Write `mesh.md`, a Mermaid diagram of the mesh and its edges as a table, beside the YAML
   * (or to this file).
   * @default - not written
   * @see https://mermaid.js.org/syntax/flowchart.html
   */
  readonly topology?: boolean | string;
}

/**
 * A cdk8s App for a mesh. It synthesizes what a plain `App` does, with the same checks
 * ({@link MeshChecks}, which every construct of this library attaches to any app), and:
 * - runs the checks once per synthesis (cdk8s validates the whole app once per chart it writes);
 * - optionally writes the YAML faster (`fastYaml`) and the topology (`topology`).
 *
 * It overrides `synth()` and nothing else; cdk8s itself is left as it is.
 */
export class MeshApp extends App {
  /** Whether YAML is written by the fast emitter. */
  public readonly fastYaml: boolean;
  /** Where `mesh.md` is written, if anywhere. */
  public readonly topologyFile?: string;
  /** The mesh checks of this app. */
  public readonly checks: MeshChecks;

  private readonly recordMetadata: boolean;

  constructor(props: MeshAppProps = {}) {
    super(checkShape('MeshApp', 'MeshAppProps', props, {
      fastYaml: ['boolean', 'true or false'], schemas: ['boolean', 'true or false'], failOnWarnings: ['boolean', 'true or false'],
      outdir: ['string', 'a folder path'], meshConfig: ['object', 'an object of MeshConfig'], clusterObjects: ['objects', 'a list of manifest objects'],
    }));
    if (props.topology !== undefined && typeof props.topology !== 'boolean' && typeof props.topology !== 'string') {
      fail('MeshApp', 'topology', props.topology, 'true, false or a file path');
    }
    if (props.warn !== undefined && typeof props.warn !== 'function') fail('MeshApp', 'warn', props.warn, 'a function of one line');
    this.fastYaml = props.fastYaml ?? false;
    this.topologyFile = props.topology === true ? path.join(this.outdir, 'mesh.md') : typeof props.topology === 'string' ? props.topology : undefined;
    // What App decides from the same inputs (its own field is private).
    this.recordMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
    this.checks = MeshChecks.of(this);
    this.checks.configure({ meshConfig: props.meshConfig, schemas: props.schemas, failOnWarnings: props.failOnWarnings, warn: props.warn, clusterObjects: props.clusterObjects });
  }

  /** Synthesizes every chart into `outdir`, checks run once; then writes the topology, if asked. */
  public synth(): void {
    const perChart = this.yamlOutputType === YamlOutputType.FILE_PER_CHART;
    let written: Written[] | undefined;
    this.checks._beginSynth();
    try {
      if (this.fastYaml && perChart) {
        written = this.writeFast();
      } else {
        super.synth();
        // The objects as the checks saw them (escape-hatch patches applied), still known here.
        if (this.recordMetadata && perChart) written = this.chartFiles().map(({ file, apiObjects }) => ({ file, objects: apiObjects.map((o) => this.checks._manifestOf(o)) }));
      }
    } finally {
      this.checks._endSynth();
    }
    if (this.recordMetadata && written) this.recordChecks(written);
    if (this.topologyFile) {
      fs.mkdirSync(path.dirname(this.topologyFile), { recursive: true });
      fs.writeFileSync(this.topologyFile, renderMeshTopology([...(this.checks.index?.objects ?? [])]));
    }
  }

  /** What `App.synth()` writes for FILE_PER_CHART, through cdk8s's public API, YAML written fast. */
  private writeFast(): Written[] {
    fs.mkdirSync(this.outdir, { recursive: true });
    const first = firstChart(this);
    if (!first) return [];
    // Chart.toJson() validates the app (the checks run, once) and resolves the dependencies
    // between charts first, as App.synth() does; after it, `charts` is in the order App.synth()
    // writes them, and every other chart is what Chart.toJson() would give without doing that
    // app-wide work again: its ApiObjects in dependency order, as the checks synthesized them.
    const rendered = first.toJson();
    const stringify = fastYamlStringify((...docs: any[]) => Yaml.stringify(...docs));
    return this.chartFiles().map(({ chart, file, apiObjects }) => {
      const objects = chart === first ? rendered : apiObjects.map((o) => this.checks._manifestOf(o) ?? o.toJson());
      writeDocuments(path.join(this.outdir, file), objects, (o) => stringify(o));
      return { file, objects, apiObjects };
    });
  }

  /** The file App.synth() writes for each chart (FILE_PER_CHART), in its order, with the chart's ApiObjects in order. */
  private chartFiles(): Array<{ chart: Chart; file: string; apiObjects: ApiObject[] }> {
    // `this.charts`, and each chart's objects as App.synth() orders them (cdk8s's DependencyGraph
    // topology, worked out in linear time: private/topology.ts).
    const charts = topology(this).filter((c): c is Chart => c instanceof Chart);
    const indexed = charts.some((c) => c.node.dependencies.some((d) => Chart.of(d) !== c));
    return charts.map((chart, i) => ({
      chart,
      file: `${indexed ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart)}${this.outputFileExtension}`,
      apiObjects: topology(chart).filter((o): o is ApiObject => o instanceof ApiObject && Chart.of(o) === chart),
    }));
  }

  /**
   * Writes construct-metadata.json as App.synth() does for validation plugins (each object's
   * construct path, by name), with the report of the checks for the MeshValidation plugin
   * (checks/check-report.ts).
   */
  private recordChecks(written: Written[]): void {
    const file = path.join(this.outdir, 'construct-metadata.json');
    let metadata: any;
    if (this.fastYaml && this.yamlOutputType === YamlOutputType.FILE_PER_CHART) {
      const resources: Record<string, { path: string }> = {};
      for (const { apiObjects } of written) for (const obj of apiObjects ?? []) resources[obj.name] = { path: obj.node.path };
      metadata = { version: '1.0.0', resources };
    } else {
      metadata = JSON.parse(fs.readFileSync(file, 'utf8')); // App.synth() wrote it
    }
    let report: CheckReport | undefined;
    try {
      report = this.checks._checkReport(this.outdir, written);
    } catch {
      report = undefined; // a file is not where App.synth() should have written it: no report, the plugin analyzes
    }
    fs.writeFileSync(file, JSON.stringify(report ? { ...metadata, [CHECK_REPORT_KEY]: report } : metadata));
  }
}

/** A manifest file written, with its objects (and their ApiObjects, when written here). */
interface Written {
  readonly file: string;
  readonly objects: readonly any[];
  readonly apiObjects?: readonly ApiObject[];
}


/**
 * Writes YAML documents to a file as `Yaml.stringify` joins them, a chunk at a time: the text of a
 * chart of 70 000 objects is never held whole.
 */
function writeDocuments(file: string, objects: readonly any[], stringify: (doc: any) => string): void {
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    objects.forEach((obj, i) => {
      chunk += i === 0 ? stringify(obj) : `---\n${stringify(obj)}`;
      if (chunk.length >= 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    });
    if (chunk) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first chart of the construct tree, depth first (without listing the whole tree). */
function firstChart(scope: IConstruct): Chart | undefined {
  for (const child of scope.node.children) {
    if (Chart.isChart(child)) return child;
    const found = firstChart(child);
    if (found) return found;
  }
  return undefined;
}
