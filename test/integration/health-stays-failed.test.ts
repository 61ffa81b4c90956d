// A failed health check is not forgotten (issue 10, first row): 953's check fails, so LetsGo fails and 960, which
// depends on 953, is not built — on the second run too (the check runs again, since no pass is recorded), until the
// check passes; then 960 is built, and a further run re-checks nothing and changes nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, ct, makeEstate, mutating } from '../helpers/estate.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

test('a failing health check keeps the guest failed and its dependants blocked on every run until it passes', async () => {
  const e = makeEstate({
    lxc: {
      lxc_configs: {
        '953': ct('953', { template: TPL, health_check: { command: ['/bin/sh', '-c', 'test -f /etc/ready || { echo "not ready" >&2; exit 3; }'], retries: 1, interval: 0 } }),
        '960': ct('960', { template: TPL, dependencies: ['953'] }),
      },
    },
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    scripts: {},
  });
  try {
    const first = await e.run('LetsGo');
    assert.is(first.code, 1, first.stdout);
    assert.match(first.stdout, /953 lxc\.health \[FAILED: health sh in CT 953 failed on pve \(exit 3\): not ready\]/);
    assert.match(first.stdout, /960 lxc\.create[^\n]*not run because 953:lxc\.health failed/);

    // nothing changed on 953, but its check never passed: it runs again, fails again, 960 stays unbuilt
    const second = await e.during(() => e.run('LetsGo'));
    assert.is(second.r.code, 1, second.r.stdout);
    assert.not.match(second.r.stdout, /not re-checked/);
    assert.match(second.r.stdout, /953 lxc\.health \[FAILED: /);
    assert.match(second.r.stdout, /960 lxc\.create[^\n]*not run because 953:lxc\.health failed/);
    assert.not.ok(argvs(mutating(second.calls)).some((c) => c.startsWith('pct create 960')), '960 is not created');

    // the guest becomes ready: the check passes, the pass is recorded, 960 is built
    const root = /^rootfs: ([^:,]+):([^,\s]+)/m.exec(e.conf('953'))!;
    mkdirSync(join(e.stateDir, 'volumes', root[1]!, root[2]!, 'etc'), { recursive: true });
    writeFileSync(join(e.stateDir, 'volumes', root[1]!, root[2]!, 'etc', 'ready'), '');
    const third = await e.run('LetsGo');
    assert.is(third.code, 0, third.stdout);
    assert.match(third.stdout, /953 lxc\.health: health sh: no passing record \(it failed or never ran\): passed/);
    assert.match(e.conf('953'), /^tags: .*phx-h-[0-9a-f]{8}-953/m);
    assert.match(e.conf('960'), /^hostname: ct960$/m);

    // converged: the check is not re-run, nothing is sent that changes anything
    const fourth = await e.during(() => e.run('LetsGo'));
    assert.is(fourth.r.code, 0, fourth.r.stdout);
    assert.match(fourth.r.stdout, /953 lxc\.health: guest unchanged, passed before \([0-9a-f]{8}\): not re-checked \[ok\]/);
    assert.equal(argvs(mutating(fourth.calls)), []);
  } finally {
    e.cleanup();
  }
});

test.run();
