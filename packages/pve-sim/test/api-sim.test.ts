// The simulator refuses what the PVE API schema refuses, before anything runs, with PVE's text and exit code; the
// extract is cached per schema file identity; without a schema nothing is checked.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { schemaLocation } from '../src/api/load-schema.js';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const loc = schemaLocation();
const schemaFile = loc?.file;

if (!schemaFile || !existsSync(schemaFile)) {
  console.log(`api-sim: skipped, no PVE API schema at ${schemaFile ?? '(PVE_SIM_API_SCHEMA=none)'}`);
} else {
  const cache = mkdtempSync(join(tmpdir(), 'pve-sim-api-cache-'));
  const sim = makeSimState({ env: { PVE_SIM_API_CACHE: cache } });
  test.after(() => { sim.cleanup(); rmSync(cache, { recursive: true, force: true }); });

  test('a misspelt option, a bad property-string key and a bad value are refused as PVE refuses them; nothing is written', () => {
    assert.is(sim.run(['pct', 'create', '100', TPL, '--storage', 'local-lvm', '--hostname', 'a', '--net0', 'name=eth0,bridge=vmbr0,ip=dhcp']).code, 0);
    let r = sim.run(['pct', 'set', '100', '--memroy', '1']);
    assert.equal([r.code, r.stderr], [255, 'Unknown option: memroy\n400 unable to parse option\npct set <vmid> [OPTIONS]\n']);
    r = sim.run(['pct', 'set', '100', '--net0', 'name=eth0,bridgee=vmbr0']);
    assert.equal([r.code, r.stderr], [255, '400 Parameter verification failed.\nnet0: invalid format - format error\nnet0.bridgee: property is not defined in schema and the schema does not allow additional properties\n\npct set <vmid> [OPTIONS]\n']);
    r = sim.run(['pct', 'set', '100', '--tags', 'a!b']);
    assert.equal([r.code, r.stderr], [255, '400 Parameter verification failed.\ntags: invalid format - invalid characters in tag\n\npct set <vmid> [OPTIONS]\n']);
    r = sim.run(['qm', 'create', '9000', '--scsi0', 'local-lvm:0,import_from=/x.img']);
    assert.is(r.code, 255);
    assert.match(r.stderr, /^400 Parameter verification failed\.\nscsi0: invalid format - format error\nscsi0\.import_from: property is not defined/);
    assert.is(sim.run(['qm', 'status', '9000']).code, 2, 'the refused create made no VM');
    const cfg = sim.run(['pct', 'config', '100']).stdout;
    assert.match(cfg, /^net0: name=eth0,bridge=vmbr0,/m);
    assert.not.match(cfg, /^tags:/m);
    const audit = sim.audit().filter((a) => a.argv[1] === 'set');
    assert.equal(audit.map((a) => a.code), [255, 255, 255], 'the audit log has the refused calls');
  });

  test('pvesh: a path the API does not have exits 1 with extract_path_info\'s text; a bad path parameter is refused', () => {
    let r = sim.run(['pvesh', 'get', '/foo/bar']);
    assert.equal([r.code, r.stderr], [1, "No 'get' handler defined for '/foo/bar'\n"]);
    r = sim.run(['pvesh', 'get', '/nodes/pve/lxc/abc/config']);
    assert.equal([r.code, r.stderr], [255, "400 Parameter verification failed.\nvmid: type check ('integer') failed - got 'abc'\npvesh get <api_path> [OPTIONS] [FORMAT_OPTIONS]\n"]);
    r = sim.run(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']);
    assert.is(r.code, 0, r.stderr);
  });

  test('the extract is cached once per schema file (path, mtime, size); accepted argvs are remembered, refused ones not', () => {
    const dirs = readdirSync(cache).filter((d) => d.startsWith('pve-api-'));
    assert.is(dirs.length, 1);
    const dir = join(cache, dirs[0] as string);
    assert.ok(existsSync(join(dir, 'keys.json')) && existsSync(join(dir, 'POST%20%2Fnodes%2F%7Bnode%7D%2Flxc.json')));
    const okDirs = readdirSync(dir).filter((d) => d.startsWith('ok-'));
    assert.is(okDirs.length, 1, 'verdicts of one build of the validator');
    const ok = join(dir, okDirs[0] as string);
    const oks = readdirSync(ok).length;
    sim.run(['pct', 'set', '100', '--memroy', '1']);
    assert.is(readdirSync(ok).length, oks, 'a refusal is never cached');
    sim.run(['pct', 'set', '100', '--memory', '640']);
    assert.is(readdirSync(ok).length, oks + 1);
    sim.run(['pct', 'set', '100', '--memory', '640']);
    assert.is(readdirSync(ok).length, oks + 1, 'the same argv again: found, not added');
    const copy = join(cache, 'schema-copy.json');
    copyFileSync(schemaFile, copy);
    utimesSync(copy, new Date(2001, 1, 1), new Date(2001, 1, 1));
    const r = sim.run(['pct', 'set', '100', '--memroy', '1'], { env: { PVE_SIM_API_SCHEMA: copy } });
    assert.is(r.code, 255);
    assert.is(readdirSync(cache).filter((d) => d.startsWith('pve-api-')).length, 2, 'another file, another extract');
  });

  test('PVE_SIM_API_SCHEMA=none turns the checks off; a named schema that is missing fails every call', () => {
    let r = sim.run(['pct', 'set', '100', '--tags', 'a!b'], { env: { PVE_SIM_API_SCHEMA: 'none' } });
    assert.is(r.code, 0, 'the simulator itself does not check tag characters');
    r = sim.run(['pct', 'status', '100'], { env: { PVE_SIM_API_SCHEMA: '/nonexistent/pve-api-schema.json' } });
    assert.equal([r.code, r.stderr], [255, "pve-sim: PVE_SIM_API_SCHEMA: cannot read '/nonexistent/pve-api-schema.json'\n"]);
    r = sim.run(['zfs', 'list'], { env: { PVE_SIM_API_SCHEMA: '/nonexistent/pve-api-schema.json' } });
    assert.not.ok(r.stderr.includes('PVE_SIM_API_SCHEMA'), 'tools outside the API are not checked');
  });
}

test.run();
