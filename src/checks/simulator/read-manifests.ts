import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** The YAML parser cdk8s bundles (its `Yaml.load` parses with it, YAML 1.1, as Kubernetes does). */
function yamlParser(): { parseAllDocuments(text: string, options: object): Array<{ errors: Array<{ message: string }>; toJS(): any }> } {
  return createRequire(require.resolve('cdk8s'))('yaml');
}

/** `kind: List` objects (kubectl's output) stand for their items. */
const flatten = (o: any): any[] => (o && typeof o === 'object' && o.kind === 'List' && Array.isArray(o.items) ? o.items.flatMap(flatten)
  : Array.isArray(o) ? o.flatMap(flatten) : o && typeof o === 'object' && Object.keys(o).length ? [o] : []);

/**
 * Reads Kubernetes manifests: every `*.yaml`, `*.yml` and `*.json` file of a folder (not its
 * subfolders), in name order, or one such file. YAML files may hold several documents; empty
 * documents are skipped and `kind: List` objects stand for their items.
 *
 * @param dirOrFile a folder (such as a cdk8s `dist/`) or a file
 * @returns the objects, in file and document order
 * @throws when the path cannot be read, a file does not parse, or there is no object at all
 */
export function readManifests(dirOrFile: string): any[] {
  const stat = fs.statSync(dirOrFile);
  const files = stat.isDirectory()
    ? fs.readdirSync(dirOrFile).filter((f) => MANIFEST_FILE.test(f)).sort().map((f) => path.join(dirOrFile, f))
    : [dirOrFile];
  const objects: any[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (/\.json$/i.test(file)) {
      try {
        objects.push(...flatten(JSON.parse(text)));
      } catch (err: any) {
        throw new Error(`${file}: ${err.message}`);
      }
      continue;
    }
    for (const doc of yamlParser().parseAllDocuments(text, { version: '1.1' })) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      objects.push(...flatten(doc.toJS()));
    }
  }
  if (!objects.length) {
    throw new Error(`no Kubernetes objects in ${dirOrFile} (read ${files.length} file${files.length === 1 ? '' : 's'}: *.yaml, *.yml, *.json)`);
  }
  return objects;
}
