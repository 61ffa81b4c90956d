// Original-style host-side feature scripts (scripts/features/<name>.host.sh, argv CTID [bootstrap_ca_url]) on the
// simulator: they run on the node, act in the CT with pct exec / pct push / pct pull, once per guest; a second run
// does not run them; a clone of a guest that had one does not run it; editing the script runs it again.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, ct, makeEstate, mutating, type Estate } from '../helpers/estate.js';

// like the original's trusted_ca / traefik scripts: pct exec "$1" -- ..., pct push a host file, pct pull one back
const HOST_SCRIPT = (version: string): string => `#!/bin/sh
set -eu
[ $# -ge 1 ] || { echo "Usage: $0 <CTID> [bootstrap_ca_url]" >&2; exit 2; }
CTID="$1"
pct exec "$CTID" -- mkdir -p /etc/phoenix
printf 'v=${version} argc=%s argv=%s guest=%s node=%s operator=%s\\n' "$#" "$*" "$PHOENIX_GUEST_ID" "$PHOENIX_NODE" "\${OPERATOR_TOKEN:-unset}" \\
  | pct exec "$CTID" -- sh -c 'cat >> /etc/phoenix/host-feature.log'
tmp=$(mktemp)
echo "pushed from node for $CTID" > "$tmp"
pct push "$CTID" "$tmp" /etc/phoenix/pushed.txt --perms 0644
pct pull "$CTID" /etc/hostname "$tmp"
pct push "$CTID" "$tmp" /etc/phoenix/pulled-hostname
rm -f "$tmp"
`;

let e: Estate;
test.before(() => {
  e = makeEstate({
    lxc: { lxc_configs: {
      '900': ct('900', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'final-form', features: ['trusted_ca'] }),
      '951': ct('951', { clone_from_ctid: '900', features: ['trusted_ca'] }),
      '952': ct('952', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', features: ['trusted_ca'], bootstrap_ca_url: 'https://10.0.0.10:9000' }),
    } },
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    scripts: { features: [] },
    rawFiles: { 'scripts/features/trusted_ca.host.sh': HOST_SCRIPT('1') },
  });
  process.env.OPERATOR_TOKEN = 'operator-secret-value';
});
test.after(() => { e.cleanup(); delete process.env.OPERATOR_TOKEN; });

const log = (vmid: string): string[] => (e.guestFile(vmid, 'etc/phoenix/host-feature.log') ?? '').split('\n').filter(Boolean);

test('validate names the contract of each script', async () => {
  const r = await e.run('validate');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /CT 900 feature trusted_ca: features\/trusted_ca\.host\.sh: host-side \(argv CTID \[bootstrap_ca_url\]\)/);
});

test('LetsGo: the host script runs once per guest with argv [CTID] (+ bootstrap_ca_url only where set), its effect in the guest', async () => {
  const { r, calls } = await e.during(() => e.run('LetsGo'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(log('900'), ['v=1 argc=1 argv=900 guest=900 node=pve operator=unset']);
  assert.equal(log('952'), ['v=1 argc=2 argv=952 https://10.0.0.10:9000 guest=952 node=pve operator=unset']);
  // the clone was made from 900's snapshot taken after the feature: it has the effect and the record, the script did not run for it
  assert.equal(log('951'), log('900'));
  assert.not.ok(argvs(calls).some((c) => /^pct exec 951 -- mkdir -p \/etc\/phoenix/.test(c)), argvs(calls).join('\n'));
  assert.is(e.guestFile('952', 'etc/phoenix/pushed.txt'), 'pushed from node for 952\n');
  assert.is(e.guestFile('952', 'etc/phoenix/pulled-hostname'), 'ct952\n');
  assert.match(e.conf('951'), /^tags: .*phx-f-[0-9a-f]{8}-trusted_ca/m);
  // the journal shows it
  const runs = join(e.dir, '.phoenix', 'runs');
  const journal = readdirSync(runs).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(runs, f), 'utf8')).join('');
  assert.match(journal, /phoenix-host/);
  assert.match(journal, /trusted_ca/);
  // no temporary script left on the node
  assert.not.ok(existsSync(join(e.dir, 'phoenix-host.')), 'nothing in the project dir');
});

test('a second LetsGo does not run it again (no mutating call)', async () => {
  const { r, calls } = await e.during(() => e.run('LetsGo'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  assert.is(log('900').length, 1);
});

test('editing the script runs it again, on every guest that has the old record', async () => {
  writeFileSync(join(e.dir, 'scripts/features/trusted_ca.host.sh'), HOST_SCRIPT('2'));
  const { r } = await e.during(() => e.run('LetsGo'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(log('900'), ['v=1 argc=1 argv=900 guest=900 node=pve operator=unset', 'v=2 argc=1 argv=900 guest=900 node=pve operator=unset']);
  assert.equal(log('951').slice(-1), ['v=2 argc=1 argv=951 guest=951 node=pve operator=unset']);
  assert.equal(log('952').slice(-1), ['v=2 argc=2 argv=952 https://10.0.0.10:9000 guest=952 node=pve operator=unset']);
  const again = await e.during(() => e.run('LetsGo'));
  assert.equal(argvs(mutating(again.calls)), []);
});

test.run();
