// The parts of the validator the Perl oracle (api-oracle.test.ts) cannot cover: Perl-to-JS regex translation, the
// formats of pve-container / qemu-server / pve-storage / pve-firewall (texts from their sources), the `[n]`
// families, and the CLI table against the schema.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkArgv } from '../src/api/check-argv.js';
import { checkFormat } from '../src/api/check-format.js';
import { PCT, PVESM, QM, type ApiCommand, type Table } from '../src/api/cmddef.js';
import { formatFromTypetext } from '../src/api/hash-formats.js';
import { propOf } from '../src/api/index-families.js';
import { netIpError } from '../src/api/ip.js';
import { loadApiSchema } from '../src/api/load-schema.js';
import { anchoredPattern } from '../src/api/perl-regex.js';
import { methodKey } from '../src/api/types.js';

const fmt = (format: string, v: string, typetext?: string): string | undefined => checkFormat(format, v, 'x', typetext, { unchecked: new Set() });

test('Perl patterns: (?^i:) groups fold case only inside, {,n} is {0,n}, $ allows a final newline, ^a|b$ binds as in Perl', () => {
  const tag = anchoredPattern('(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)');
  assert.ok(tag.test('Web-1'));
  assert.not.ok(tag.test('-web'));
  const mixed = anchoredPattern('x(?^i:ab)y');
  assert.ok(mixed.test('xABy'));
  assert.not.ok(mixed.test('XABy'), 'outside the group case still counts');
  const vendor = anchoredPattern('[A-Za-z0-9\\-_\\s]{,8}');
  assert.ok(vendor.test('') && vendor.test('ABCDEFGH'));
  assert.not.ok(vendor.test('ABCDEFGHI'));
  assert.ok(anchoredPattern('\\d+').test('12\n'), 'Perl $ matches before a final newline');
  assert.not.ok(anchoredPattern('\\d+').test('12\n\n'));
  const alt = anchoredPattern('(?:acl|properties)|none');
  assert.ok(alt.test('acl-and-more'), '^(...)|none$ : the first branch is only anchored at the start');
  assert.ok(alt.test('xnone'));
});

test('LXC formats: mount point paths, device paths, link-local nameservers', () => {
  assert.is(fmt('pve-lxc-mp-string', '/srv/data'), undefined);
  assert.is(fmt('pve-lxc-mp-string', '/srv/../etc'), '/srv/../etc contains illegal character sequences\n');
  assert.is(fmt('pve-lxc-mp-string', '../x'), '../x contains illegal character sequences\n');
  assert.is(fmt('pve-lxc-dev-string', '/dev/dri/card0'), undefined);
  assert.is(fmt('pve-lxc-dev-string', '/tmp/x'), '/tmp/x is not a valid device path\n');
  assert.is(fmt('lxc-ip-with-ll-iface-list', '10.0.0.1 fe80::1%eth0'), undefined);
  assert.is(fmt('lxc-ip-with-ll-iface-list', '10.0.0.1,dns.example'), 'value does not look like a valid IP address\n');
});

test('qemu formats: volumes or paths, boot devices, hotplug, ipconfig (transcribed), other named formats by typetext', () => {
  assert.is(fmt('pve-volume-id-or-qm-path', 'local-lvm:0'), undefined);
  assert.is(fmt('pve-volume-id-or-qm-path', 'none'), undefined);
  assert.is(fmt('pve-volume-id-or-absolute-path', '/var/lib/vz/x.img'), undefined);
  assert.is(fmt('pve-volume-id-or-absolute-path', 'noble.img'), "unable to parse volume ID 'noble.img'\n");
  assert.is(fmt('pve-qm-boot', 'order=scsi0;net0'), undefined);
  assert.is(fmt('pve-qm-boot', 'order=scsi0;efidisk0'), "format error\nx.order: invalid format - invalid boot device 'efidisk0'\n\n");
  assert.is(fmt('pve-hotplug-features', 'disk,memory'), undefined);
  assert.is(fmt('pve-hotplug-features', 'disk,ram'), "invalid hotplug feature 'ram'\n");
  assert.is(fmt('pve-qm-ipconfig', 'ip=10.0.0.5/24,gw=10.0.0.1'), undefined);
  assert.is(fmt('pve-qm-ipconfig', 'ip=dhcp'), undefined);
  assert.is(fmt('pve-qm-ipconfig', 'gw=10.0.0.1'), "format error\nx.ip: missing property required by 'x.gw'\n");
  assert.is(fmt('pve-qm-ipconfig', 'ip=10.0.0.5'), 'format error\nx.ip: invalid format - value does not look like a valid ipv4 network configuration\n\n');
  const cpu = '[[cputype=]<string>] [,flags=<+FLAG[;-FLAG...]>] [,hidden=<1|0>]';
  assert.equal(formatFromTypetext(cpu), { cputype: { type: 'string', optional: 1, default_key: 1 }, flags: { type: 'string', optional: 1 }, hidden: { type: 'boolean', optional: 1 } });
  const ctx = { unchecked: new Set<string>() };
  assert.is(checkFormat('pve-vm-cpu-conf', 'host,bogus=1', 'cpu', cpu, ctx), 'format error\ncpu.bogus: property is not defined in schema and the schema does not allow additional properties\n');
  assert.equal([...ctx.unchecked], ['pve-vm-cpu-conf (keys only)']);
});

