// Hostile corpus, inventory paths: a simulated node whose state dir (PATH entry, env value, pveRoot, hostRoot) and
// imageDir hold shell metacharacters still works,
// every path arrives as data (the facts read passes it as "$1" of a fixed script, qm gets it inside one element),
// and nothing is executed.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeProject } from '../helpers/fixtures.js';
import { cli } from '../helpers/cli.js';
import { readAudit, simNodeConfig } from '../helpers/sim.js';
import { assertNoShellError, ct, VM_DEFAULTS } from './argv-helpers.js';
import { assertNoMarker, marker } from './hostile-helpers.js';

test('the sim state dir and imageDir with ; | $() `` quotes: the estate converges, paths stay literal, nothing runs', async () => {
  const m1 = marker('statedir');
  const m2 = marker('imagedir');
  const stateRel = `./sim $(touch ${m1});|\`touch ${m1}\`'"`;
  const imageRel = `./img $(touch ${m2});'"|\`touch ${m2}\``;
  const p = writeProject({
    lxc: { lxc_configs: { '960': ct('960') } },
    vm: { vm_defaults: VM_DEFAULTS, vms: [{ vmid: 9000, name: 'tpl', is_template: true, template_image: 'cloud.img', network_config: { ip: 'dhcp' } }] },
    scripts: { features: [] },
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig(stateRel), imageDir: imageRel } } },
    rawFiles: { [join(imageRel, 'cloud.img')]: 'fake image\n' },
  });
  try {
    const r = await cli(['create', '960', '9000'], { cwd: p.dir });
    assert.is(r.code, 0, r.stdout + r.stderr);
    assertNoShellError(r.stdout + r.stderr);
    const audit = readAudit(join(p.dir, stateRel));
    assert.ok(audit.some((a) => a.argv.join(' ').startsWith('pct create 960 ')), 'the simulator under the literal stateDir got the calls');
    const create = audit.find((a) => a.argv[1] === 'create' && a.argv[2] === '9000');
    assert.ok(create, 'qm create 9000 was sent');
    assert.ok(create!.argv.includes(`local-lvm:0,import-from=${join(p.dir, imageRel, 'cloud.img')}`), `import-from is one element: ${JSON.stringify(create!.argv)}`);
    const again = await cli(['create', '960', '9000'], { cwd: p.dir });
    assert.is(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /Nothing changed/, 'the facts read found both guests under the hostile path');
    assertNoMarker(m1, 'stateDir');
    assertNoMarker(m2, 'imageDir');
  } finally {
    p.cleanup();
  }
});

test.run();
