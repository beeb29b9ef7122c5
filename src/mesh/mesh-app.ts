import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { MeshChecks, MeshChecksOptions } from '../checks/mesh-checks';
import { renderMeshTopology } from '../checks/mesh-topology';
import { fastYamlStringify } from '../private/fast-yaml';
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
    this.checks._beginSynth();
    try {
      if (this.fastYaml && this.yamlOutputType === YamlOutputType.FILE_PER_CHART) this.writeFast();
      else super.synth();
    } finally {
      this.checks._endSynth();
    }
    if (this.topologyFile) {
      fs.mkdirSync(path.dirname(this.topologyFile), { recursive: true });
      fs.writeFileSync(this.topologyFile, renderMeshTopology([...(this.checks.index?.objects ?? [])]));
    }
  }

  /** What `App.synth()` writes for FILE_PER_CHART, through cdk8s's public API, YAML written fast. */
  private writeFast(): void {
    fs.mkdirSync(this.outdir, { recursive: true });
    const initial = this.charts;
    if (initial.length === 0) return;
    // Chart.toJson() validates the app and resolves the dependencies between charts first, as
    // App.synth() does; after it, `charts` is in the order App.synth() writes them.
    const rendered = new Map<Chart, any[]>([[initial[0], initial[0].toJson()]]);
    const charts = this.charts;
    const indexed = charts.some((c) => c.node.dependencies.some((d) => Chart.of(d) !== c));
    const stringify = fastYamlStringify((...docs: any[]) => Yaml.stringify(...docs));
    charts.forEach((chart, i) => {
      const objects = rendered.get(chart) ?? chart.toJson();
      const name = indexed ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart);
      fs.writeFileSync(path.join(this.outdir, `${name}${this.outputFileExtension}`), stringify(...objects), { encoding: 'utf8' });
    });
    if (this.recordMetadata) {
      // As App.synth() records it for validation plugins: each object's construct path, by name.
      const resources: Record<string, { path: string }> = {};
      for (const chart of charts) {
        for (const obj of new DependencyGraph(chart.node).topology()) {
          if (obj instanceof ApiObject && Chart.of(obj) === chart) resources[obj.name] = { path: obj.node.path };
        }
      }
      fs.writeFileSync(path.join(this.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
    }
  }
}
