// Hostile corpus, malformed files: broken JSON/YAML in each file Phoenix reads. Each is refused with the file and
// a position or JSON path, exit 1, and the simulator's audit log stays empty.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sampleLxc, sampleVm } from '../helpers/fixtures.js';
import { assertRefused, runFresh } from './hostile-helpers.js';
import { simNodeConfig } from '../helpers/sim.js';

const LXC = 'phoenix_lxc_configs.json';
const VM = 'phoenix_vm_configs.json';
const HV = 'phoenix_hypervisor_config.json';
const CFG = 'phoenix.config.yaml';

test('JSON: trailing comma in the LXC file -> file, line and column', async () => {
  await assertRefused({ rawFiles: { [LXC]: '{ "lxc_configs": {\n  "900": { "name": "x" },\n} }' } }, [/^phoenix_lxc_configs\.json: line 3, column \d+: .+/]);
});

test('JSON: truncated VM file -> file, line and column', async () => {
  const text = JSON.stringify(sampleVm(), null, 2);
  await assertRefused({ rawFiles: { [VM]: text.slice(0, Math.floor(text.length / 2)) } }, [/^phoenix_vm_configs\.json: line \d+, column \d+: .+/]);
});

test('JSON: empty hypervisor file -> file, line 1', async () => {
  await assertRefused({ rawFiles: { [HV]: '' } }, [/^phoenix_hypervisor_config\.json: line 1, column 1: .+/]);
});

test('JSON: a // comment is not JSON -> file, line and column', async () => {
  await assertRefused({ rawFiles: { [LXC]: `// my containers\n${JSON.stringify(sampleLxc())}` } }, [/^phoenix_lxc_configs\.json: line 1, column 1: .+/]);
});

test('JSON: single-quoted strings and NaN -> file, line and column', async () => {
  await assertRefused({ rawFiles: { [HV]: "{ 'domain_name': NaN }" } }, [/^phoenix_hypervisor_config\.json: line 1, column 3: .+/]);
});

test('JSON: duplicate guest id key in the LXC file (JSON would silently keep the last) -> JSON path', async () => {
  const text = `{ "lxc_configs": { "950": ${JSON.stringify(sampleLxc().lxc_configs['950'])}, "950": ${JSON.stringify(sampleLxc().lxc_configs['900'])} } }`;
  await assertRefused({ rawFiles: { [LXC]: text } }, [/^phoenix_lxc_configs\.json: \/lxc_configs\/950: duplicate key/]);
});

test('JSON: duplicate nested key in a VM entry -> JSON path of the key', async () => {
  const text = JSON.stringify(sampleVm()).replace('"name":"worker"', '"name":"worker","name":"other"');
  await assertRefused({ rawFiles: { [VM]: text } }, [/^phoenix_vm_configs\.json: \/vms\/1\/name: duplicate key/]);
});

test('JSON: a top-level array instead of an object -> "/: must be object"', async () => {
  await assertRefused({ rawFiles: { [HV]: '[]' } }, ['phoenix_hypervisor_config.json: /: must be object']);
});

test('JSON: a UTF-8 BOM is either accepted as the same document or refused with the file name', async () => {
  const plain = await runFresh({}, ['plan', 'create', '950', '--format', 'json']);
  const bom = await runFresh({ rawFiles: { [LXC]: `\uFEFF${JSON.stringify(sampleLxc())}` } }, ['plan', 'create', '950', '--format', 'json']);
  assert.is(plain.r.code, 0, plain.r.stderr);
  assert.equal(bom.audit, [], 'plan contacts no node');
  // each run has its own project directory, which plans name (a node's host root): compare without it
  const steps = (out: string): unknown => (JSON.parse(out.replace(/\/tmp\/phoenix-project-[^/"]+/g, '<project>')) as { steps: unknown }).steps;
  if (bom.r.code === 0) assert.equal(steps(bom.r.stdout), steps(plain.r.stdout));
  else assert.match(bom.r.stderr, /^Error: phoenix_lxc_configs\.json: /m);
});

test('YAML config: unclosed flow sequence -> config file, line and column', async () => {
  await assertRefused({ rawFiles: { [CFG]: 'configs:\n  lxc: [unclosed\n  vm: x\n' } }, [/^phoenix\.config\.yaml: line \d+, column \d+: .+/]);
});

test('YAML config: tab indentation -> config file, line 2', async () => {
  await assertRefused({ rawFiles: { [CFG]: 'configs:\n\thypervisor: ./a.json\n' } }, [/^phoenix\.config\.yaml: line 2, column \d+: .+/]);
});

test('YAML config: duplicate top-level key -> config file and position', async () => {
  const text = 'configs:\n  hypervisor: ./phoenix_hypervisor_config.json\n  lxc: ./phoenix_lxc_configs.json\n  vm: ./phoenix_vm_configs.json\n'
    + 'inventory:\n  nodes:\n    pve: { connection: local, hostRoot: ./.phoenix/sim/pve/host }\n'
    + 'configs:\n  hypervisor: /etc/passwd\n  lxc: /etc/passwd\n  vm: /etc/passwd\n';
  await assertRefused({ rawFiles: { [CFG]: text } }, [/^phoenix\.config\.yaml: (line \d+, column \d+|\/configs): .*(unique|duplicate)/i]);
});

test('YAML config: an alias bomb (billion laughs) is refused, not expanded', async () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) { const p = String.fromCharCode(96 + i); const n = String.fromCharCode(97 + i); lines.push(`${n}: &${n} [${Array(10).fill(`*${p}`).join(',')}]`); }
  await assertRefused({ rawFiles: { [CFG]: `${lines.join('\n')}\nconfigs: *i\n` } }, [/^phoenix\.config\.yaml: .+/]);
});

test('YAML config: an additional property -> "/: must NOT have additional property"', async () => {
  await assertRefused({ config: { colour: 'blue' } }, ["phoenix.config.yaml: /: must NOT have additional property 'colour'"]);
});

test('YAML config: an additional property in a node (e.g. a shell hook) -> its JSON path', async () => {
  const inventory = { nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), preCommand: 'touch /tmp/x' } } };
  await assertRefused({ inventory }, ["phoenix.config.yaml: /inventory/nodes/pve: must NOT have additional property 'preCommand'"]);
});

test('YAML config: a configs path that is not a string -> its JSON path', async () => {
  await assertRefused({ config: { configs: { hypervisor: ['a'], lxc: './phoenix_lxc_configs.json', vm: './phoenix_vm_configs.json' } } },
    [/^phoenix\.config\.yaml: \/configs\/hypervisor: must be string$/]);
});

test('YAML inventory (-i): malformed YAML -> inventory file, line and column', async () => {
  await assertRefused({ rawFiles: { 'inv.yaml': 'nodes:\n  pve: { connection: local, hostRoot: ./s\n' } }, [/^inv\.yaml: line \d+, column \d+: .+/], ['create', '--all', '-i', 'inv.yaml']);
});

test('YAML inventory (-i): nodes as a list -> inventory file and JSON path', async () => {
  await assertRefused({ rawFiles: { 'inv.yaml': 'nodes:\n  - pve\n' } }, [/^inv\.yaml: \/nodes: must be object$/], ['create', '--all', '-i', 'inv.yaml']);
});

test('YAML inventory (-i): an unknown connection kind -> its JSON path', async () => {
  await assertRefused({ rawFiles: { 'inv.yaml': 'nodes:\n  pve: { connection: telnet }\n' } }, ['inv.yaml: /nodes/pve/connection: must be one of: local, ssh'], ['create', '--all', '-i', 'inv.yaml']);
});

test.run();
