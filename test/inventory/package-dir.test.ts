// `package:<name>/<dir>` path entries: a directory inside an installed npm package, found from anywhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveInventory } from '../../src/inventory/resolve-inventory.js';
import { repoRoot } from '../helpers/sim.js';

const src = (baseDir: string) => ({ label: 'phoenix.config.yaml', pointer: '/inventory', baseDir });

test('package:@phoenix/pve-sim/bin resolves to the simulator package bin, from a directory outside the repository', () => {
  const far = mkdtempSync(join(tmpdir(), 'phx-pkg-'));
  try {
    const { inventory, problems } = resolveInventory({ nodes: { sb: { connection: 'local', path: ['package:@phoenix/pve-sim/bin', 'tools'] } } }, src(far));
    assert.equal(problems, []);
    assert.equal(inventory.nodes.sb!.path, [join(repoRoot, 'packages/pve-sim/bin'), join(far, 'tools')]);
  } finally { rmSync(far, { recursive: true, force: true }); }
});

test('a package that is not installed: one problem line naming the file, the JSON path and the package', () => {
  const { problems } = resolveInventory({ nodes: { sb: { connection: 'local', path: ['package:@nobody/nothing/bin'] } } }, src('/tmp'));
  assert.equal(problems, ["phoenix.config.yaml: /inventory/nodes/sb/path/0: package '@nobody/nothing/bin' is not installed (looked from /tmp and from Phoenix's installation)"]);
});

test.run();
