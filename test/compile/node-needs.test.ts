// A fresh node (issue 11 point 9): create and LetsGo check first, once per node, what the guests need from the host
// (storages with their content types, the pools the configured storages sit on, bridges), and fetch the OS templates
// the CTs are created from; every guest chain waits for its node's checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Plan, Step } from '../../src/compile/plan.js';
import { lxc, makeModel, node, vm } from '../helpers/model.js';

const step = (p: Plan, id: string): Step => {
  const s = p.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${p.steps.map((x) => x.id).join(' ')}`);
  return s;
};

// the real configuration's shape: a dir storage for templates on a ZFS dataset, zfspool storages for disks
const hypervisor = {
  proxmox_storage_ids: { fastData_shared_iso: 'fastData-shared-iso', quickos_lxc: 'quickOS-lxc-disks' },
  zfs: {
    pools: [{ name: 'quickOS', raid_level: 'single', disks: ['/dev/sdb'] }, { name: 'fastData', raid_level: 'single', disks: ['/dev/sdc'] }],
    datasets: [
      { name: 'lxc-disks', pool: 'quickOS', properties: 'compression=lz4', proxmox_storage_type: 'zfspool', proxmox_content_type: 'images,rootdir' },
      { name: 'shared-iso', pool: 'fastData', properties: 'compression=lz4', proxmox_storage_type: 'dir', proxmox_content_type: 'iso,vztmpl' },
    ],
  },
};
const TEMPLATE = '/fastData/shared-iso/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst';

function model(): ReturnType<typeof makeModel> {
  const m = makeModel({
    '900': lxc('900', { template: TEMPLATE, storage_pool: 'quickOS-lxc-disks', template_snapshot_name: 'final-form' }),
    '950': lxc('950', { clone_from_ctid: '900', storage_pool: 'quickOS-lxc-disks', network_config: { name: 'eth0', bridge: 'vmbr1', ip: 'dhcp' } }),
    '960': lxc('960', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', node: 'pve2' }),
  }, [vm(1000, { template_image: 'noble.img' }), vm(1001, { clone_from_vmid: 1000 })], [node('pve', { hostRoot: '/srv/sim/host' }), node('pve2')]);
  return { ...m, hypervisor };
}

test('one check per node the plan builds guests on, before any guest step', () => {
  const p = compile(model(), 'LetsGo');
  const checks = p.steps.filter((s) => s.task === 'host.prerequisites');
  assert.equal(checks.map((s) => s.id), ['pve:host.prerequisites', 'pve2:host.prerequisites']);
  const first = p.steps.findIndex((s) => s.guest !== undefined);
  assert.ok(p.steps.findIndex((s) => s.task === 'host.prerequisites') < first);
  // every guest's first step waits for its node's check
  for (const id of ['900:lxc.create', '950:lxc.create', '1000:vm.create', '1001:vm.create']) assert.ok(step(p, id).after.includes('pve:host.prerequisites'), id);
  assert.ok(step(p, '960:lxc.create').after.includes('pve2:host.prerequisites'));
});

test('the check names what each guest uses: storages with content types and the pools under them, bridges', () => {
  const p = compile(model(), 'LetsGo');
  assert.equal(step(p, 'pve:host.prerequisites').params, {
    storages: [
      { storage: 'quickOS-lxc-disks', content: ['rootdir'], usedBy: ['900', '950'], pool: 'quickOS', inSetup: true },
      { storage: 'fastData-shared-iso', content: ['vztmpl'], usedBy: ['900'], pool: 'fastData', inSetup: true },
      // a VM imported from an image needs images on its storage; its clone keeps the source's disks and NIC
      { storage: 'local-lvm', content: ['images'], usedBy: ['1000'], inSetup: false },
    ],
    bridges: [{ bridge: 'vmbr0', usedBy: ['900', '1000'] }, { bridge: 'vmbr1', usedBy: ['950'] }],
  });
  assert.equal(step(p, 'pve2:host.prerequisites').params, {
    storages: [{ storage: 'local-lvm', content: ['rootdir'], usedBy: ['960'], inSetup: false }, { storage: 'local', content: ['vztmpl'], usedBy: ['960'], inSetup: false }],
    bridges: [{ bridge: 'vmbr0', usedBy: ['960'] }],
  });
});

test('OS templates: one step per template and node, on the storage that keeps it, before the CTs created from it', () => {
  const p = compile(model(), 'LetsGo');
  const t = step(p, 'pve:lxc.ostemplate:ubuntu-24.04-standard_24.04-2_amd64.tar.zst');
  // an absolute path: the configured vztmpl storage whose template directory holds it (what the original downloaded into)
  assert.equal(t.params, { template: TEMPLATE, file: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', storage: 'fastData-shared-iso', root: '/srv/sim/host', usedBy: ['900'] });
  assert.equal(t.after, ['pve:host.prerequisites']);
  assert.ok(step(p, '900:lxc.create').after.includes(t.id));
  // a clone needs no template
  assert.not.ok(step(p, '950:lxc.create').after.some((a) => a.includes('ostemplate')));
  const v = step(p, 'pve2:lxc.ostemplate:debian-12-standard_12.7-1_amd64.tar.zst');
  assert.equal(v.params, { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', file: 'debian-12-standard_12.7-1_amd64.tar.zst', storage: 'local', usedBy: ['960'] });
});

test('only the nodes and templates of what is built: create 950 checks pve and fetches 900\'s template', () => {
  const p = compile(model(), 'create', { ids: ['950'] });
  assert.equal(p.steps.filter((s) => s.guest === undefined).map((s) => s.id), ['pve:host.prerequisites', 'pve:lxc.ostemplate:ubuntu-24.04-standard_24.04-2_amd64.tar.zst']);
});

test('verbs that build nothing check nothing', () => {
  for (const verb of ['start', 'stop', 'delete', 'reconfigure'] as const) {
    assert.not.ok(compile(model(), verb, { all: true }).steps.some((s) => s.task === 'host.prerequisites' || s.task === 'lxc.ostemplate'), verb);
  }
});

test.run();
