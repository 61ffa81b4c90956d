// delete of a CT / VM left locked by an interrupted create or clone: unlocked first (destroy refuses any lock).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcDelete } from '../../../src/tasks/lxc/delete.js';
import { vmDelete } from '../../../src/tasks/vm/delete.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

test('a CT left with lock: create: unlock, then destroy with the volumes its config never named', () => {
  const plan = planOf(lxcDelete, factsFrom({ '950': { lock: 'create', config: { lock: 'create' } } }), { vmid: '950' });
  // before: `pct destroy` died in check_lock ("CT is locked (create)"), retried as transient
  assert.equal(argvs(plan), [['pct', 'unlock', '950'], ['pct', 'destroy', '950', '--purge', '1', '--destroy-unreferenced-disks', '1']]);
  assert.match(plan.change.detail ?? "", /left locked \(create\) by an interrupted create or clone/);
});

test('a VM left with lock: clone: the same with qm; an unlocked guest is destroyed as before', () => {
  const plan = planOf(vmDelete, factsFrom({ '9100': { type: 'qemu', lock: 'clone', config: { lock: 'clone' } } }), { vmid: '9100' });
  assert.equal(argvs(plan), [['qm', 'unlock', '9100'], ['qm', 'destroy', '9100', '--purge', '1', '--destroy-unreferenced-disks', '1']]);
  assert.equal(argvs(planOf(lxcDelete, factsFrom({ '950': {} }), { vmid: '950' })), [['pct', 'destroy', '950', '--purge', '1']]);
  // a backup's lock is not taken: destroy says so
  assert.equal(argvs(planOf(lxcDelete, factsFrom({ '950': { lock: 'backup', config: { lock: 'backup' } } }), { vmid: '950' })), [['pct', 'destroy', '950', '--purge', '1']]);
});

test.run();
