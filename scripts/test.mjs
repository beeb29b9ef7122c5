// `npm test`: the type check (tsc, TypeScript 7) and the unit tests (jest) side by side instead of
// one after the other; fails when either fails. Arguments go to jest.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (command, args) => new Promise((resolve) => {
  spawn(command, args, { cwd: root, stdio: 'inherit' }).on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

const [tsc, jest] = await Promise.all([run(bin('tsc'), ['-p', 'tsconfig.json']), run(bin('jest'), process.argv.slice(2))]);
if (tsc !== 0) console.error('npm test: the type check (tsc -p tsconfig.json) failed');
process.exit(tsc || jest);
