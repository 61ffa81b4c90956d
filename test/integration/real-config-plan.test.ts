// The original project's real configuration loads and plans unchanged, contacting no node.
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/compile/plan.js';
import { cli } from '../helpers/cli.js';
import { skipWithoutRealFixture } from '../helpers/fixtures.js';
import { realEstate, type RealEstate } from '../helpers/real-estate.js';

const real: RealEstate | undefined = realEstate();
if (!real) skipWithoutRealFixture();
test.after(() => real?.cleanup());

test('phoenix validate succeeds on the real configuration, warning about its plaintext secret by path only', async () => {
  if (!real) return;
  const r = await cli(['validate', '-c', real.configFile]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /valid: 12 containers, 3 VMs/);
  assert.match(r.stderr, /portainer_api\/admin_password/);
  const secret = (JSON.parse(readFileSync(`${real.fixture}/phoenix_hypervisor_config.json`, 'utf8')) as { portainer_api: { admin_password: string } }).portainer_api.admin_password;
  assert.ok(secret.length > 3 && !(r.stderr + r.stdout).includes(secret), 'the secret value must not be printed');
});

test('plan LetsGo --format json orders every guest after its clone source and its dependencies; no node contacted', async () => {
  if (!real) return;
  const r = await cli(['plan', 'LetsGo', '--format', 'json', '-c', real.configFile]);
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as Plan;
  const pos = new Map(plan.steps.map((s, i) => [s.id, i]));
  const firstOf = (g: string): number => Math.min(...plan.steps.filter((s) => s.guest === g).map((s) => pos.get(s.id)!));
  const lastCreateOf = (g: string): number => Math.max(...plan.steps.filter((s) => s.guest === g && !s.id.endsWith('#boot')).map((s) => pos.get(s.id)!));
  const fixture = await import('node:fs').then((fs) => ({
    lxc: JSON.parse(fs.readFileSync(`${real.fixture}/phoenix_lxc_configs.json`, 'utf8')) as { lxc_configs: Record<string, { clone_from_ctid?: string; dependencies?: string[] }> },
    vm: JSON.parse(fs.readFileSync(`${real.fixture}/phoenix_vm_configs.json`, 'utf8')) as { vms: { vmid: number; clone_from_vmid?: number; dependencies?: string[] }[] },
  }));
  const needs: [string, string][] = [];
  for (const [id, c] of Object.entries(fixture.lxc.lxc_configs)) for (const d of [c.clone_from_ctid, ...(c.dependencies ?? [])]) if (d) needs.push([id, d]);
  for (const v of fixture.vm.vms) for (const d of [v.clone_from_vmid, ...(v.dependencies ?? [])]) if (d !== undefined) needs.push([String(v.vmid), String(d)]);
  assert.ok(needs.length >= 20);
  for (const [g, d] of needs) assert.ok(lastCreateOf(d) < firstOf(g), `${g} must come after ${d}`);
  for (const s of plan.steps) for (const a of s.after) assert.ok(pos.get(a)! < pos.get(s.id)!, `${s.id} after ${a}`);
  assert.ok(!existsSync(real.stateDir), 'planning must not touch the node');
  // VM 9000 is a template: built, never started
  assert.ok(plan.steps.some((s) => s.id === '9000:vm.template'));
  assert.ok(!plan.steps.some((s) => s.guest === '9000' && /start/.test(s.task)));
});

test.run();
