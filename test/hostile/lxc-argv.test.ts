// Hostile corpus, free-form LXC strings that pass the schema and reach Proxmox: each value arrives as exactly ONE
// argv element (or inside exactly one property-string element), is never run by a shell (a marker file per value
// proves it, on the host and in the guest), and a value PVE itself refuses gives PVE's error with exit 1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate, type Estate } from '../helpers/estate.js';
import { assertNoShellError, assertOneElement, ct, setContainers, setVms } from './argv-helpers.js';
import { displayArgv, quoteArgv } from '../../src/runner/quote.js';
import { assertNoForgedLine, assertNoMarker, hostileValues, type Hostile } from './hostile-helpers.js';
import { problemLines } from '../helpers/cli.js';
import { innerArgv } from '../../src/tasks/bounded-exec.js';

let e: Estate;
test.before(() => {
  e = makeEstate({ lxc: { lxc_configs: {} }, vm: { vm_defaults: {}, vms: [] }, scripts: { features: [] }, rawFiles: { 'scripts/tests/smoke.sh': '#!/bin/sh\necho smoke ok\n' } });
  setVms(e, []);
});
test.after(() => e.cleanup());

/** Runs `argv` with only `cts` configured; returns the result and the audit entries it added. */
async function converge(cts: Record<string, Record<string, unknown>>, ...argv: string[]) {
  setContainers(e, cts);
  return e.during(() => e.run(...argv));
}

function noMarkers(vmid: string, hs: Hostile[]): void {
  for (const h of hs) {
    assertNoMarker(h.marker, `host, ${h.label}`);
    assert.is(existsSync(join(e.stateDir, 'host', h.marker)), false, `simulated host root, ${h.label}`);
    assert.is(e.guestFile(vmid, h.marker.slice(1)), undefined, `inside CT ${vmid}, ${h.label}`);
  }
}

const noNewline = (prefix: string): Hostile[] => hostileValues(prefix).filter((h) => h.label !== 'newline');

