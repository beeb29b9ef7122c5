// Regenerates imports/ (with `cdk8s import`) and schemas/crds.json (the CRDs'
// openAPIV3Schema, for the offline schema tests) from the CRD files pinned in cdk8s.yaml.
//
//   npm run import                      # downloads the URLs listed under imports: in cdk8s.yaml
//   npm run import -- ISTIO.yaml GW.yaml  # same, from local copies, in the order of cdk8s.yaml
//
// Each file is imported on its own: `cdk8s import` given several specs at once imports only
// the first. Nothing else in the project touches the network.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { root } from './app.mjs';

const config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
const urls = config.imports;
const local = process.argv.slice(2);
if (local.length && local.length !== urls.length) {
  console.error(`give one local file per cdk8s.yaml import (${urls.length}), in the same order:\n  ${urls.join('\n  ')}`);
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-import-'));
const schemas = {};
try {
  for (const [i, url] of urls.entries()) {
    const text = local.length ? fs.readFileSync(local[i], 'utf8') : await download(url);
    const file = path.join(work, `crds-${i}.yaml`);
    fs.writeFileSync(file, text);
    execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'),
      ['import', '--no-check-upgrade', '--no-save', '--language', 'typescript', '--output', 'imports', file],
      { cwd: root, stdio: 'inherit' });
    Object.assign(schemas, crdSchemas(text));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
fs.writeFileSync(path.join(root, 'schemas', 'crds.json'), `${JSON.stringify(sorted)}\n`);
console.log(`wrote imports/ and ${Object.keys(sorted).length} CRD schemas to schemas/crds.json`);
execFileSync(process.execPath, [path.join(root, 'scripts', 'schemas.mjs')], { stdio: 'inherit' });

async function download(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${res.statusText}`);
  return res.text();
}

/** The openAPIV3Schema of every served version, keyed `group/version/Kind`. */
function crdSchemas(text) {
  const out = {};
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) {
      if (v.served) out[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = stripDescriptions(v.schema.openAPIV3Schema);
    }
  }
  return out;
}

// Descriptions are most of the bytes and no validator reads them.
function stripDescriptions(node) {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node)
    .filter(([k, v]) => !(k === 'description' && typeof v === 'string'))
    .map(([k, v]) => [k, stripDescriptions(v)]));
}
