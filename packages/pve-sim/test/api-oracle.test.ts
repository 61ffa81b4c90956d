// The validator against the real Perl (pve-common's get_options, validate and getopt_usage, see api-perl-oracle.ts):
// for each argv, the TypeScript verdict and text must be exactly what Perl prints, refusals and acceptances alike.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkArgv } from '../src/api/check-argv.js';
import { cliSpec, type CommandSpec } from '../src/api/command-spec.js';
import { pveshSpec } from '../src/api/check-pvesh.js';
import { findHandler } from '../src/api/find-handler.js';
import { FAMILY_COUNT } from '../src/api/index-families.js';
import { loadApiSchema } from '../src/api/load-schema.js';
import { schemaOf, type ApiSchema, type HttpMethod, type Method, type Prop } from '../src/api/types.js';
import { perlOracle, type OracleCase } from './api-perl-oracle.js';

const W = (s: string): string[] => s.split(' ');
const CASES: string[][] = [
  // pct: accepted
  W('pct create 950 local:vztmpl/ubuntu.tar.zst --hostname web1 --memory 2048 --cores 2 --rootfs local-lvm:8 --storage local-lvm --net0 name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,type=veth --unprivileged 1 --onboot 1 --tags phoenix --startup order=2,up=30,down=30 --nameserver 10.0.0.1 --features nesting=1,keyctl=1'),
  W('pct set 950 --memory 4096 --swap 512 --delete nameserver,features'),
  W('pct set 950 --mp0 local-lvm:10,mp=/srv/data,backup=1'),
  W('pct set 950 -delete mp0 -delete mp1'),
  W('pct set 950 --net0 name=eth0,bridge=vmbr0,firewall=1,tag=10,trunks=10;20,hwaddr=BC:24:11:00:00:01'),
  W('pct set 950 --MEMORY 512'), W('pct set 950 --mem 512'), W('pct set 950 --memory=512'), W('pct set 950 -memory 512'),
  W('pct set 950 --onboot --memory 512'), W('pct set 950 --onboot=no'), W('pct set 950 --net0 name=eth0,firewall=on'),
  W('pct set 950 --startup 3'), W('pct set 950 --startup up=5'), W('pct set 950 --tags a;b,c'),
  W('pct set 950 --memory 20 --memory 30'), W('pct set 950 --net0 name=a,,tag=4'), W('pct set 950 --cores 2 --cpulimit 1.5'),
  W('pct clone 900 950 --snapname base --hostname web --storage local-lvm --full 1'),
  W('pct resize 950 rootfs 20G'), W('pct resize 950 mp0 +5G'), W('pct resize 950 rootfs 1.5T'),
  ['pct', 'exec', '950', '--', 'sh', '-c', 'echo hi'], W('pct exec 950'), W('pct status 950 --verbose'),
  W('pct start 950'), W('pct stop 950 --skiplock'), ['pct', 'snapshot', '950', 'base', '--description', 'x y'],
  W('pct destroy 950 --purge --force'), W('pct push 950 /tmp/a /root/a --perms 0755'), W('pct list'), W('pct config 950 --current'),
  W('pct set 950 --memory +20'),
  // pct: refused
  W('pct set 950 --memory abc'), W('pct set 950 --memory 8'), W('pct set 950 --memroy 1'), W('pct set 950 --memory'),
  W('pct set 950 --onboot 2'), W('pct set 950 --cores 0'), W('pct set 950 --cores 9000'), W('pct set 950 --memory 1e3'),
  W('pct set 950 --memory 0x20'), W('pct set 950 --memroy 1 --swapp 2'),
  W('pct set 99'), W('pct set abc'), W('pct set 1000000000'), W('pct set 0950 --memory 512'),
  W('pct snapshot 950 1x'), W('pct snapshot 950'), W('pct snapshot 950 a b'),
  W('pct set 950 --net0 name=eth0,tag=x,bogus=1'), W('pct set 950 --net0 a'), W('pct set 950 --net0 name=a,tag=1,tag=2'),
  W('pct set 950 --net0 name=a,tag'), W('pct set 950 --net0 bridge=vmbr0'), W('pct set 950 --net0 name=eth0,firewall=maybe'),
  W('pct set 950 --net0 name=eth0,mtu=10'), W('pct set 950 --net0 name=eth0,type=veth2'), W('pct set 950 --net0 name=eth0,ip=10.0.0.5'),
  W('pct set 950 --net0 name=eth0,hwaddr=01:00:00:00:00:01'), W('pct set 950 --net0 name=e/th0'), W('pct set 950 --net0 name=eth0,trunks=a'),
  W('pct set 950 --net0 =x'), W('pct set 950 --net32 name=eth0'), W('pct set 950 --net01 name=eth0'), W('pct set 950 --ne x'),
  W('pct set 950 --features nesting=2'), W('pct set 950 --features bogus=1'), W('pct set 950 --features mount=nfs;cifs,fuse=1'),
  W('pct set 950 --features mount=n!fs'), W('pct set 950 --startup order=x'), W('pct set 950 --startup 0'),
  W('pct set 950 --tags a!b'), W('pct set 950 --hostname -bad'), W('pct set 950 --hostname a_b'), W('pct set 950 --delete 1x,memory'),
  W('pct set 950 --mp0 /srv,mp=/data'), W('pct set 950 --mp0 local-lvm:10'), W('pct set 950 --rootfs local-lvm:8,size=8X'),
  W('pct set 950 --rootfs local-lvm:8,mountoptions=noatime;bogus'), W('pct resize 950 rootfs 20X'), W('pct resize 950 bogus 20G'),
  W('pct start 950 --full'), W('pct clone 900 950 --snapname 1x'), W('pct clone 900 950 --target bad_name'), W('pct create 950'),
  W('pct destroy --purge 950'), W('pct destroy 950 --purge 950'), W('pct set 950 --arch arm'), W('pct set 950 --ostype bogus'),
  W('pct set 950 --hostname'), W('pct set 950 --memory 512 -- --swap 5'), W('pct set --vmid 950'),
  // qm
  W('qm create 9000 --name ubuntu --memory 2048 --cores 2 --net0 virtio,bridge=vmbr0 --scsihw virtio-scsi-pci --scsi0 local-lvm:0,import-from=/var/lib/vz/template/iso/noble.img --ide2 local-lvm:cloudinit --boot order=scsi0 --serial0 socket --vga serial0 --agent 1 --onboot 1 --tags phoenix --ipconfig0 ip=10.0.0.5/24,gw=10.0.0.1 --ciuser ubuntu --nameserver 10.0.0.1 --searchdomain lan --startup order=3'),
  W('qm set 9000 --memory abc'), W('qm set 9000 --memory current=2048'), W('qm set 9000 --memory 8'),
  W('qm set 9000 --agent enabled=1,fstrim_cloned_disks=1'), W('qm set 9000 --agent bogus=1'), W('qm set 9000 --agent 1,type=isa'),
  W('qm set 9000 --net0 virtio=BC:24:11:00:00:01,bridge=vmbr0'), W('qm set 9000 --net0 virtio,bridge=vmbr0,bogus=1'),
  W('qm set 9000 --net0 e1000=xx'), W('qm set 9000 --net0 model=virtio,virtio=BC:24:11:00:00:01'), W('qm set 9000 --net0 bogus,bridge=vmbr0'),
  W('qm set 9000 --scsi0 local-lvm:32,iothread=1,ssd=1'), W('qm set 9000 --scsi0 local-lvm:32,cache=bogus'), W('qm set 9000 --scsi0 volume=local-lvm:32,file=x:1'),
  W('qm set 9000 --scsihw bogus'), W('qm set 9000 --vga type=bogus'), W('qm set 9000 --serial0 /dev/ttyS0'), W('qm set 9000 --serial0 bogus'),
  W('qm set 9000 --onboot yes'), W('qm set 9000 --cores 0'), W('qm set 9000 --delete agent,ipconfig0'), W('qm set 9000 --scsi31 local-lvm:1'),
  W('qm set 9000 --ide4 local-lvm:1'), W('qm set 9000 --virtio15 local-lvm:1'), W('qm set 9000 --scsi0 local-lvm:1,product=abcdefghijklmnopq'),
  W('qm resize 9000 scsi0 20G'), W('qm disk resize 9000 scsi0 +2G'), W('qm resize 9000 scsi0 20Q'),
  W('qm clone 9000 9001 --name web --full 1'), W('qm clone 9000 9001 --full maybe'), W('qm clone 9000 9001 --name web_1'),
  ['qm', 'guest', 'exec', '9000', '--timeout', '30', '--pass-stdin', '1', '--', 'sh', '-c', 'true'], W('qm guest exec 9000 --timeout -1 -- true'),
  W('qm guest cmd 9000 ping'), W('qm guest cmd 9000 bogus'), W('qm cloudinit update 9000'), W('qm template 9000'), W('qm stop 9000 --timeout 5'),
  W('qm stop 9000 --timeout x'), W('qm importdisk 9000 /x.img local-lvm --format qcow2'), W('qm importdisk 9000 /x.img local-lvm --format vdi'),
  // pvesm
  W('pvesm add dir nopath --path /mnt/x --content images,rootdir'), W('pvesm add zfspool tank --pool tank/data --content images,rootdir --sparse 1'),
  W('pvesm add nfs n1 --server 10.0.0.1 --export /srv --content iso'), W('pvesm add bogus x1'), W('pvesm add dir a'),
  W('pvesm set local --content iso,vztmpl'), W('pvesm add dir local2 --shared maybe'), W('pvesm status'), W('pvesm list local'),
  W('pvesm add dir x1 --path /mnt --bwlimit clone=10,bogus=1'), W('pvesm add dir x1 --path /mnt --maxfiles 2'),
  // pvesh
  W('pvesh get /cluster/resources --type vm --output-format json'), W('pvesh get /cluster/resources --type bogus'),
  W('pvesh get /cluster/resources --output-format xml'), W('pvesh get /cluster/resources --typ vm'),
  W('pvesh create /nodes/pve/lxc/950/firewall/rules --type in --action ACCEPT --proto tcp --dport 22 --source 10.0.0.0/24 --enable 1 --pos 0'),
  W('pvesh create /nodes/pve/lxc/950/firewall/rules --action ACCEPT'), W('pvesh create /nodes/pve/lxc/950/firewall/rules --type in --action ACCEPT --enable 2'),
  W('pvesh set /nodes/pve/lxc/950/firewall/options --enable 1'), W('pvesh set /nodes/pve/lxc/950/firewall/options --enable maybe'),
  W('pvesh delete /nodes/pve/lxc/950/firewall/rules/0'), W('pvesh delete /nodes/pve/lxc/950/firewall/rules/x'),
  W('pvesh set /cluster/firewall/options --enable 1 --policy_in DROP --policy_out ACCEPT'), W('pvesh set /cluster/firewall/options --policy_in bogus'),
  W('pvesh set /cluster/firewall/rules/0 --moveto 3'), W('pvesh get /nodes/pve/lxc/abc/config'), W('pvesh get /nodes/bad_node/lxc'),
  W('pvesh get /nodes/pve/qemu/9000/config --current 1 --snapshot base'), W('pvesh get /nodes/pve/lxc --noproxy'),
];

