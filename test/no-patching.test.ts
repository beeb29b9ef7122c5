// A construct library lives inside other people's apps: nothing in src/ may rewrite cdk8s or
// constructs (no assignment to App.synth, Yaml.stringify, an object's toJson or any prototype).
// The checks hook in through node.addValidation() and MeshApp overrides synth() in a subclass.
import * as fs from 'node:fs';
import * as path from 'node:path';

const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
const SOURCES = walk(path.join(__dirname, '..', 'src'));

const PATCHES: Array<[string, RegExp]> = [
  ['assignment to a member of a cdk8s or constructs export', /\b(Yaml|App|Chart|ApiObject|ApiObjectMetadataDefinition|Construct|Node|Lazy|Testing|Names|JsonPatch|DependencyGraph|Include|Helm)\.[\w$]+\s*(\+|-)?=(?!=)/],
  ['assignment to a prototype', /\.prototype(\.[\w$]+)?\s*=(?!=)/],
  ['assignment to synth, toJson or stringify', /\.(synth|toJson|stringify|validate)\s*=(?![=>])/],
  ['property defined on another object', /Object\.(defineProperty|defineProperties|setPrototypeOf)\(/],
];

describe('no patching of cdk8s or constructs', () => {
  test.each(PATCHES)('src/ has no %s', (_, pattern) => {
    const hits = SOURCES.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
      .map((line, i) => [`${path.relative(path.join(__dirname, '..'), file)}:${i + 1}`, line] as const)
      .filter(([, line]) => pattern.test(line))
      .map(([at, line]) => `${at}: ${line.trim()}`));
    expect(hits).toEqual([]);
  });

  test('the patterns find the patches the library used to make', () => {
    const old = [
      'Yaml.stringify = fastYamlStringify((...docs: any[]) => original.apply(Yaml, docs));',
      'root.synth = function synthOnce(this: unknown, ...args: unknown[]) {',
      "Object.defineProperty(obj, 'toJson', { value: () => json, configurable: true, writable: true });",
      'App.prototype.synth = mine;',
    ];
    expect(old.map((line) => PATCHES.some(([, p]) => p.test(line)))).toEqual([true, true, true, true]);
  });
});
