// Parses every ```mermaid block of the Markdown files given as arguments with Mermaid's own
// parser and prints one JSON object: { file: "ok" | "error message" }. Mermaid is an ES module
// that needs a DOM (it sanitizes labels with DOMPurify), so the tests run this in a child process
// with jsdom's window.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

const results = {};
for (const file of process.argv.slice(2)) {
  const blocks = [...fs.readFileSync(file, 'utf8').matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) {
    results[file] = 'no mermaid block';
    continue;
  }
  try {
    for (const block of blocks) await mermaid.parse(block);
    results[file] = 'ok';
  } catch (e) {
    results[file] = String(e?.message ?? e);
  }
}
process.stdout.write(JSON.stringify(results));
