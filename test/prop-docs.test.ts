// Every optional prop says what leaving it out means (@default) and where its Istio, Gateway API
// or Kubernetes meaning is documented (@see); every prop has a doc comment. Read from the sources,
// as API Extractor reads the comments (the TypeScript 7 compiler has no API to walk them).
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** [file, interface, member, what is missing] for the interfaces users fill in. */
function problems(): string[] {
  const found: string[] = [];
  // Constructs' props and what they nest (src/mesh, src/samples, app/), and the inputs of the checks.
  const inputs = [...files('src/mesh'), ...files('src/samples'), 'app/config.ts'].map((f) => [f, /./] as const);
  const checks = files('src/checks').map((f) => [f, /^(?!Resolved).*(Props|Options|Properties|MeshConfig|Request|Jwt)$/] as const);
  for (const [file, name] of [...inputs, ...checks]) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, iface, body] of source.matchAll(/export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g)) {
      if (!name.test(iface)) continue;
      // Members at the interface's own level (two spaces in), with the doc comment just above.
      for (const [, doc = '', member, optional] of body.matchAll(/(?:(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*)?\n {2}readonly (\w+)(\?)?:/g)) {
        const missing = !doc ? ['a doc comment'] : optional ? ['@default', '@see'].filter((tag) => !doc.includes(tag)) : [];
        if (missing.length) found.push(`${file} ${iface}.${member}: ${missing.join(', ')}`);
      }
    }
  }
  return found;
}

test('every prop is documented, every optional one with @default and @see', () => {
  expect(problems()).toEqual([]);
});

test('the check reads members (a prop without docs would be found)', () => {
  // Guards the regular expressions above: they must see the props of a known interface.
  const source = fs.readFileSync(path.join(root, 'src/mesh/canary.ts'), 'utf8');
  const [, body] = /export interface CanaryProps[^{]*\{([\s\S]*?)\n\}/.exec(source)!;
  expect([...body.matchAll(/\n {2}readonly (\w+)\??:/g)].map((m) => m[1])).toEqual(expect.arrayContaining(['service', 'canaryHeader', 'canaryWeight']));
});
