// The README says what the code does: its code tables list every code the checks implement and
// every message they can report, with the counts of its summary; its quick start is the command
// CI runs; its variables are the demo's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANALYZER_CODES, MESSAGES } from '../src';
import { DEMO_ENV } from '../app/config';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The rows of the README's code tables: code → the decision (the third cell after the code, IST and KIA) or the level (CI). */
function rows(prefix: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, code, rest] of readme.matchAll(new RegExp(`^\\| (${prefix}\\d{4}) \\|(.*)\\|$`, 'gm'))) {
    const cells = rest.split(' | ').map((c) => c.trim());
    found.set(code, prefix === 'CI' ? cells[0] : cells[2]);
  }
  return found;
}

describe('README', () => {
  test.each(['IST', 'KIA'])('lists every %s code, "implemented" exactly where the analyzer implements it', (prefix) => {
    const table = rows(prefix);
    const implemented = [...table].filter(([, decision]) => decision.startsWith('implemented')).map(([code]) => code);
    expect(implemented.sort()).toEqual(ANALYZER_CODES.filter((c) => c.startsWith(prefix)));
    // Every code of the message tables has its row.
    expect(Object.keys(MESSAGES).filter((c) => c.startsWith(prefix)).filter((c) => !table.has(c))).toEqual([]);
  });

  test('lists every CI code with its level, and the summary counts what the tables list', () => {
    const ci = rows('CI');
    expect(Object.fromEntries(ci)).toEqual(Object.fromEntries(Object.values(MESSAGES).filter((m) => m.code.startsWith('CI')).map((m) => [m.code, m.level])));
    const count = (prefix: string) => ANALYZER_CODES.filter((c) => c.startsWith(prefix)).length;
    expect(readme).toContain(`| \`istioctl analyze\` (Istio 1.28.10, \`messages.yaml\`) | ${rows('IST').size} | **${count('IST')}**`);
    expect(readme).toContain(`| Kiali validations (v2.30.0) | ${rows('KIA').size} | **${count('KIA')}**`);
    expect(readme).toContain(`| this library (CI) | ${ci.size} | **${count('CI')}** |`);
  });

  test('the quick start is two commands, the second the one CI runs', () => {
    const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n').map((l) => l.replace(/\s+#.*$/, ''));
    expect(quickStart).toEqual(['npm ci && npm run synth', 'npm test']);
    expect(fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });

  test('documents every variable of the demo with its values', () => {
    for (const [name, values] of Object.entries(DEMO_ENV)) {
      const row = new RegExp(`^\\| \`${name}\` \\|(.*)$`, 'm').exec(readme);
      expect(row).not.toBeNull();
      for (const value of Array.isArray(values) ? values : []) expect(row![1]).toContain(`\`${value}\``);
    }
  });
});
