// Guest lists as PVE prints them. Samples marked "real" were captured from a real PVE 9 node (pve-manager 9.2.11,
// pve-container 6.1.10, qemu-server 9.2.6, pve-cluster 9.1.6).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDotVmlist, parseNodeList, parsePctList, parseQmList, parseResources } from '../../src/runner/facts/parse-resources.js';

test('.vmlist (real): every guest of the cluster by node and kind; no `ids` when there is none; not JSON -> undefined', () => {
  const real = '{\n"version": 8,\n"ids": {\n"9001": { "node": "facts5", "type": "qemu", "version": 8 },\n"950": { "node": "facts5", "type": "lxc", "version": 4 },\n"9000": { "node": "pve2", "type": "qemu", "version": 6 }}\n\n}\n';
  assert.equal(parseDotVmlist(real), new Map([['9001', { node: 'facts5', type: 'qemu' }], ['950', { node: 'facts5', type: 'lxc' }], ['9000', { node: 'pve2', type: 'qemu' }]]));
  assert.equal(parseDotVmlist('{\n"version": 0\n\n}\n'), new Map());
  assert.equal(parseDotVmlist('{"version":1,"ids":{"100":{"node":"a","type":"openvz","version":1}}}'), new Map(), 'openvz / unknown kinds left out');
  assert.is(parseDotVmlist('{\n"version": 8,\n"ids": {'), undefined);
});

test('/nodes/<node>/lxc and /qemu (real): the live status, kept as it came', () => {
  const lxc = '[{"cpu":0,"cpus":2,"disk":2117632,"diskread":0,"diskwrite":0,"maxdisk":1020702720,"maxmem":268435456,"maxswap":536870912,"mem":589824,"name":"a-rather-long-hostname-for-columns","netin":0,"netout":0,"pid":11963,"pressurecpufull":null,"status":"running","swap":0,"type":"lxc","uptime":6,"vmid":950},{"name":"ct951","status":"stopped","lock":"backup","type":"lxc","vmid":951}]';
  assert.equal(parseNodeList(lxc, 'lxc', 'facts5'), [
    { vmid: '950', type: 'lxc', node: 'facts5', status: 'running', name: 'a-rather-long-hostname-for-columns' },
    { vmid: '951', type: 'lxc', node: 'facts5', status: 'stopped', name: 'ct951', lock: 'backup' },
  ]);
  const qemu = '[{"cpu":0,"cpus":1,"disk":0,"maxdisk":0,"maxmem":536870912,"mem":0,"memhost":0,"name":"VM 9000","netin":0,"netout":0,"status":"stopped","uptime":0,"vmid":9000},{"vmid":9001}]';
  assert.equal(parseNodeList(qemu, 'qemu', 'facts5').map((r) => `${r.vmid} ${r.type} ${r.status}`), ['9000 qemu stopped', '9001 qemu unknown'], 'no status: unknown, never stopped');
  assert.throws(() => parseNodeList('{"data":[]}', 'lxc', 'pve'), /did not return a JSON array/);
});

test('/cluster/resources (real): guests only, with their node', () => {
  const real = '[{"cpu":0,"disk":0,"id":"qemu/9000","maxcpu":1,"maxmem":536870912,"name":"VM 9000","node":"facts5","status":"stopped","template":0,"type":"qemu","uptime":0,"vmid":9000},{"id":"lxc/950","name":"x","node":"pve2","status":"unknown","type":"lxc","vmid":950},{"id":"storage/pve/local","type":"storage","node":"pve"}]';
  assert.equal(parseResources(real).map((r) => `${r.vmid}@${r.node} ${r.status}`), ['9000@facts5 stopped', '950@pve2 unknown']);
});

test('pct list (real): printf pads but does not cut: long names, an empty or set lock', () => {
  const real = [
    'VMID       Status     Lock         Name                ',
    '950        stopped                 a-rather-long-hostname-for-columns',
    '951        stopped    backup       ct951               ',
    '7771       running                 ct7771              ',
    '1234567890 running    snapshot-delete this-name-starts-late', ''].join('\n');
  assert.equal(parsePctList(real, 'pve'), [
    { vmid: '950', type: 'lxc', node: 'pve', status: 'stopped', name: 'a-rather-long-hostname-for-columns' },
    { vmid: '951', type: 'lxc', node: 'pve', status: 'stopped', name: 'ct951', lock: 'backup' },
    { vmid: '7771', type: 'lxc', node: 'pve', status: 'running', name: 'ct7771' },
    { vmid: '1234567890', type: 'lxc', node: 'pve', status: 'running', name: 'this-name-starts-late', lock: 'snapshot-delete' },
  ]);
  assert.equal(parsePctList('', 'pve'), [], 'no CT: pct list prints nothing at all');
});

test('qm list (real): the default name `VM 9000` has a blank, a long name overflows its column', () => {
  const real = [
    '      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       ',
    '      9000 VM 9000              stopped    512                0.00 0         ',
    '      9001 a-very-long-vm-name-exceeding-twenty running    512                1.00 4242      ', ''].join('\n');
  assert.equal(parseQmList(real, 'pve'), [
    { vmid: '9000', type: 'qemu', node: 'pve', status: 'stopped', name: 'VM 9000' },
    { vmid: '9001', type: 'qemu', node: 'pve', status: 'running', name: 'a-very-long-vm-name-exceeding-twenty' },
  ]);
});

test.run();