test('storage formats: content types, paths, servers', () => {
  assert.is(fmt('pve-storage-content-list', 'images,rootdir,import'), undefined);
  assert.is(fmt('pve-storage-content-list', 'images,disks'), "invalid content type 'disks'\n");
  assert.is(fmt('pve-storage-path', 'srv'), 'value does not look like a valid absolute path\n');
  assert.is(fmt('pve-storage-server', 'nas.lan'), undefined);
  assert.is(fmt('pve-storage-server', 'nas_1'), 'value does not look like a valid server name or IP address\n');
});

test('firewall formats: ports as numbers, n:m ranges or /etc/services names; addresses as Net::IP takes them', () => {
  assert.is(fmt('pve-fw-dport-spec', '22,80:90'), undefined);
  assert.is(fmt('pve-fw-dport-spec', '22-80'), "invalid port '22-80'\n");
  assert.is(fmt('pve-fw-dport-spec', '90:80'), "backwards range '90:80' not allowed, did you mean '80:90'?\n");
  assert.is(fmt('pve-fw-dport-spec', '70000'), "invalid port '70000'\n");
  assert.is(fmt('pve-fw-sport-spec', '22,'), 'extraneous commas in list\n');
  assert.is(fmt('pve-fw-addr-spec', '10.0.0.0/24'), undefined);
  assert.is(fmt('pve-fw-addr-spec', '+mynet'), undefined);
  assert.is(fmt('pve-fw-addr-spec', '10.0.0.5/24'), 'invalid IP address: Invalid prefix 00001010000000000000000000000101/24\n');
  assert.is(fmt('pve-fw-addr-spec', '10.0.0.1,fe80::1'), "detected mixed ipv4/ipv6 addresses in address list '10.0.0.1,fe80::1'\n");
  // Net::IP texts, as perl -MNet::IP prints them
  assert.is(netIpError('10.0.0.5/33'), 'Prefix length 33 is longer than IP address (32)');
  assert.is(netIpError('10.0.0.9-10.0.0.5'), 'Begin address is greater than End address 10.0.0.9 - 10.0.0.5');
  assert.is(netIpError('300.1.1.1'), 'Invalid quad in IP address 300.1.1.1 - 300');
  assert.is(netIpError('10/8'), undefined);
});

test('numbered options exist up to the maxima of the sources: net0..31, mp0..255, scsi0..30, ide0..3', () => {
  const props = { 'net[n]': { type: 'string' }, 'mp[n]': { type: 'string' }, 'scsi[n]': { type: 'string' }, 'ide[n]': { type: 'string' } };
  assert.ok(propOf(props, 'net31') && propOf(props, 'mp255') && propOf(props, 'scsi30') && propOf(props, 'ide3'));
  assert.not.ok(propOf(props, 'net32') ?? propOf(props, 'mp256') ?? propOf(props, 'scsi31') ?? propOf(props, 'ide4') ?? propOf(props, 'net01'));
});

const api = loadApiSchema();
if (!api) {
  console.log('api-formats: the schema tests skipped, the PVE API schema is absent');
} else {
  const schema = api;
  test('every API-backed command of the CLI tables names a method of the schema, with the Perl name $cmddef gives', () => {
    const wrong: string[] = [];
    const walk = (t: Table, prefix: string): void => {
      for (const [w, c] of Object.entries(t)) {
        if ('alias' in c && typeof c.alias === 'string') continue;
        if ('path' in c && typeof c.path === 'string') {
          const cmd = c as ApiCommand;
          const m = schema.method(methodKey(cmd.method, cmd.path));
          if (m?.name !== cmd.name) wrong.push(`${prefix} ${w}: ${cmd.method} ${cmd.path} is ${m ? `'${m.name}'` : 'absent'}, not '${cmd.name}'`);
          for (const a of cmd.args) if (m && !propOf(m.properties, a)) wrong.push(`${prefix} ${w}: no parameter '${a}'`);
        } else if (!('args' in c)) walk(c as Table, `${prefix} ${w}`);
      }
    };
    walk(PCT, 'pct');
    walk(QM, 'qm');
    walk(PVESM, 'pvesm');
    assert.equal(wrong, []);
  });

  test('whole argvs: a real property string passes, a misspelt key or a bad value is refused with the key named', () => {
    const ok = checkArgv(schema, ['qm', 'create', '9000', '--scsi0', 'local-lvm:0,import-from=/var/lib/vz/template/iso/noble.img', '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1', '--boot', 'order=scsi0']);
    assert.is(ok.status, 'ok');
    const bad = checkArgv(schema, ['qm', 'create', '9000', '--scsi0', 'local-lvm:0,import_from=/x.img']);
    assert.is(bad.status === 'refused' && bad.stderr, '400 Parameter verification failed.\nscsi0: invalid format - format error\nscsi0.import_from: property is not defined in schema and the schema does not allow additional properties\n\nqm create <vmid> [OPTIONS]\n');
    const mp = checkArgv(schema, ['pct', 'set', '950', '--mp0', 'local-lvm:10,mp=/srv/../etc']);
    assert.is(mp.status === 'refused' && mp.errors?.['mp0'], 'invalid format - format error\nmp0.mp: invalid format - /srv/../etc contains illegal character sequences\n\n');
    const fw = checkArgv(schema, ['pvesh', 'create', '/nodes/pve/lxc/950/firewall/rules', '--type', 'in', '--action', 'ACCEPT', '--dport', '22-80']);
    assert.is(fw.status === 'refused' && fw.errors?.['dport'], "invalid format - invalid port '22-80'\n");
  });
}

test.run();
