// Hostile corpus, NUL bytes: JSON can carry "\u0000", but no argv element can hold one (execve ends the string
// there; over SSH the remote shell would cut the command). A NUL in any string that reaches a command makes the
// config invalid: it must be refused up front with file + JSON path, before any command is sent.
import { test } from 'uvu';
import { ct, VM_DEFAULTS } from './argv-helpers.js';
import { assertRefused } from './hostile-helpers.js';

const L = 'phoenix_lxc_configs.json: /lxc_configs/960';
const NUL = 'a\u0000b';

const cases: [string, Record<string, unknown>, string][] = [
  ['template', { template: `local:vztmpl/${NUL}.tar.zst` }, 'template'],
  ['mount_points[].host_path', { mount_points: [{ host_path: `/srv/${NUL}`, container_path: '/data' }] }, 'mount_points/0/host_path'],
  ['health_check.command array element', { health_check: { command: ['echo', NUL] } }, 'health_check/command'],
  ['firewall.rules[].comment', { firewall: { enabled: true, rules: [{ type: 'in', action: 'ACCEPT', comment: NUL }] } }, 'firewall/rules/0/comment'],
];

for (const [name, extra, path] of cases) {
  test(`a NUL byte in ${name} is refused at ${L}/${path} before anything is sent`, async () => {
    const lxc = { lxc_configs: { '960': ct('960', extra) } };
    await assertRefused({ lxc, vm: { vm_defaults: VM_DEFAULTS, vms: [] }, scripts: null }, [new RegExp(`^${L}/${path}(/\\d+)?: `)], ['create', '960']);
  });
}

test.run();
