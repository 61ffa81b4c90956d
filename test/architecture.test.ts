// Imports run one way: cli -> runner -> compile -> tasks -> inventory (ARCHITECTURE.md). src/errors.ts imports
// nothing, and the product never imports the simulator's package.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(repo, 'src');
const ORDER = ['cli', 'runner', 'compile', 'tasks', 'inventory'] as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.ts') ? [p] : [];
  });
}

const roomOf = (path: string): string => relative(src, path).split('/')[0]!.replace(/\.[jt]s$/, '');
const imports = (path: string): string[] =>
  [...readFileSync(path, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\('([^']+)'\)/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);

test('every import in src/ goes from a room to one on its right, never back', () => {
  const wrong: string[] = [];
  for (const file of files(src)) {
    const from = roomOf(file);
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) {
        if (/pve-sim/.test(spec)) wrong.push(`${relative(repo, file)} imports the simulator (${spec})`);
        continue;
      }
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(src)) { wrong.push(`${relative(repo, file)} imports outside src/: ${spec}`); continue; }
      const to = roomOf(target);
      if (to === from) continue;
      if (from === 'errors') { wrong.push(`src/errors.ts imports ${spec}`); continue; }
      if (to === 'errors') continue;
      const a = ORDER.indexOf(from as (typeof ORDER)[number]);
      const b = ORDER.indexOf(to as (typeof ORDER)[number]);
      if (a < 0 || b < 0 || b < a) wrong.push(`${relative(repo, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.equal(wrong, []);
});

test('the check sees the imports it guards (it would catch a tasks -> compile import)', () => {
  const task = join(src, 'tasks', 'lxc', 'create.ts');
  assert.ok(imports(task).some((s) => s === './params.js'), 'lxc/create.ts imports ./params.js');
  assert.ok(imports(join(src, 'runner', 'execute-step.ts')).some((s) => s.startsWith('../compile/')));
});

test.run();
