// Every argv shape Phoenix can send to Proxmox passes the real PVE API schema (../shared/reference/pve-api-schema.json,
// via the simulator package's validator, test/helpers/pve-api.ts): (a) every command the task tests
// (test/tasks/**) make their tasks plan, recorded in a child process that runs them; what every task plans for the
// real configuration, for every verb, against an empty node, a node where every guest exists with a drifted config
// (running), and one where they exist stopped (templates converted, snapshots taken); (b) every Proxmox call of a
// real-configuration converge on the simulator (its audit log), with drift and the other verbs after it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, type CompileOptions } from '../../src/compile/compile.js';
import type { Verb } from '../../src/compile/targets.js';
import { loadModel } from '../../src/inventory/load-model.js';
import type { Model } from '../../src/inventory/model.js';
import type { GuestFacts, NodeFacts } from '../../src/tasks/facts.js';
import { emptyHostFacts } from '../../src/tasks/host/host-facts.js';
import { allTasks, taskFor } from '../../src/tasks/registry.js';
import { OWNER_TAG } from '../../src/tasks/tags.js';
import type { TaskDef } from '../../src/tasks/types.js';
import { cli } from '../helpers/cli.js';
import { factsFrom, planEnv } from '../helpers/facts.js';
import { skipWithoutRealFixture } from '../helpers/fixtures.js';
import { apiSchema, checkSent, describeReport, type SentArgv } from '../helpers/pve-api.js';
import { realEstate } from '../helpers/real-estate.js';
import { readAudit, simBinDir } from '../helpers/sim.js';

const VERBS: [Verb, CompileOptions][] = [['LetsGo', {}], ['setup', {}], ['create', { all: true }], ['reconfigure', { all: true }],
  ['test', { all: true }], ['start', { all: true }], ['stop', { all: true }], ['restart', { all: true }], ['delete', { all: true }]];

/** Every guest of the model present on the node: drifted config (nothing as configured), running or stopped. */
function presentFacts(model: Model, status: 'running' | 'stopped'): NodeFacts {
  const guests: Record<string, Partial<GuestFacts>> = {};
  for (const g of model.guests.values()) {
    const disk = g.kind === 'lxc' ? 'rootfs' : 'scsi0';
    const config: Record<string, string> = g.kind === 'lxc'
      ? { hostname: 'drifted', memory: '64', cores: '1', swap: '0', onboot: '0', net0: 'name=eth9,bridge=vmbr9,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth' }
      : { name: 'drifted', memory: '512', cores: '1', onboot: '0', agent: '0', net0: 'virtio=BC:24:11:00:00:02,bridge=vmbr9' };
    config[disk] = `local-lvm:vm-${g.id}-disk-0,size=1G`;
    config.tags = OWNER_TAG;
    const stoppedTemplate = status === 'stopped' && g.isTemplate;
    guests[g.id] = {
      type: g.kind === 'lxc' ? 'lxc' : 'qemu', status, template: stoppedTemplate, config,
      snapshots: stoppedTemplate && g.templateSnapshot ? [g.templateSnapshot] : [],
    };
  }
  return factsFrom(guests);
}

function withHost(f: NodeFacts): NodeFacts {
  f.host = { ...emptyHostFacts(), zfs: true };
  return f;
}

