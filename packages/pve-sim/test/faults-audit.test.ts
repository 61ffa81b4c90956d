import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

test('audit log: one line per call with argv, code, mutating', () => {
  const sim = makeSimState();
  try {
    sim.run(['pct', 'create', '990', TPL, '--storage', 'local-lvm']);
    sim.run(['pct', 'set', '990', '--memory', '2048']);
    sim.run(['pct', 'config', '990']);
    sim.run(['pct', 'status', '991']);
    const a = sim.audit();
    assert.equal(a.map((e) => [e.tool, e.argv, e.code, e.mutating, e.node]), [
      ['pct', ['pct', 'create', '990', TPL, '--storage', 'local-lvm'], 0, true, 'pve'],
      ['pct', ['pct', 'set', '990', '--memory', '2048'], 0, true, 'pve'],
      ['pct', ['pct', 'config', '990'], 0, false, 'pve'],
      ['pct', ['pct', 'status', '991'], 2, false, 'pve'],
    ]);
    for (const e of a) assert.ok(typeof e.ms === 'number' && !Number.isNaN(Date.parse(e.ts)));
  } finally {
    sim.cleanup();
  }
});

test('fault rule: fail the 2nd matching call once, with code and stderr; * matches any element', () => {
  const sim = makeSimState();
  try {
    const rules = join(sim.dir, 'faults.json');
    writeFileSync(rules, JSON.stringify([
      { match: ['pct', 'set', '*', '--memory'], nth: 2, times: 2, code: 255, stderr: "can't lock file '/run/lock/lxc/pve-config-990.lock' - got timeout" },
    ]));
    const env = { PVE_SIM_FAULTS: rules };
    sim.run(['pct', 'create', '990', TPL, '--storage', 'local-lvm'], { env });
    const codes = ['600', '700', '800', '900'].map((m) => sim.run(['pct', 'set', '990', '--memory', m], { env }));
    assert.equal(codes.map((r) => r.code), [0, 255, 255, 0]);
    assert.is(codes[1]?.stderr, "can't lock file '/run/lock/lxc/pve-config-990.lock' - got timeout\n");
    assert.match(readFileSync(join(sim.dir, 'etc/pve/nodes/pve/lxc/990.conf'), 'utf8'), /^memory: 900$/m);
    assert.equal(sim.audit().filter((e) => e.fault).length, 2);
  } finally {
    sim.cleanup();
  }
});

test('lockGuest holds a real lock line for forMs: normal code path reports it', async () => {
  const sim = makeSimState();
  try {
    sim.run(['pct', 'create', '900', TPL, '--storage', 'local-lvm']);
    const rules = join(sim.dir, 'faults.json');
    // long enough for the first calls on a loaded machine; then wait (bounded) for the hold to end
    writeFileSync(rules, JSON.stringify([{ lockGuest: '900', lock: 'clone', forMs: 4000 }]));
    const env = { PVE_SIM_FAULTS: rules };
    let r = sim.run(['pct', 'start', '900'], { env });
    assert.equal([r.code, r.stderr], [255, 'CT is locked (clone)\n']);
    assert.match(sim.run(['pct', 'config', '900'], { env }).stdout, /^lock: clone$/m);
    await new Promise((res) => setTimeout(res, 4100));
    r = sim.run(['pct', 'start', '900'], { env });
    assert.is(r.code, 0, r.stderr);
    assert.not.match(sim.run(['pct', 'config', '900'], { env }).stdout, /^lock:/m);
  } finally {
    sim.cleanup();
  }
});

test('latency: PVE_SIM_LATENCY_MS delays each call', () => {
  const sim = makeSimState({ env: { PVE_SIM_LATENCY_MS: '150' } });
  try {
    sim.run(['pct', 'list']);
    const a = sim.audit();
    assert.ok((a[0]?.ms ?? 0) >= 150);
  } finally {
    sim.cleanup();
  }
});

test.run();
