import { Resources } from './resources';
import { ReportOptions } from '../findings';
import { ManifestIndex } from '../manifest-index';
import { ResolvedMeshConfig } from '../mesh-config';

/** What an analyzer sees and reports to. */
export interface AnalysisContext {
  /** The objects under analysis. */
  readonly index: ManifestIndex;
  /** The objects as istioctl analyze's analyzers see them (kinds it reads, its namespaces, its defaults). */
  readonly resources: Resources;
  /** The mesh configuration they are analyzed against. */
  readonly mesh: ResolvedMeshConfig;
  /**
   * Reports a finding of `code` on `target` (a manifest object or an analyzed resource), its
   * message made of the code's template and `args`.
   */
  report(code: string, target: any, args: readonly unknown[], options?: ReportOptions): void;
}

/** One analyzer: a group of related checks, after istioctl analyze's analyzers. */
export interface Analyzer {
  /** Its name: istioctl's (`Metadata().Name`, e.g. `virtualservice.DestinationHostAnalyzer`) or this library's. */
  readonly name: string;
  /** The codes it can report. */
  readonly codes: readonly string[];
  analyze(ctx: AnalysisContext): void;
}

/** The index memo holding the objects of `AnalyzeOptions.clusterObjects` (a Set). */
export const CLUSTER_OBJECTS = 'cluster-objects';