// A line break is outside PVE's formats for a template (pve-volume-id's `.+` and abs_filesystem_path's `/.+` are one
// line): refused at validation (host-file-values.test.ts), so only the others reach pct create.
for (const h of noNewline('local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst')) {
  test(`template with ${h.label}: one argv element of pct create; PVE's "can't find file", exit 1`, async () => {
    const { r, calls } = await converge({ '960': ct('960', { template: h.value }) }, 'create', '960');
    assert.is(r.code, 1, r.stdout + r.stderr);
    assertOneElement(calls, h.value);
    assert.match(r.stdout + r.stderr, /can't find file/);
    assertNoShellError(r.stdout + r.stderr);
    assertNoMarker(h.marker, 'template');
  });
}

test('a template with a line break is refused at its JSON path; nothing is sent', async () => {
  const h = hostileValues('local:vztmpl/x').find((x) => x.label === 'newline')!;
  const { r, calls } = await converge({ '960': ct('960', { template: h.value }) }, 'create', '960');
  assert.is(r.code, 1);
  assert.ok(problemLines(r.stderr).some((l) => l.startsWith('phoenix_lxc_configs.json: /lxc_configs/960/template: ')), r.stderr);
  assert.equal(calls.filter((c) => c.mutating), []);
  assertNoForgedLine(r, h.marker);
});

test('a failed command is printed quoted (displayArgv: quoteArgv, control characters escaped)', async () => {
  const h = hostileValues('local:vztmpl/x').find((x) => x.label === 'dollar-paren')!;
  const value = `${h.value} '"`;
  const { r, calls } = await converge({ '960': ct('960', { template: value }) }, 'create', '960');
  assert.is(r.code, 1);
  const failed = calls.find((c) => c.argv[1] === 'create' && c.code !== 0)!;
  assert.ok(failed.argv.includes(value), 'the value reached pct create as one argv element');
  assert.ok((r.stdout + r.stderr).includes(displayArgv(failed.argv)), `the command should be shown as ${displayArgv(failed.argv)}:\n${r.stdout}${r.stderr}`);
  assertNoMarker(h.marker, 'template');
});

// One container carries the hostile mount paths, firewall comments, raw lines and a health command string; it is
// created once (the first test that needs it), and each test below reads its own part of that run.
const HOST = noNewline('/srv/h');
const CONT = noNewline('/data');
const ZFS = noNewline('/vol');
const FW = noNewline('allow');
const RAW = noNewline('/dev/raw');
const HEALTH = hostileValues('w');
const HEALTH_CMD = `echo ${HEALTH.map((h) => h.value).join(' ')}`;
const RAW_LINES = RAW.map((h, i) => `lxc.mount.entry: ${h.value} mnt/r${i} none bind,optional,create=dir 0 0`);
const SINK = {
  '961': ct('961', {
    mount_points: [...HOST.map((h, i) => ({ host_path: h.value, container_path: `/m${i}` })), ...CONT.map((h, i) => ({ host_path: `/srv/c${i}`, container_path: h.value }))],
    zfs_volumes: ZFS.map((h, i) => ({ name: `v${i}`, pool: 'local-lvm', size_gb: 1, mount_point: h.value })),
    firewall: { enabled: true, rules: FW.map((h, i) => ({ type: 'in', action: 'ACCEPT', proto: 'tcp', port: String(8000 + i), comment: h.value })) },
    lxc_options: RAW_LINES,
    health_check: { command: HEALTH_CMD, retries: 1, interval: 0 },
  }),
};
let sinkRun: ReturnType<typeof converge> | undefined;
async function sink() {
  sinkRun ??= converge(SINK, 'create', '961');
  const run = await sinkRun;
  assert.is(run.r.code, 0, run.r.stdout + run.r.stderr);
  // the health command is split into words on purpose; every other call must carry values whole
  return { ...run, pveCalls: run.calls.filter((c) => c.argv[1] !== 'exec') };
}

test('mount_points[].host_path with ; | $() `` quotes: one --mpN element each; the host dir is made at the literal path', async () => {
  const { pveCalls } = await sink();
  HOST.forEach((h, i) => {
    assertOneElement(pveCalls, h.value, `${h.value},mp=/m${i}`);
    assert.ok(existsSync(join(e.stateDir, 'host', h.value)), `bind source created literally: ${h.value}`);
  });
  noMarkers('961', HOST);
});

test('mount_points[].container_path with ; | $() `` quotes: one --mpN element each, never run', async () => {
  const { pveCalls } = await sink();
  CONT.forEach((h, i) => assertOneElement(pveCalls, h.value, `/srv/c${i},mp=${h.value}`));
  noMarkers('961', CONT);
});

test('zfs_volumes[].mount_point with ; | $() `` quotes: one --mpN element each, never run', async () => {
  const { pveCalls } = await sink();
  for (const h of ZFS) assertOneElement(pveCalls, h.value, `local-lvm:1,mp=${h.value}`);
  noMarkers('961', ZFS);
});

test('firewall.rules[].comment with ; | $() `` quotes: one --comment element each, never run', async () => {
  const { pveCalls } = await sink();
  for (const h of FW) assertOneElement(pveCalls, h.value);
  noMarkers('961', FW);
});

test('lxc_options values with $() `` ; |: written verbatim into the CT config, never executed', async () => {
  await sink();
  const conf = e.conf('961').split('\n');
  for (const l of RAW_LINES) assert.ok(conf.includes(l), `verbatim in 961.conf: ${l}`);
  noMarkers('961', RAW);
});

/** What `pct exec ID -- …` runs in the guest: the argv inside the bounded wrapper (src/tasks/bounded-exec.ts). */
const inGuest = (argv: readonly string[]): string[] => innerArgv(argv.slice(4)) ?? argv.slice(4);

test('health_check.command string: split on whitespace into argv words, never a shell', async () => {
  const { calls } = await sink();
  const exec = calls.filter((c) => c.argv[1] === 'exec' && c.argv[2] === '961');
  assert.equal(exec.map((c) => inGuest(c.argv)), [HEALTH_CMD.trim().split(/\s+/)], 'exactly the words, one element each');
  noMarkers('961', HEALTH);
});

test('all of the above read back as configured: a second create sends no mutating command', async () => {
  await sink();
  const again = await converge(SINK, 'create', '961');
  assert.is(again.r.code, 0, again.r.stdout + again.r.stderr);
  assert.equal(again.calls.filter((c) => c.mutating).map((c) => c.argv.join(' ')), []);
});

test('health_check.command array: each hostile element (newline too) is exactly one argv element in the guest', async () => {
  const hs = hostileValues('a');
  const command = ['/bin/echo', ...hs.map((h) => h.value)];
  const { r, calls } = await converge({ '966': ct('966', { health_check: { command, retries: 1, interval: 0 } }) }, 'create', '966');
  assert.is(r.code, 0, r.stdout + r.stderr);
  const exec = calls.filter((c) => c.argv[1] === 'exec' && c.argv[2] === '966');
  assert.equal(exec.map((c) => inGuest(c.argv)), [command]);
  noMarkers('966', hs);
});

test('pct_options with ";" (allowed by the pattern): one --features element; PVE refuses it, exit 1, its error shown', async () => {
  const { r, calls } = await converge({ '968': ct('968', { pct_options: ['nesting=1;touch'] }) }, 'create', '968');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assertOneElement(calls, 'nesting=1;touch');
  assert.match(r.stdout + r.stderr, /features/);
  assertNoShellError(r.stdout + r.stderr);
});

test('tests: hostile suite and case names are labels only; the suite runs its script, nothing else', async () => {
  const hs = hostileValues('s');
  const tests = Object.fromEntries(hs.map((h) => [h.value, [{ name: h.value, path: 'smoke.sh' }]]));
  const cts = { '969': ct('969', { tests }) };
  assert.is((await converge(cts, 'create', '969')).r.code, 0);
  const { r, calls } = await converge(cts, 'test', '969');
  assert.is(r.code, 0, r.stdout + r.stderr);
  // the bounded wrapper names what runs (its label: one argv element, only ever printed inside quotes); what runs
  // in the guest is the argv inside the wrapper
  const execs = calls.filter((c) => c.argv[1] === 'exec').map((c) => inGuest(c.argv));
  assert.ok(execs.length >= hs.length, JSON.stringify(execs));
  for (const h of hs) assert.ok(!execs.some((a) => a.some((x) => x.includes(h.value))), 'a name reached a guest command');
  noMarkers('969', hs);
});

test.run();
