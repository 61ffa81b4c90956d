// run-plan.ts: every node's state read at once, and a node's steps dispatched as soon as its own read is in. Two
// simulated nodes, pve2 answering every tool call 700 ms late: pve1's steps end before pve2's state read does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { simNodeConfig } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'phoenix-run-plan-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const ct = (node: string) => ({
  name: `ct-${node}`, memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 4, node,
  network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
});

function writeConfig(slowMs: number): string {
  writeFileSync(join(dir, 'lxc.json'), JSON.stringify({ lxc_configs: { 910: ct('pve1'), 920: ct('pve2') } }));
  writeFileSync(join(dir, 'vm.json'), JSON.stringify({ vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] }));
  writeFileSync(join(dir, 'hv.json'), JSON.stringify({ domain_name: 'example.test' }));
  const nodes = {
    pve1: simNodeConfig(join(dir, 'pve1'), { node: 'pve1' }),
    pve2: simNodeConfig(join(dir, 'pve2'), { node: 'pve2', latencyMs: slowMs }),
  };
  const file = join(dir, 'phoenix.config.yaml');
  writeFileSync(file, stringify({ configs: { hypervisor: './hv.json', lxc: './lxc.json', vm: './vm.json' }, inventory: { defaultNode: 'pve1', nodes } }));
  return file;
}

type Ev = { event: string; node?: string; step?: string; argv?: string[] };

test("a slow node's state read holds up its own steps only: the fast node's steps end before it is in", async () => {
  const first = await cli(['run', 'LetsGo', '-c', writeConfig(0)]);
  assert.is(first.code, 0, first.stdout + first.stderr);
  const r = await cli(['run', 'LetsGo', '-c', writeConfig(700)]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const journal = /^Journal: (.+)$/m.exec(r.stdout)?.[1];
  assert.ok(journal, r.stdout);
  const events = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ev);
  // a command record is written when the command has returned: pve2's only one is its state read
  const pve2Read = events.findIndex((e) => e.event === 'command' && e.node === 'pve2');
  assert.ok(pve2Read > 0, 'pve2 was read');
  const pve1Ends = events.flatMap((e, i) => (e.event === 'task_end' && e.node === 'pve1' ? [i] : []));
  const pve2Starts = events.flatMap((e, i) => (e.event === 'task_start' && e.node === 'pve2' ? [i] : []));
  assert.ok(pve1Ends.length >= 5, `pve1 ran its steps: ${pve1Ends.length}`);
  assert.ok(pve1Ends.every((i) => i < pve2Read), "every pve1 step ended before pve2's state read was in");
  assert.ok(pve2Starts.length > 0 && pve2Starts.every((i) => i > pve2Read), "no pve2 step started before pve2's state read was in");
  assert.match(r.stdout, /Nothing changed: no mutating command was sent/);
});

test.run();
