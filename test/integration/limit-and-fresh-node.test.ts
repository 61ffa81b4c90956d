// Issue 11 points 3, 8, 9 through the CLI on the simulator: --limit honoured by LetsGo and setup (an unknown word
// sends nothing), a prerequisite's power state left alone, and a fresh node: what the guests need from the host is
// named up front (and that `phoenix setup` creates it), and a missing OS template is downloaded with pveam.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, ct, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { cli } from '../helpers/cli.js';
import { sampleVm, skipWithoutRealFixture } from '../helpers/fixtures.js';
import { realEstate, prepareRealNode } from '../helpers/real-estate.js';
import { readAudit, simBinDir } from '../helpers/sim.js';

const estates: Estate[] = [];
const estate = (...a: Parameters<typeof makeEstate>): Estate => { const e = makeEstate(...a); estates.push(e); return e; };
test.after(() => { for (const e of estates) e.cleanup(); });

const UBUNTU = 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst';

test('LetsGo --limit abc and setup --limit abc: exit 1, the nearest ids or the nodes named, nothing sent', async () => {
  const e = estate();
  for (const [argv, line] of [
    [['run', 'LetsGo', '--limit', 'abc'], /Target ID 'abc' not found/],
    [['LetsGo', '951'], /Target ID '951' not found \(did you mean '950'/],
    [['run', 'setup', '--limit', 'abc'], /Node 'abc' not found \(nodes: pve\)/],
  ] as const) {
    const { r, calls } = await e.during(() => e.run(...argv));
    assert.is(r.code, 1, `${argv.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, line);
    assert.equal(calls, [], `${argv.join(' ')} sent nothing`);
  }
});

test('LetsGo --limit 950 builds 950 and its clone source, nothing else; a stopped prerequisite stays stopped', async () => {
  const e = estate();
  const { r, calls } = await e.during(() => e.run('run', 'LetsGo', '--limit', '950'));
  assert.is(r.code, 0, r.stdout);
  const sent = argvs(mutating(calls));
  assert.ok(sent.some((c) => c.startsWith('pct create 900 ')) && sent.some((c) => c.startsWith('pct clone 900 950 ')) && sent.includes('pct start 950'), sent.join('\n'));
  assert.not.ok(sent.some((c) => /^qm /.test(c)), `no VM touched: ${sent.filter((c) => /^qm /.test(c)).join(', ')}`);
  // after `stop 900`, converging 950 again (create or LetsGo --limit) leaves 900 stopped
  assert.is((await e.run('stop', '900')).code, 0);
  for (const argv of [['create', '950'], ['run', 'LetsGo', '--limit', '950']]) {
    const again = await e.during(() => e.run(...argv));
    assert.is(again.r.code, 0, again.r.stdout);
    assert.equal(argvs(mutating(again.calls)), [], `${argv.join(' ')} sent no mutating call`);
  }
  const list = await e.during(() => e.run('start', '900'));
  assert.equal(argvs(mutating(list.calls)), ['pct start 900'], 'it was stopped');
});

test('a fresh node without what the guests need: named up front, all at once, with `phoenix setup`; no guest work, no command', async () => {
  const e = estate({
    hypervisor: { zfs: { pools: [{ name: 'tank', raid_level: 'single', disks: ['/dev/sdb'] }], datasets: [{ name: 'ct', pool: 'tank', properties: 'compression=lz4', proxmox_storage_type: 'zfspool', proxmox_content_type: 'images,rootdir' }] } },
    lxc: { lxc_configs: { '950': ct('950', { storage_pool: 'tank-ct', template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', network_config: { name: 'eth0', bridge: 'vmbr9', ip: 'dhcp' } }) } },
    vm: { ...sampleVm(), vms: [] },
    scripts: {},
  });
  for (const mode of [[], ['--check']]) {
    const { r, calls } = await e.during(() => e.run('LetsGo', ...mode));
    assert.is(r.code, 1, r.stdout);
    for (const item of ["ZFS pool 'tank'", "storage 'tank-ct' (for 950)", "bridge 'vmbr9' (for 950)", '`phoenix setup --limit pve` creates']) {
      assert.ok(r.stdout.includes(item) || r.stderr.includes(item), `${mode.join(' ')}: ${item} in\n${r.stdout}${r.stderr}`);
    }
    assert.equal(argvs(mutating(calls)), [], 'nothing changed on the node');
    assert.not.ok(calls.some((c) => c.argv[0] === 'pct' && c.argv[1] !== 'list'), 'no guest work');
  }
});

test('a missing OS template: plan and --check say pveam download; the run downloads it, then creates the CT; the re-run is quiet', async () => {
  const e = estate({
    lxc: { lxc_configs: { '950': ct('950', { template: `local:vztmpl/${UBUNTU}` }) } },
    vm: { ...sampleVm(), vms: [] },
    scripts: {},
  });
  const dry = await e.run('plan', 'LetsGo');
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`pve:lxc\\.ostemplate:${UBUNTU.replace(/\./g, '\\.')}`));
  const check = await e.during(() => e.run('LetsGo', '--check'));
  assert.is(check.r.code, 2, check.r.stdout);
  assert.match(check.r.stdout, new RegExp(`pveam download local ${UBUNTU.replace(/\./g, '\\.')}`));
  assert.equal(argvs(mutating(check.calls)), []);
  const { r, calls } = await e.during(() => e.run('LetsGo'));
  assert.is(r.code, 0, r.stdout);
  const sent = argvs(mutating(calls));
  const at = (p: string): number => sent.findIndex((c) => c.startsWith(p));
  assert.ok(at('pveam update') >= 0 && at('pveam update') < at(`pveam download local ${UBUNTU}`) && at(`pveam download local ${UBUNTU}`) < at(`pct create 950 local:vztmpl/${UBUNTU}`), sent.join('\n'));
  const again = await e.during(() => e.run('LetsGo'));
  assert.is(again.r.code, 0, again.r.stdout);
  assert.equal(argvs(mutating(again.calls)), []);
});

const real = realEstate();
if (!real) skipWithoutRealFixture();
test.after(() => { real?.cleanup(); delete process.env.PHOENIX_SAMBA_PASSWORD; });

test('the real configuration on a fresh node: LetsGo names its pools and storages and `phoenix setup`, before any guest work', async () => {
  if (!real) return;
  const r = await cli(['LetsGo', '-c', real.configFile]);
  assert.is(r.code, 1, r.stdout);
  const out = r.stdout + r.stderr;
  for (const item of ["ZFS pool 'quickOS'", "ZFS pool 'fastData'", "storage 'quickOS-lxc-disks'", "storage 'fastData-shared-iso'", "storage 'quickOS-vm-disks'", 'phoenix setup']) {
    assert.ok(out.includes(item), `${item} in\n${out}`);
  }
  assert.not.match(out, /can't find file|does not exist on pve/, 'it never got deep inside');
  assert.equal(argvs(mutating(readAudit(real.stateDir))), []);
});

test('the real configuration after setup: --check says the OS template is downloaded; create 900 downloads it where the config names it', async () => {
  if (!real) return;
  const env = prepareRealNode(real);
  const setup = await cli(['setup', '-c', real.configFile]);
  assert.is(setup.code, 0, setup.stdout);
  const check = await cli(['LetsGo', '--check', '-c', real.configFile]);
  assert.is(check.code, 2, check.stdout);
  assert.match(check.stdout, new RegExp(`pveam download fastData-shared-iso ${UBUNTU.replace(/\./g, '\\.')} \\(for CT 900\\)`));
  const before = readAudit(real.stateDir).length;
  const r = await cli(['create', '900', '-c', real.configFile]);
  assert.is(r.code, 0, r.stdout);
  const sent = argvs(mutating(readAudit(real.stateDir).slice(before)));
  const download = sent.indexOf(`pveam download fastData-shared-iso ${UBUNTU}`);
  assert.ok(download >= 0 && download < sent.findIndex((c) => c.startsWith(`pct create 900 /fastData/shared-iso/template/cache/${UBUNTU} `)), sent.join('\n'));
  assert.ok(existsSync(join(real.stateDir, 'host/fastData/shared-iso/template/cache', UBUNTU)));
});

test.run();