/** What every step of every verb plans, against each node state (a plan that throws is reported, not hidden). */
function plannedArgvs(model: Model): { sent: SentArgv[]; planned: number; threw: string[] } {
  const states: [string, () => NodeFacts][] = [
    ['empty node', () => withHost(factsFrom({}))],
    ['present, drifted, running', () => withHost(presentFacts(model, 'running'))],
    ['present, drifted, stopped', () => withHost(presentFacts(model, 'stopped'))],
  ];
  const sent: SentArgv[] = [];
  const threw: string[] = [];
  let planned = 0;
  for (const [verb, opts] of VERBS) {
    for (const step of compile(model, verb, opts).steps) {
      const def = taskFor(step.task) as unknown as TaskDef<unknown>;
      for (const [state, facts] of states) {
        try {
          const f = facts();
          const plan = def.plan(f, step.params, planEnv());
          planned++;
          for (const c of plan.commands) sent.push({ argv: c.argv, node: f.pveNode, origin: `${verb} ${step.id} (${state})` });
        } catch (e) {
          threw.push(`${verb} ${step.id} (${state}): ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  }
  return { sent, planned, threw };
}

/** The task tests (dist/test/tasks/**, not the one that drives the simulator: its calls are checked by the simulator). */
function taskTestFiles(): string[] {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'tasks');
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.test.js') && e.name !== 'sim-setup.test.js' ? [join(d, e.name)] : []);
  return walk(root);
}

/**
 * Child-process mode (PHOENIX_RECORD_PLANS=<file>): every task's plan() records the commands it returns, then the
 * task test files are imported (uvu runs them here); at exit the records go to the file. No test of this file runs.
 */
async function recordTaskTests(out: string): Promise<void> {
  const sent: SentArgv[] = [];
  for (const t of allTasks()) {
    const def = t as unknown as TaskDef<unknown>;
    const plan = def.plan.bind(def);
    def.plan = (facts, p, env) => {
      const r = plan(facts, p, env);
      for (const c of r.commands) sent.push({ argv: c.argv, node: facts.pveNode, origin: `task test of ${def.name}` });
      return r;
    };
  }
  process.on('exit', () => writeFileSync(out, JSON.stringify(sent)));
  for (const f of taskTestFiles()) await import(pathToFileURL(f).href);
}

/** The commands the task tests plan: this file run again as a child in recording mode. */
function taskTestArgvs(): { sent: SentArgv[]; files: number } {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-plans-'));
  try {
    const out = join(dir, 'plans.json');
    spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, PHOENIX_RECORD_PLANS: out }, stdio: 'ignore', timeout: 600_000 });
    return { sent: JSON.parse(readFileSync(out, 'utf8')) as SentArgv[], files: taskTestFiles().length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const recording = process.env.PHOENIX_RECORD_PLANS;
if (recording) await recordTaskTests(recording);

const api = recording ? 'recording the task tests' : apiSchema();
const real = typeof api === 'string' ? undefined : realEstate();
if (typeof api === 'string' && !recording) console.log(`api-schema: skipped, ${api}`);
else if (!real) skipWithoutRealFixture();
test.after(() => { real?.cleanup(); delete process.env.PHOENIX_SAMBA_PASSWORD; });

test('every command the task tests plan passes the PVE API schema', () => {
  if (typeof api === 'string') return;
  const { sent, files } = taskTestArgvs();
  const report = checkSent(api, sent);
  console.log(`api-schema (task tests): ${files} test files, ${sent.length} planned commands, ${describeReport(report)}`);
  assert.equal(report.refused, []);
  assert.equal([...report.unchecked.keys()], [], 'every value the task tests plan is judged by the validator');
  assert.ok(report.checked > 30, `the task tests planned ${report.checked} distinct Proxmox commands`);
});

test('every command the tasks plan for the real configuration, every verb, three node states, passes the PVE API schema', async () => {
  if (typeof api === 'string' || !real) return;
  const model = await loadModel({ cwd: real.dir, configFile: real.configFile });
  const { sent, planned, threw } = plannedArgvs(model);
  const report = checkSent(api, sent);
  console.log(`api-schema (planned): ${planned} plans, ${sent.length} commands, ${describeReport(report)}`);
  if (threw.length) console.log(`api-schema (planned): ${threw.length} plans threw on a synthetic state, e.g. ${threw[0]}`);
  assert.equal(report.refused, []);
  assert.equal([...report.unchecked.keys()], [], 'every value Phoenix plans is judged by the validator');
  for (const c of ['pct create', 'pct set', 'pct resize', 'qm create', 'qm set', 'pvesh create', 'pvesm add']) {
    assert.ok(report.commands.has(c), `the plans include ${c}`);
  }
});

// The simulator itself refuses every call the schema refuses (its API hook), so every simulator-backed test, the
// real-configuration converge included, already fails on a bad argv. This audit-log replay of a whole converge costs
// about 3 minutes of CPU: it runs with PHOENIX_API_CONVERGE=1 (and always in `npm run test:api`).
const replay = process.env.PHOENIX_API_CONVERGE === '1';
if (!replay) console.log('  converge replay skipped: set PHOENIX_API_CONVERGE=1 (the simulator checks every call against the schema anyway)');
test('every Proxmox call of a real-configuration converge on the simulator (then drift, reconfigure, setup, restart, delete) passes the schema', async () => {
  if (typeof api === 'string' || !real || !replay) return;
  const env = { ...process.env, PATH: `${simBinDir}:${process.env.PATH}`, PVE_SIM_DIR: real.stateDir };
  const sim = (argv: string[]): number | null => spawnSync(argv[0] as string, argv.slice(1), { env }).status;
  for (const a of [['quickOS', 'mirror', '/dev/disk/by-id/a', '/dev/disk/by-id/b'], ['fastData', '/dev/disk/by-id/c']]) assert.is(sim(['zpool', 'create', ...a]), 0);
  process.env.PHOENIX_SAMBA_PASSWORD = 'sim-samba-pw';
  const codes: [string, number][] = [];
  const run = async (argv: string[]): Promise<void> => { codes.push([argv.join(' '), (await cli([...argv, '-c', real.configFile])).code]); };
  await run(['setup']);
  const cache = join(real.stateDir, 'host/fastData/shared-iso/template/cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst'), 'template\n');
  await run(['LetsGo']);
  // drift made on the node by hand (left out of the check: these are not Phoenix's calls)
  const before = readAudit(real.stateDir).length;
  const model = await loadModel({ cwd: real.dir, configFile: real.configFile });
  const cts = [...model.guests.values()].filter((g) => g.kind === 'lxc' && !g.isTemplate).map((g) => g.id);
  const vms = [...model.guests.values()].filter((g) => g.kind === 'vm' && !g.isTemplate).map((g) => g.id);
  for (const id of cts.slice(0, 2)) sim(['pct', 'set', id, '--memory', '640', '--cores', '3']);
  for (const id of vms.slice(0, 1)) sim(['qm', 'set', id, '--memory', '1536', '--onboot', '0']);
  const storage = readAudit(real.stateDir).find((c) => c.argv[0] === 'pvesm' && c.argv[1] === 'add' && c.argv[2] === 'dir')?.argv[3];
  assert.is(storage !== undefined && sim(['pvesm', 'set', storage, '--content', 'snippets']), 0, 'a dir storage of the setup drifted');
  const drift = readAudit(real.stateDir).length;
  await run(['reconfigure', '--all']);
  await run(['setup']);
  await run(['restart', cts[0] as string]);
  await run(['delete', cts[cts.length - 1] as string]);
  const audit = readAudit(real.stateDir);
  const calls = [...audit.slice(0, before), ...audit.slice(drift)];
  const report = checkSent(api, calls.map((c, i) => ({ argv: c.argv, node: c.node, origin: `audit #${i} (exit ${c.code})` })));
  const apiCalls = calls.filter((c) => ['pct', 'qm', 'pvesh', 'pvesm'].includes(c.tool)).length;
  console.log(`api-schema (converge): ${calls.length} calls, ${apiCalls} Proxmox API calls, ${describeReport(report)}`);
  assert.equal(report.refused, []);
  assert.equal([...report.unchecked.keys()], [], 'every value Phoenix sends is judged by the validator');
  assert.ok(report.checked > 100, `the converge made ${report.checked} distinct Proxmox calls`);
  for (const c of ['pct create', 'pct clone', 'pct set', 'qm create', 'qm set', 'pvesh create', 'pvesm add', 'pvesm set']) {
    assert.ok(report.commands.has(c), `the converge sent ${c}`);
  }
  assert.equal(codes.filter(([, c]) => c !== 0), [], 'each verb succeeds (the simulator refuses what the schema refuses)');
});

if (!recording) test.run();
