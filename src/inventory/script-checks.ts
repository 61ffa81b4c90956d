// Every script a run could need, named where the configuration refers to it: features/<name>.sh (a CT's may be
// features/<name>.host.sh, run on the node: script-contracts.ts), apps/<file>,
// health/<file> (a health check whose command names a script), tests/<path> of guest and hypervisor suites. Each
// must be a readable regular file under the scripts directory; the plan hashes it and the runner sends it.
import { accessSync, constants, lstatSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { GuestEntry } from './guest-entries.js';
import { isRecord, pointerTo } from './prune-errors.js';
import { featureScript, IN_GUEST } from './script-contracts.js';

export function featureScriptPath(scriptsDir: string, feature: string): string {
  return join(scriptsDir, 'features', `${feature}.sh`);
}

export function applicationScriptPath(scriptsDir: string, script: string): string {
  return join(scriptsDir, 'apps', script);
}

/** A place in the configuration that names a script: `file: /pointer`, what it is, its path under the scripts dir. */
export interface ScriptReference { label: string; pointer: string; what: string; rel: string; hint?: string }

/** How a script file is: usable, or why not. */
export type ScriptState = 'ok' | 'missing' | 'broken-link' | 'unreadable' | { notFile: string };

/**
 * A health check whose command's first word ends in one of these names a script: compile/script-params.ts pushes
 * health/<its file name>. Any other first word is an argv run as it is in the guest.
 */
const SCRIPT_NAME = /\.(sh|bash|py|pl|rb)$/;
const HEALTH_HINT = 'a health check command naming a script file runs the copy under scripts/health/; '
  + 'to run a file that is already in the guest, name its interpreter first (["/bin/sh", "/path/in/guest.sh"])';

export function probeScript(path: string): ScriptState {
  let st: Stats | undefined;
  try { st = statSync(path, { throwIfNoEntry: false }); } catch { return 'unreadable'; }
  if (!st) return lstatSync(path, { throwIfNoEntry: false }) ? 'broken-link' : 'missing';
  if (!st.isFile()) return { notFile: st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device' };
  try { accessSync(path, constants.R_OK); } catch { return 'unreadable'; }
  return 'ok';
}

function healthReference(e: GuestEntry, scriptsDir: string, probe: (p: string) => ScriptState): ScriptReference | undefined {
  const h: unknown = e.config.health_check;
  const command = isRecord(h) ? h['command'] : undefined;
  const first = typeof command === 'string' ? command.trim().split(/\s+/)[0] : Array.isArray(command) ? command[0] : undefined;
  if (typeof first !== 'string' || first === '') return undefined;
  const rel = `health/${first.split('/').pop() ?? first}`;
  // a plain command (`curl -fs ...`) is no script; a file under health/ of that name is one, whatever it is called
  if (!SCRIPT_NAME.test(rel) && probe(join(scriptsDir, rel)) === 'missing') return undefined;
  const pointer = `${e.pointer}/health_check/command${Array.isArray(command) ? '/0' : ''}`;
  return { label: e.label, pointer, what: 'health check script', rel, hint: HEALTH_HINT };
}

function suiteReferences(label: string, base: string, tests: unknown, who: string): ScriptReference[] {
  if (!isRecord(tests)) return [];
  const out: ScriptReference[] = [];
  for (const [suite, cases] of Object.entries(tests)) {
    if (!Array.isArray(cases)) continue;
    cases.forEach((t: unknown, i) => {
      if (!isRecord(t) || typeof t['path'] !== 'string') return;
      const name = typeof t['name'] === 'string' ? t['name'] : t['path'];
      out.push({ label, pointer: `${pointerTo(pointerTo(base, suite), i)}/path`, what: `script of ${who}test '${suite}/${name}'`, rel: `tests/${t['path']}` });
    });
  }
  return out;
}

/** Every script reference of the guests (and of the hypervisor file's `tests`), in file order. */
export function scriptReferences(
  entries: readonly GuestEntry[], hypervisor: { label: string; tests: unknown } | undefined, scriptsDir: string,
  probe: (p: string) => ScriptState = probeScript,
): ScriptReference[] {
  const out: ScriptReference[] = [];
  for (const e of entries) {
    const features: unknown = e.config.features;
    if (Array.isArray(features)) {
      features.forEach((f: unknown, i) => {
        if (typeof f !== 'string') return;
        // a CT's feature may be host-side (features/<name>.host.sh, the original's contract: script-contracts.ts)
        const s = featureScript(e.kind, f, (rel) => probe(join(scriptsDir, rel)) !== 'missing');
        const what = `script of feature '${f}'${s.contract === IN_GUEST ? '' : ' (host-side)'}`;
        out.push({ label: e.label, pointer: `${e.pointer}/features/${i}`, what, rel: s.rel });
      });
    }
    const app: unknown = e.config.application_script;
    if (e.kind === 'lxc' && typeof app === 'string' && app !== '') {
      out.push({ label: e.label, pointer: `${e.pointer}/application_script`, what: 'application script', rel: `apps/${app}` });
    }
    const health = healthReference(e, scriptsDir, probe);
    if (health) out.push(health);
    out.push(...suiteReferences(e.label, `${e.pointer}/tests`, e.config.tests, ''));
  }
  if (hypervisor) out.push(...suiteReferences(hypervisor.label, '/tests', hypervisor.tests, 'hypervisor '));
  return out;
}

function stateText(s: Exclude<ScriptState, 'ok'>): string {
  if (s === 'missing') return 'not found';
  if (s === 'broken-link') return 'is a symbolic link to nothing';
  if (s === 'unreadable') return 'is not readable';
  return `is not a regular file (${s.notFile})`;
}

/** One `file: /pointer: what: path problem` line per reference whose script is not a readable regular file. */
export function scriptProblems(
  entries: readonly GuestEntry[], scriptsDir: string, probe: (p: string) => ScriptState = probeScript,
  hypervisor?: { label: string; tests: unknown },
): string[] {
  const problems: string[] = [];
  for (const r of scriptReferences(entries, hypervisor, scriptsDir, probe)) {
    const path = join(scriptsDir, r.rel);
    const state = probe(path);
    if (state === 'ok') continue;
    problems.push(`${r.label}: ${r.pointer}: ${r.what}: ${path} ${stateText(state)}${state === 'missing' && r.hint ? ` (${r.hint})` : ''}`);
  }
  return problems;
}
