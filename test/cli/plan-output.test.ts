// `plan -o FILE`: a playbook is replaced whole (written beside it, renamed over it, its mode kept), a symlink's
// target is what is replaced, and anything that is not a regular file is written to as it is (`-o /dev/null` once
// replaced the device with a regular file, as root).
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/compile/plan.js';
import { cli } from '../helpers/cli.js';
import { writeProject } from '../helpers/fixtures.js';

test('-o over an existing playbook: replaced whole, its mode kept, no partial file left', async () => {
  const p = writeProject();
  try {
    const out = join(p.dir, 'playbooks', 'create.yaml');
    mkdirSync(join(p.dir, 'playbooks'));
    writeFileSync(out, 'old\n');
    chmodSync(out, 0o640);
    const r = await cli(['plan', 'create', '950', '-o', 'playbooks/create.yaml'], { cwd: p.dir });
    assert.is(r.code, 0, r.stderr);
    assert.is((parse(readFileSync(out, 'utf8')) as Plan).verb, 'create');
    assert.is(statSync(out).mode & 0o777, 0o640);
    assert.equal(readdirSync(join(p.dir, 'playbooks')), ['create.yaml']);
  } finally { p.cleanup(); }
});

test('-o through a symlink replaces its target and keeps the link', async () => {
  const p = writeProject();
  try {
    writeFileSync(join(p.dir, 'real.yaml'), 'old\n');
    symlinkSync('real.yaml', join(p.dir, 'link.yaml'));
    const r = await cli(['plan', 'create', '950', '-o', 'link.yaml'], { cwd: p.dir });
    assert.is(r.code, 0, r.stderr);
    assert.ok(lstatSync(join(p.dir, 'link.yaml')).isSymbolicLink());
    assert.is((parse(readFileSync(join(p.dir, 'real.yaml'), 'utf8')) as Plan).verb, 'create');
  } finally { p.cleanup(); }
});

test('-o /dev/null writes to the device and leaves it a device', async () => {
  const p = writeProject();
  try {
    const r = await cli(['plan', 'create', '950', '-o', '/dev/null'], { cwd: p.dir });
    assert.is(r.code, 0, r.stderr);
    assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still a character device');
    assert.not.ok(existsSync(`/dev/null.${process.pid}.partial`));
  } finally { p.cleanup(); }
});

test.run();
