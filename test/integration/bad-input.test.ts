// Bad input: one clear line per error (all at once), exit 1, and the simulator's audit log proves that no
// command reached the node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate } from '../helpers/estate.js';
import { sampleLxc, setAt } from '../helpers/fixtures.js';

async function refused(spec: Parameters<typeof makeEstate>[0], argv: string[], expected: RegExp[]): Promise<void> {
  const e = makeEstate(spec);
  try {
    const r = await e.run(...argv);
    assert.is(r.code, 1, r.stdout + r.stderr);
    for (const x of expected) assert.match(r.stderr, x);
    assert.equal(e.audit(), [], 'no command may reach the node');
  } finally {
    e.cleanup();
  }
}

test('malformed JSON: file, line and column; nothing sent', async () => {
  await refused({ rawFiles: { 'phoenix_lxc_configs.json': '{ "lxc_configs": { "900": { "name": "x", } } }' } }, ['create', '900'],
    [/^phoenix_lxc_configs\.json: line 1, column \d+: /m]);
});

test('schema violations, every one at once, one line each', async () => {
  const lxc = setAt(setAt(sampleLxc(), '/lxc_configs/950/memory_mb', '2048'), '/lxc_configs/900/cores', 0);
  await refused({ lxc }, ['LetsGo'], [
    /^phoenix_lxc_configs\.json: \/lxc_configs\/950\/memory_mb: must be integer$/m,
    /^phoenix_lxc_configs\.json: \/lxc_configs\/900\/cores: must be >= 1$/m,
  ]);
});

test('unknown dependency id, and a cycle named in full', async () => {
  const lxc = sampleLxc();
  lxc.lxc_configs['950']!.dependencies = ['4242'];
  await refused({ lxc }, ['create', '950'], [/\/lxc_configs\/950\/dependencies\/0: unknown guest '4242'/]);
  const cyc = sampleLxc();
  cyc.lxc_configs['900']!.dependencies = ['950'];
  await refused({ lxc: cyc }, ['create', '950'], [/cycle: 900 -> 950 -> 900/]);
});

test('unknown target id: the seed message; nothing sent', async () => {
  await refused({}, ['start', '9999'], [/^Error: Target ID '9999' not found$/m]);
});

test('a raw lxc option that hands the guest the host is refused at plan time', async () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/lxc_options', ['lxc.hook.pre-start: /tmp/pwned.sh']);
  await refused({ lxc }, ['create', '900'], [/lxc_options\/0: sets lxc\.hook\.pre-start, which runs code or paths on the host: refused/]);
});

test.run();
