// What a MeshApp leaves for the MeshValidation plugin: the findings its checks made on the objects
// it wrote, keyed by a digest of every manifest file it wrote. `cdk8s synth` runs the app, then
// the plugin on the same files; when the files are still exactly those and the plugin checks with
// the same options, it reports these findings instead of parsing the YAML and analyzing it all
// again. Any other file, a changed byte or other options, and the plugin analyzes as always (so
// it still checks apps without MeshApp, and manifests from anywhere).
//
// It is kept in the construct-metadata.json that cdk8s writes for validation plugins (under a key
// of its own; the CLI reads `version` and `resources` only), so no file is added to the output.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MeshFinding } from './findings';
import { MeshConfig } from './mesh-config';

/** The key of construct-metadata.json that holds the report. */
export const CHECK_REPORT_KEY = 'cdk8s-istio';

/** A finding as the plugin reports it. */
export interface ReportedFinding {
  readonly code: string;
  readonly resource: string;
  readonly message: string;
  readonly fix: string;
}

/** The checks of one synthesis, for the plugin. */
export interface CheckReport {
  readonly version: 1;
  /** The options the checks ran with ({@link checkOptionsKey}). */
  readonly options: string;
  /** Each manifest file written, by file name: the SHA-256 of its bytes. */
  readonly files: Readonly<Record<string, string>>;
  /** How many objects were checked. */
  readonly objects: number;
  /** The findings, suppressed ones left out. */
  readonly findings: readonly ReportedFinding[];
  /**
   * For each resource a finding names (`Kind namespace/name`): its file and object name, in the
   * order written (the plugin attaches a finding to the last of them in the order of the
   * manifests it is given, the one applied last, as it would when analyzing).
   */
  readonly located: Readonly<Record<string, ReadonlyArray<readonly [string, string | undefined]>>>;
}

/** The options that change the findings, as one string. */
export function checkOptionsKey(options: { readonly schemas?: boolean; readonly meshConfig?: MeshConfig; readonly clusterObjects?: readonly any[] }): string {
  return JSON.stringify({ schemas: options.schemas ?? true, meshConfig: options.meshConfig ?? null, clusterObjects: options.clusterObjects ?? [] });
}

/** The SHA-256 of a file's bytes. */
export function fileDigest(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Builds the report of the files just written (read back for their digests).
 * @param written each file written into `outdir`, with the objects in it in order
 */
export function checkReport(outdir: string, written: ReadonlyArray<{ readonly file: string; readonly objects: readonly any[] }>,
  findings: readonly MeshFinding[], objects: number, options: string): CheckReport {
  const wanted = new Set(findings.map((f) => f.resource));
  const located: Record<string, Array<readonly [string, string | undefined]>> = {};
  for (const { file, objects: list } of written) {
    for (const obj of list) {
      const id = `${obj?.kind} ${obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj?.metadata?.name}`;
      if (wanted.has(id)) (located[id] ??= []).push([file, obj?.metadata?.name]);
    }
  }
  return {
    version: 1,
    options,
    files: Object.fromEntries(written.map(({ file }) => [file, fileDigest(path.join(outdir, file))])),
    objects,
    findings: findings.map((f) => ({ code: f.code, resource: f.resource, message: f.message, fix: f.fix })),
    located,
  };
}

/**
 * The report left beside the manifests, when it is about exactly these files (the same names, the
 * same bytes) and was made with these options; undefined otherwise.
 */
export function matchingReport(manifests: readonly string[], options: string): CheckReport | undefined {
  const dirs = new Set(manifests.map((m) => path.dirname(m)));
  if (dirs.size !== 1) return undefined;
  let report: CheckReport | undefined;
  try {
    report = JSON.parse(fs.readFileSync(path.join([...dirs][0], 'construct-metadata.json'), 'utf8'))?.[CHECK_REPORT_KEY];
  } catch {
    return undefined;
  }
  if (report?.version !== 1 || report.options !== options) return undefined;
  const names = manifests.map((m) => path.basename(m));
  if (names.length !== Object.keys(report.files).length || new Set(names).size !== names.length) return undefined;
  return manifests.every((m) => report!.files[path.basename(m)] === fileDigest(m)) ? report : undefined;
}