/** Props with the string formats Perl does not know removed (both sides then skip them alike). */
function restrict(p: Prop, known: ReadonlySet<string>): Prop {
  const out: Prop = { ...p };
  if (typeof p.format === 'string') {
    if (!known.has(p.format.replace(/-(list|opt)$/, ''))) delete out.format;
  } else if (p.format) {
    out.format = Object.fromEntries(Object.entries(p.format).map(([k, v]) => [k, restrict(v, known)]));
  }
  if (p.items) out.items = restrict(p.items, known);
  return out;
}

const formatNames = (p: Prop, into: Set<string>): void => {
  if (typeof p.format === 'string') into.add(p.format.replace(/-(list|opt)$/, ''));
  else if (p.format) for (const v of Object.values(p.format)) formatNames(v, into);
};

function oracleCase(api: ApiSchema, argv: string[]): OracleCase | undefined {
  const [tool = '', ...rest] = argv;
  const spec = tool === 'pvesh' ? pveshSpec(api, rest) : cliSpec(api, tool, rest, 'pve');
  if (!spec || !('props' in spec)) return undefined;
  const s: CommandSpec = spec;
  const c: OracleCase = { props: s.props, argv: s.rest, args: s.args, fixed: s.fixed, prefix: s.command };
  const method = ({ get: 'GET', set: 'PUT', create: 'POST', delete: 'DELETE' } as Record<string, HttpMethod>)[rest[0] ?? ''];
  if (tool === 'pvesh' && method && rest[1]) {
    const h = findHandler(api, method, rest[1]);
    if (h) c.second = { props: h.method.properties, uri: h.uriParams };
  }
  return c;
}

