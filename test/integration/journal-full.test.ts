// The journal comes first: `.phoenix` on a real, nearly full 64 kB tmpfs. When the journal cannot be written the run
// stops sending at once, lets the running commands finish (their records still land: the journal's reserve), keeps
// the run lock until they have, prints one line naming the journal and the cause, exits 1. Every command the node
// received is in the journal. Before: `Error: ENOSPC`, the lock removed, then more commands sent, none journalled.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers/cli.js';
import { sampleLxc, writeProject } from '../helpers/fixtures.js';
import { readAudit, simNodeConfig } from '../helpers/sim.js';

const NO_VMS = { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] };

interface Line { event?: string; argv?: string[]; interrupted?: boolean; stop_reason?: string; status?: string; detail?: string }
const lines = (path: string): Line[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).flatMap((l) => { try { return [JSON.parse(l) as Line]; } catch { return []; } });

test('a full disk under .phoenix: stop at once, every command sent is journalled, one line, exit 1, lock released; resume converges', async () => {
  const sim = mkdtempSync(join(tmpdir(), 'phx-sim-'));
  const lxc = sampleLxc();
  lxc.lxc_configs['951'] = { ...lxc.lxc_configs['950']!, name: 'app2', network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' } };
  const p = writeProject({ lxc, vm: NO_VMS, inventory: { defaultNode: 'pve', nodes: { pve: simNodeConfig(sim) } } });
  const state = join(p.dir, '.phoenix');
  mkdirSync(state);
  try {
    try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', state], { stdio: 'pipe' }); } catch (e) {
      if (process.env.CI === 'true') throw e;
      console.log(`  skipped (mount refused: ${(e as Error).message.split('\n')[0]})`);
      return;
    }
    try {
      // leave room for the journal's reserve (16 KiB) and a little journal: the disk fills during the run
      writeFileSync(join(state, 'filler'), Buffer.alloc(28 * 1024));
      const r = await cli(['create', '950', '951'], { cwd: p.dir });
      assert.is(r.code, 1, r.stdout + r.stderr);
      const runs = join(state, 'runs');
      const [name] = readdirSync(runs).filter((n) => n.endsWith('.jsonl'));
      const journal = join(runs, name!);
      const said = r.stderr.split('\n').filter((l) => l.includes('run journal'));
      assert.equal(said, [`Error: cannot write the run journal ${journal} (ENOSPC: no space left on device): stopped before sending more commands; free some space there, then run \`phoenix run --resume last\``], r.stderr);
      assert.not.ok(r.stdout.includes('Error: ENOSPC') || r.stderr.includes('Error: ENOSPC'), 'no raw error');
      assert.not.ok(existsSync(join(state, 'run.lock')), 'the run lock is released (after the running commands finished)');
      // every mutating command the node received is in the journal (the state read's read-only calls run inside
      // the one `sh -c` state-read command, which is journalled as that)
      const journalled = lines(journal).filter((l) => l.event === 'command').map((l) => l.argv!.join(' '));
      const received = readAudit(sim).filter((c) => c.mutating).map((c) => c.argv.join(' '));
      assert.ok(received.length > 0, 'the disk filled during the run, not before it');
      const missing = received.filter((c) => !journalled.includes(c));
      assert.equal(missing, [], `sent but not journalled:\n${missing.join('\n')}`);
      // it stopped: work was left undone, said so, and the end of the run is recorded
      const ends = lines(journal).filter((l) => l.event === 'task_end');
      assert.ok(ends.some((l) => l.status === 'not-run' && /interrupted/.test(l.detail ?? '')), 'the rest was not run');
      const end = lines(journal).find((l) => l.event === 'run_end');
      assert.equal([end?.interrupted, end?.stop_reason], [true, 'journal ENOSPC']);
      // space again (the filesystem grown): resume takes that run and converges, nothing created twice
      rmSync(join(state, 'filler'));
      execFileSync('mount', ['-o', 'remount,size=1m', state]);
      const again = await cli(['run', '--resume', 'last'], { cwd: p.dir });
      assert.is(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, new RegExp(`Resuming run ${name!.replace('.jsonl', '').replace(/\./g, '\\.')}: create 950 951 \\(started .*; it was interrupted\\)`));
      const creates = readAudit(sim).filter((c) => c.mutating && /^pct (create|clone) /.test(c.argv.join(' ')));
      assert.is(creates.length, 3, creates.map((c) => c.argv.join(' ')).join('\n'));
    } finally { execFileSync('umount', [state]); }
  } finally {
    p.cleanup();
    rmSync(sim, { recursive: true, force: true });
  }
});

test.run();
