// A guest root filesystem: a small skeleton whose /usr (and bin, lib, lib64, sbin via symlinks)
// comes from the host at exec time.
import { existsSync, mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_NODES = ['null', 'zero', 'full', 'random', 'urandom'] as const;

const OS_RELEASE: Record<string, string> = {
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
  ubuntu: 'PRETTY_NAME="Ubuntu 24.04 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.0\nPRETTY_NAME="Alpine Linux v3.20"\n',
};

/** Make sure `root` has the skeleton; existing files are kept. */
export function ensureSkeleton(root: string): void {
  for (const d of ['usr', 'etc', 'root', 'tmp', 'dev', 'var/tmp', 'var/log', 'home', 'opt', 'srv', 'mnt', 'run', 'proc', 'sys']) {
    mkdirSync(join(root, d), { recursive: true });
  }
  chmodSync(join(root, 'tmp'), 0o1777);
  chmodSync(join(root, 'root'), 0o700);
  for (const l of ['bin', 'lib', 'lib64', 'sbin']) {
    if (!existsSync(join(root, l))) {
      try { symlinkSync(`usr/${l}`, join(root, l)); } catch { /* exists as a dangling link */ }
    }
  }
  for (const n of DEV_NODES) if (!existsSync(join(root, 'dev', n))) writeFileSync(join(root, 'dev', n), '');
}

/** A freshly "extracted" OS: skeleton + /etc basics. */
export function makeRootfs(root: string, o: { hostname: string; ostype: string }): void {
  ensureSkeleton(root);
  const etc = (f: string, text: string): void => writeFileSync(join(root, 'etc', f), text);
  etc('os-release', OS_RELEASE[o.ostype] ?? `NAME="${o.ostype}"\nID=${o.ostype}\n`);
  etc('hostname', `${o.hostname}\n`);
  etc('hosts', `127.0.0.1 localhost\n127.0.1.1 ${o.hostname}\n`);
  etc('passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  etc('group', 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n');
  etc('resolv.conf', 'nameserver 127.0.0.53\n');
}

/** ostype from a template file name (`debian-12-standard_...` -> debian). */
export function ostypeOf(template: string): string {
  const base = template.split('/').pop() ?? '';
  const m = /^(debian|ubuntu|alpine|centos|fedora|archlinux|opensuse|gentoo|devuan|rockylinux|almalinux|nixos)/.exec(base);
  if (!m) return 'unmanaged';
  const os = m[1] as string;
  return os === 'rockylinux' || os === 'almalinux' ? 'centos' : os;
}