const full = loadApiSchema();
if (!full) {
  console.log('api-oracle: skipped, the PVE API schema is absent (see PVE_SIM_API_SCHEMA)');
} else {
  const oracle = perlOracle(FAMILY_COUNT);
  if (typeof oracle === 'string') {
    console.log(`api-oracle: skipped, ${oracle}`);
  } else {
    test.after(() => oracle.close());
    test(`the validator says what PVE's Perl says, for ${CASES.length} argvs`, () => {
      const names = new Set<string>();
      const all: Record<string, Method> = {};
      for (const k of full.keys) {
        const m = full.method(k) as Method;
        all[k] = m;
        for (const p of Object.values(m.properties)) formatNames(p, names);
      }
      const known = oracle.formats([...names]);
      assert.ok(known.has('pve-vmid') && !known.has('pve-lxc-mp-string'), 'Perl registers the pve-common formats only');
      const restricted = schemaOf(full.source, Object.fromEntries(Object.entries(all).map(([k, m]) =>
        [k, { ...m, properties: Object.fromEntries(Object.entries(m.properties).map(([n, p]) => [n, restrict(p, known)])) }])));
      const cases = CASES.map((argv) => ({ argv, c: oracleCase(restricted, argv) }));
      const missing = cases.filter((x) => !x.c).map((x) => x.argv.join(' '));
      assert.equal(missing, [], 'every case maps to a method');
      const perl = oracle.run(cases.map((x) => x.c as OracleCase));
      let refused = 0;
      const diffs: string[] = [];
      cases.forEach(({ argv }, i) => {
        const r = checkArgv(restricted, argv);
        const ts = r.status === 'ok' ? 'OK' : r.status === 'refused' ? r.stderr : `${r.status}`;
        if (ts !== 'OK') refused++;
        // Perl prints the errors in hash order (random), the validator sorts them: compare the lines as a multiset
        const lines = (t: string | undefined): string => (t ?? '').split('\n').sort().join('\n');
        if (lines(ts) !== lines(perl[i])) diffs.push(`$ ${argv.join(' ')}\n--- perl\n${perl[i]}\n--- ts\n${ts}`);
      });
      assert.equal(diffs, []);
      assert.ok(refused > 60 && refused < CASES.length - 30, `${refused} of ${CASES.length} refused: both kinds are exercised`);
    });
  }
}

test.run();
