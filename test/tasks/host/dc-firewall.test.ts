import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dcFirewall, type DcFirewallParams } from '../../../src/tasks/host/dc-firewall.js';
import { parseFwRules, planRules, ruleKey, type WantedRule } from '../../../src/tasks/host/fw-rules.js';
import type { FwRule } from '../../../src/tasks/host/host-facts.js';
import { argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const http: WantedRule = { type: 'in', action: 'ACCEPT', enable: true, proto: 'tcp', dport: '80', comment: 'Allow HTTP' };
const https: WantedRule = { type: 'in', action: 'ACCEPT', enable: true, proto: 'tcp', dport: '443', comment: 'Allow HTTPS' };
const dns: WantedRule = { type: 'in', action: 'ACCEPT', enable: true, proto: 'udp', dport: '53', source: '10.0.0.0/24', dest: '10.0.0.13' };
const p: DcFirewallParams = { enable: true, policyIn: 'DROP', policyOut: 'ACCEPT', rules: [http, https, dns] };
const at = (rules: WantedRule[]): FwRule[] => rules.map((r, pos) => ({ ...r, pos }));
const OPTS = { enable: '1', policy_in: 'DROP', policy_out: 'ACCEPT' };
/** As pvesh prints them: numeric enable, pos. */
const json = (rules: WantedRule[]): string => JSON.stringify(at(rules).map((r) => ({ ...r, enable: r.enable ? 1 : 0 })));

/** PVE's RulesBase semantics: create unshifts, `moveto` re-inserts before the old index, delete splices. */
function pve(list: WantedRule[], argv: string[]): WantedRule[] {
  const [, verb, path, ...opts] = argv;
  const o = new Map<string, string>();
  for (let i = 0; i < opts.length; i += 2) o.set(opts[i]!.slice(2), opts[i + 1]!);
  const pos = Number(path!.split('/').pop());
  if (verb === 'create') {
    const r: WantedRule = { type: o.get('type')!, action: o.get('action')!, enable: o.get('enable') === '1' };
    for (const k of ['proto', 'dport', 'sport', 'source', 'dest', 'iface', 'macro', 'comment'] as const) if (o.has(k)) r[k] = o.get(k)!;
    return [r, ...list];
  }
  if (verb === 'delete') return list.filter((_, i) => i !== pos);
  const moveto = Number(o.get('moveto'));
  const rule = list[pos]!;
  const out: WantedRule[] = [];
  list.forEach((r, i) => { if (i === pos) return; if (i === moveto) out.push(rule); out.push(r); });
  if (moveto >= list.length) out.push(rule);
  return out;
}

test('converged: no change, no command', () => {
  const facts = hostFacts({ firewall: { options: { ...OPTS }, rules: at(p.rules) } });
  assert.equal(planOf(dcFirewall, facts, p), { change: { kind: 'none' }, commands: [] });
});

test('nothing yet: rules added (with --enable 1) before the firewall is enabled', () => {
  const plan = planOf(dcFirewall, hostFacts({ firewall: { options: {}, rules: [] } }), p);
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /add 3 rules; enable 0 -> 1/);
  const sends = argvs(plan);
  let list: WantedRule[] = [];
  for (const c of sends.filter((c) => c[2]!.startsWith('/cluster/firewall/rules'))) list = pve(list, c);
  assert.equal(list.map(ruleKey), p.rules.map(ruleKey));
  assert.ok(sends[0]!.includes('--enable') && sends[0]![sends[0]!.indexOf('--enable') + 1] === '1');
  assert.equal(sends.at(-1), ['pvesh', 'set', '/cluster/firewall/options', '--enable', '1']);
  // after the re-read (as pvesh lists them): converged
  assert.is(planOf(dcFirewall, hostFacts({ firewall: { options: { ...OPTS }, rules: at(list) } }), p).change.kind, 'none');
});

test('stale and missing rules: every create comes before the first delete; the result is the wanted order', () => {
  const stale: WantedRule = { type: 'in', action: 'ACCEPT', enable: true, proto: 'tcp', dport: '8080' };
  const start = [https, stale, http];
  const plan = planOf(dcFirewall, hostFacts({ firewall: { options: { ...OPTS }, rules: at(start) } }), p);
  const verbs = argvs(plan).map((c) => c[1]);
  assert.ok(verbs.lastIndexOf('create') < verbs.indexOf('delete'), `creates before deletes: ${verbs.join(' ')}`);
  let list = [...start];
  for (const c of argvs(plan)) list = pve(list, c);
  assert.equal(list.map(ruleKey), p.rules.map(ruleKey));
});

test('the state read as pvesh prints it (numeric enable, pos) parses into the same rules', () => {
  assert.equal(parseFwRules(json(p.rules)), at(p.rules));
  assert.equal(dcFirewall.hostQuery!(p), { firewall: true });
});

test('planRules against PVE semantics, many shapes: exact result, adds first, wanted rules never absent', () => {
  const pool: WantedRule[] = Array.from({ length: 7 }, (_, i) => ({ type: i % 2 ? 'out' : 'in', action: 'ACCEPT', enable: true, proto: 'tcp', dport: String(1000 + i) }));
  let seed = 7;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let round = 0; round < 300; round++) {
    const pick = (): WantedRule[] => pool.filter(() => rnd(2) === 1).sort(() => rnd(3) - 1);
    const have = pick();
    if (rnd(4) === 0 && have.length) have.push(have[0]!); // a duplicate
    const want = pick();
    let list = [...have];
    let deleting = false;
    for (const op of planRules(at(have), want)) {
      if (op.op === 'create') {
        assert.not.ok(deleting, 'no create after a delete');
        list = pve(list, ['pvesh', 'create', '/cluster/firewall/rules', '--type', op.rule.type, '--action', op.rule.action, '--enable', '1', '--proto', op.rule.proto!, '--dport', op.rule.dport!]);
        if (op.moveto !== undefined) list = pve(list, ['pvesh', 'set', '/cluster/firewall/rules/0', '--moveto', String(op.moveto)]);
      } else {
        deleting = true;
        list = pve(list, ['pvesh', 'delete', `/cluster/firewall/rules/${op.pos}`]);
      }
      for (const w of want) if (have.some((h) => ruleKey(h) === ruleKey(w))) assert.ok(list.some((r) => ruleKey(r) === ruleKey(w)), 'a wanted rule that existed never disappears');
    }
    assert.equal(list.map(ruleKey), want.map(ruleKey), `round ${round}`);
    if (have.map(ruleKey).join('|') === want.map(ruleKey).join('|')) assert.equal(planRules(at(have), want), []);
  }
});

test('policies differ: only the differing options are set', () => {
  const plan = planOf(dcFirewall, hostFacts({ firewall: { options: { enable: '1', policy_in: 'ACCEPT' }, rules: at(p.rules) } }), p);
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'policy_in', from: 'ACCEPT', to: 'DROP' }]);
  assert.equal(argvs(plan), [['pvesh', 'set', '/cluster/firewall/options', '--policy_in', 'DROP']]);
});

test('state unknown (pvesh missing): a failure, not a guess', () => {
  assert.throws(() => planOf(dcFirewall, hostFacts(), p), /datacenter firewall state .* is unknown/);
});

test.run();
