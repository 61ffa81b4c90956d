// Pending changes on the simulator (issue 9, must-have 2): a nameserver + features change on a running CT and a memory
// change on a running VM land in the pending section; the first reconfigure sends them once and says they wait, the
// second sends nothing and says so again (run output, --check, --json, the summary); --apply-pending restarts the
// guests and afterwards nothing is pending.
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, ct, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { simNodeConfig } from '../helpers/sim.js';

interface Doc { lxc_configs: Record<string, Record<string, unknown>> }
interface VmDoc { vms: Record<string, unknown>[] }

let e: Estate;
test.before(() => {
  e = makeEstate({
    lxc: { lxc_configs: { '950': ct('950', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', boot_order: 2 }) } },
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [
      { vmid: 9000, name: 'tpl', is_template: true, template_image: 'cloud.img', network_config: { ip: 'dhcp' } },
      { vmid: 1000, name: 'app', clone_from_vmid: 9000, boot_order: 1, network_config: { ip: '10.0.0.100/24', gw: '10.0.0.1' } },
    ] },
    scripts: { features: [] },
    rawFiles: { 'images/cloud.img': 'fake\n' },
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), imageDir: './images' } } },
  });
});
test.after(() => e.cleanup());

const pendingSection = (conf: string): string => /^\[(?:pve:pending|PENDING)\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(conf)?.[1] ?? '';

test('converge: both guests run', async () => {
  const r = await e.run('LetsGo');
  assert.is(r.code, 0, r.stdout + r.stderr);
  const status = await e.during(() => e.run('start', '950', '1000'));
  assert.equal(argvs(mutating(status.calls)), [], 'both already running');
});

test('nameserver + features on the running CT, memory on the running VM: sent once, said to wait for a restart', async () => {
  const lxc = JSON.parse(readFileSync(e.files.lxc, 'utf8')) as Doc;
  lxc.lxc_configs['950'] = { ...lxc.lxc_configs['950'], network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp', nameservers: '8.8.8.8' }, pct_options: ['nesting=1'] };
  writeFileSync(e.files.lxc, JSON.stringify(lxc));
  const vm = JSON.parse(readFileSync(e.files.vm, 'utf8')) as VmDoc;
  vm.vms[1] = { ...vm.vms[1], memory_mb: 1024 };
  writeFileSync(e.files.vm, JSON.stringify(vm));

  const { r, calls } = await e.during(() => e.run('reconfigure', '950', '1000'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)).sort(), ['pct set 950 --nameserver 8.8.8.8 --features nesting=1', 'qm set 1000 --memory 1024']);
  assert.match(r.stdout, /950 lxc\.config: nameserver \(unset\) -> 8\.8\.8\.8 \(pending until restart\); features \(unset\) -> nesting=1 \(pending until restart\) \[changed/);
  assert.match(r.stdout, /1000 vm\.config: memory 512 -> 1024 \(pending until restart\) \[changed/);
  assert.match(r.stdout, /^950: features, nameserver pending until restart$/m);
  assert.match(r.stdout, /^1000: memory pending until restart$/m);
  // the simulator parked them where PVE does
  assert.match(pendingSection(e.conf('950')), /^nameserver: 8\.8\.8\.8$/m);
  assert.match(pendingSection(e.conf('1000', 'qemu-server')), /^memory: 1024$/m);
});

test('the second reconfigure sends nothing and says the changes wait for a restart', async () => {
  const { r, calls } = await e.during(() => e.run('reconfigure', '950', '1000'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  assert.match(r.stdout, /950 lxc\.config: features, nameserver pending until restart \[ok/);
  assert.match(r.stdout, /1000 vm\.config: memory pending until restart \[ok/);
  assert.match(r.stdout, /^950: features, nameserver pending until restart$/m);
  assert.match(r.stdout, /Nothing changed: no mutating command was sent\./);
});

test('--check: converged (exit 0), and it says what waits', async () => {
  const { r, calls } = await e.during(() => e.run('reconfigure', '950', '1000', '--check'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  assert.match(r.stdout, /^1000: memory pending until restart$/m);
  assert.match(r.stdout, /Converged: nothing would change/);
});

test('--json: task_end carries pending', async () => {
  const r = await e.run('reconfigure', '950', '1000', '--json');
  assert.is(r.code, 0, r.stderr);
  const ends = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((x) => x.event === 'task_end');
  assert.equal(ends.find((x) => x.step === '950:lxc.config')?.pending, ['features', 'nameserver']);
  assert.equal(ends.find((x) => x.step === '1000:vm.config')?.pending, ['memory']);
});

test('--apply-pending restarts the guests in boot order (1000 before 950); then nothing is pending or sent', async () => {
  const { r, calls } = await e.during(() => e.run('reconfigure', '950', '1000', '--apply-pending'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), ['qm shutdown 1000 --forceStop 1', 'qm start 1000', 'pct reboot 950']);
  assert.not.match(r.stdout, /pending until restart$/m);
  assert.is(pendingSection(e.conf('950')), '');
  assert.match(e.conf('950'), /^nameserver: 8\.8\.8\.8$/m);
  assert.match(e.conf('1000', 'qemu-server'), /^memory: 1024$/m);
  const again = await e.during(() => e.run('reconfigure', '950', '1000', '--apply-pending'));
  assert.is(again.r.code, 0, again.r.stdout);
  assert.equal(argvs(mutating(again.calls)), []);
});

test.run();
