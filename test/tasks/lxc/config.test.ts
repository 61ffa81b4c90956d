import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LxcSettings } from '../../../src/compile/lxc-params.js';
import { lxcConfig } from '../../../src/tasks/lxc/config.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const want: LxcSettings = {
  vmid: '950', memory: 2048, cores: 2, onboot: true, startup: 'order=3,up=5,down=5',
  net0: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.50/24', gw: '10.0.0.1', hwaddr: '52:54:00:AA:BB:CC' },
};
const converged = {
  memory: '2048', cores: '2', onboot: '1', startup: 'order=3,up=5,down=5',
  net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:aa:bb:cc,ip=10.0.0.50/24,type=veth',
};

test('converged config (MAC case differs): no change, no command', () => {
  const facts = factsFrom({ '950': { config: { ...converged } } });
  assert.equal(planOf(lxcConfig, facts, want), { change: { kind: 'none' }, commands: [] });
});

test('memory differs: one pct set with only --memory, naming the field; the re-read shows it: nothing more', () => {
  const plan = planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, memory: '1024' } } }), want);
  assert.is(plan.change.kind, 'update');
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'memory', from: '1024', to: '2048' }]);
  assert.equal(argvs(plan), [['pct', 'set', '950', '--memory', '2048']]);
  assert.is(planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, memory: '2048' } } }), want).change.kind, 'none');
});

test('net0 after a clone (new MAC, other ip): set net0 with the configured MAC', () => {
  const facts = factsFrom({ '950': { config: { ...converged, net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:01:02:03,ip=10.0.0.200/24,type=veth' } } });
  assert.equal(argvs(planOf(lxcConfig, facts, want))[0], ['pct', 'set', '950', '--net0', 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:AA:BB:CC,ip=10.0.0.50/24,type=veth']);
});

test('no MAC configured: the generated MAC is kept, not churned', () => {
  const { hwaddr: _, ...net0 } = want.net0;
  const facts = factsFrom({ '950': { config: { ...converged, net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=BC:24:11:01:02:03,ip=10.0.0.50/24,type=veth' } } });
  assert.is(planOf(lxcConfig, facts, { ...want, net0 }).change.kind, 'none');
});

test('firewall flag wanted and absent: net0 rewritten with firewall=1', () => {
  const facts = factsFrom({ '950': { config: { ...converged } } });
  assert.match(argvs(planOf(lxcConfig, facts, { ...want, net0: { ...want.net0, firewall: true } }))[0]!.join(' '), /--net0 name=eth0,bridge=vmbr0,firewall=1,/);
});

test('absent guest: refused (a create chain runs lxc.create first; reconfigure never creates)', () => {
  assert.throws(() => planOf(lxcConfig, factsFrom({}), want), /CT 950 does not exist on pve: create it first/);
});

test.run();
