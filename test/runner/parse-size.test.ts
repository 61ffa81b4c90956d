// Sizes in config values as PVE prints them (pve-common JSONSchema.pm `format_size`) and reads them (`parse_size`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sizeMiB } from '../../src/tasks/props.js';

test('units as format_size writes them', () => {
  assert.equal(['4K', '512M', '8G', '1T', '16384M'].map(sizeMiB), [4 / 1024, 512, 8192, 1024 * 1024, 16384]);
  assert.equal(['8GiB', '512MiB', '1.5G'].map(sizeMiB), [8192, 512, 1536], 'parse_size also takes KiB/MiB/GiB/TiB and decimals');
});

test('a bare number is BYTES: format_size prints plain bytes when the size is not a whole number of KiB', () => {
  assert.is(sizeMiB('1073741825'), 1024 + 1 / 1024 ** 2);
  assert.ok(sizeMiB('1073741825')! > sizeMiB('1G')!, 'one byte more than 1G');
  assert.ok(sizeMiB('1073741825')! < sizeMiB('2G')!);
  assert.is(sizeMiB('512'), 512 / 1024 ** 2, 'not 512 MiB');
});

test('what parse_size refuses is unknown, not a guess', () => {
  assert.equal(['8g', '8GB', '8 G', '', 'G', '-1G'].map(sizeMiB), [undefined, undefined, undefined, undefined, undefined, undefined]);
  assert.is(sizeMiB(undefined), undefined);
});

test.run();
