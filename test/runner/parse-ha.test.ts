// `<pveRoot>/ha/resources.cfg` as PVE::SectionConfig writes it (`ha-manager add ct:950`): which guests HA manages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHaResources } from '../../src/runner/facts/parse-ha.js';

test('ct: and vm: sections are HA-managed; other resource types are not guests', () => {
  const cfg = 'ct: 950\n\tstate started\n\tmax_restart 1\n\nvm: 1001\n\tgroup prefer-pve\n\nfoo: bar\n\tstate started\n\nCT: 77\n';
  assert.equal(parseHaResources(cfg), ['77', '950', '1001']);
});

test('`state ignored` behaves as not managed (Config.pm $service_check_ha_state); comments skipped', () => {
  assert.equal(parseHaResources('# managed by hand\nct: 950\n\tstate ignored\n\nct: 951\n\t# a note\n\tstate stopped\n'), ['951']);
});

test('a header only counts after an empty line, as SectionConfig reads a section up to the first empty line', () => {
  assert.equal(parseHaResources('ct: 950\n\tstate started\nvm: 1001\n\tstate started\n'), ['950']);
});

test('empty or absent: nothing is managed', () => {
  assert.equal(parseHaResources(''), []);
});

test.run();
