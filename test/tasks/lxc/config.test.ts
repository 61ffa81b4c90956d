import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LxcSettings } from '../../../src/compile/lxc-params.js';
import { lxcConfig } from '../../../src/tasks/lxc/config.js';
import { factsFrom, recorder } from '../../helpers/facts.js';

const want: LxcSettings = {
  vmid: '950', memory: 2048, cores: 2, onboot: true, startup: 'order=3,up=5,down=5',
  net0: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.50/24', gw: '10.0.0.1', hwaddr: '52:54:00:AA:BB:CC' },
};
const converged = {
  memory: '2048', cores: '2', onboot: '1', startup: 'order=3,up=5,down=5',
  net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:aa:bb:cc,ip=10.0.0.50/24,type=veth',
};

test('converged config (MAC case differs): no change, no command', async () => {
  const facts = factsFrom({ '950': { config: { ...converged } } });
  assert.equal(lxcConfig.check(facts, want), { kind: 'none' });
});

test('memory differs: one pct set with only --memory, naming the field', async () => {
  const facts = factsFrom({ '950': { config: { ...converged, memory: '1024' } } });
  const c = lxcConfig.check(facts, want);
  assert.is(c.kind, 'update');
  assert.equal(c.kind !== 'none' && c.diff, [{ field: 'memory', from: '1024', to: '2048' }]);
  const ctx = recorder(facts);
  await lxcConfig.apply(ctx, want);
  assert.equal(ctx.calls, [['pct', 'set', '950', '--memory', '2048']]);
  assert.is(facts.guests.get('950')!.config.memory, '2048');
});

test('net0 after a clone (new MAC, other ip): set net0 with the configured MAC', async () => {
  const facts = factsFrom({ '950': { config: { ...converged, net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:01:02:03,ip=10.0.0.200/24,type=veth' } } });
  const ctx = recorder(facts);
  await lxcConfig.apply(ctx, want);
  assert.equal(ctx.calls[0], ['pct', 'set', '950', '--net0', 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:AA:BB:CC,ip=10.0.0.50/24,type=veth']);
});

test('no MAC configured: the generated MAC is kept, not churned', () => {
  const { hwaddr: _, ...net0 } = want.net0;
  const facts = factsFrom({ '950': { config: { ...converged, net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=BC:24:11:01:02:03,ip=10.0.0.50/24,type=veth' } } });
  assert.is(lxcConfig.check(facts, { ...want, net0 }).kind, 'none');
});

test('firewall flag wanted and absent: net0 rewritten with firewall=1', async () => {
  const facts = factsFrom({ '950': { config: { ...converged } } });
  const ctx = recorder(facts);
  await lxcConfig.apply(ctx, { ...want, net0: { ...want.net0, firewall: true } });
  assert.match(ctx.calls[0]!.join(' '), /--net0 name=eth0,bridge=vmbr0,firewall=1,/);
});

test('absent guest during reconfigure: refused', () => {
  assert.throws(() => lxcConfig.check(factsFrom({}), { ...want, mustExist: true }), /does not exist/);
});

test.run();
