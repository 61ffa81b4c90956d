// The account and service files of a fresh Proxmox VE 8 node (Debian 12), as `phoenix setup` finds them: the
// machine's real useradd --prefix / chpasswd --root edit them, so the formats are the real ones.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DAY = 19_900; // days since the epoch of the "installation" (2024-06)

const USERS: ReadonlyArray<readonly [string, number, number, string, string, string]> = [
  ['root', 0, 0, 'root', '/root', '/bin/bash'],
  ['daemon', 1, 1, 'daemon', '/usr/sbin', '/usr/sbin/nologin'],
  ['bin', 2, 2, 'bin', '/bin', '/usr/sbin/nologin'],
  ['sys', 3, 3, 'sys', '/dev', '/usr/sbin/nologin'],
  ['sync', 4, 65534, 'sync', '/bin', '/bin/sync'],
  ['games', 5, 60, 'games', '/usr/games', '/usr/sbin/nologin'],
  ['man', 6, 12, 'man', '/var/cache/man', '/usr/sbin/nologin'],
  ['lp', 7, 7, 'lp', '/var/spool/lpd', '/usr/sbin/nologin'],
  ['mail', 8, 8, 'mail', '/var/mail', '/usr/sbin/nologin'],
  ['news', 9, 9, 'news', '/var/spool/news', '/usr/sbin/nologin'],
  ['uucp', 10, 10, 'uucp', '/var/spool/uucp', '/usr/sbin/nologin'],
  ['proxy', 13, 13, 'proxy', '/bin', '/usr/sbin/nologin'],
  ['www-data', 33, 33, 'www-data', '/var/www', '/usr/sbin/nologin'],
  ['backup', 34, 34, 'backup', '/var/backups', '/usr/sbin/nologin'],
  ['list', 38, 38, 'Mailing List Manager', '/var/list', '/usr/sbin/nologin'],
  ['irc', 39, 39, 'ircd', '/run/ircd', '/usr/sbin/nologin'],
  ['_apt', 42, 65534, '', '/nonexistent', '/usr/sbin/nologin'],
  ['nobody', 65534, 65534, 'nobody', '/nonexistent', '/usr/sbin/nologin'],
  ['systemd-network', 998, 998, 'systemd Network Management', '/', '/usr/sbin/nologin'],
  ['systemd-timesync', 997, 997, 'systemd Time Synchronization', '/', '/usr/sbin/nologin'],
  ['messagebus', 100, 107, '', '/nonexistent', '/usr/sbin/nologin'],
  ['sshd', 101, 65534, '', '/run/sshd', '/usr/sbin/nologin'],
  ['postfix', 102, 109, '', '/var/spool/postfix', '/usr/sbin/nologin'],
  ['_chrony', 103, 111, 'Chrony daemon,,,', '/var/lib/chrony', '/usr/sbin/nologin'],
  ['_rpc', 104, 65534, '', '/run/rpcbind', '/usr/sbin/nologin'],
  ['statd', 105, 65534, '', '/var/lib/nfs', '/usr/sbin/nologin'],
  ['tss', 106, 113, 'TPM software stack,,,', '/var/lib/tpm', '/bin/false'],
  ['ceph', 64045, 64045, 'Ceph storage service', '/var/lib/ceph', '/usr/sbin/nologin'],
];

const GROUPS: ReadonlyArray<readonly [string, number]> = [
  ['root', 0], ['daemon', 1], ['bin', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['mail', 8],
  ['news', 9], ['uucp', 10], ['man', 12], ['proxy', 13], ['kmem', 15], ['dialout', 20], ['fax', 21], ['voice', 22],
  ['cdrom', 24], ['floppy', 25], ['tape', 26], ['sudo', 27], ['audio', 29], ['dip', 30], ['www-data', 33],
  ['backup', 34], ['operator', 37], ['list', 38], ['irc', 39], ['src', 40], ['shadow', 42], ['utmp', 43],
  ['video', 44], ['sasl', 45], ['plugdev', 46], ['staff', 50], ['games', 60], ['users', 100], ['nogroup', 65534],
  ['systemd-journal', 999], ['systemd-network', 998], ['systemd-timesync', 997], ['input', 996], ['sgx', 995],
  ['kvm', 994], ['render', 993], ['messagebus', 107], ['postdrop', 108], ['postfix', 109], ['ssl-cert', 110],
  ['_chrony', 111], ['rdma', 112], ['tss', 113], ['ceph', 64045],
];

const LOGIN_DEFS = `MAIL_DIR        /var/mail
FAILLOG_ENAB\t\tyes
LOG_UNKFAIL_ENAB\tno
LOG_OK_LOGINS\t\tno
SYSLOG_SU_ENAB\t\tyes
SYSLOG_SG_ENAB\t\tyes
FTMP_FILE\t/var/log/btmp
SU_NAME\t\tsu
HUSHLOGIN_FILE\t.hushlogin
ENV_SUPATH\tPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV_PATH\tPATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games
TTYGROUP\ttty
TTYPERM\t\t0600
ERASECHAR\t0177
KILLCHAR\t025
UMASK\t\t022
PASS_MAX_DAYS\t99999
PASS_MIN_DAYS\t0
PASS_WARN_AGE\t7
UID_MIN\t\t\t 1000
UID_MAX\t\t\t60000
GID_MIN\t\t\t 1000
GID_MAX\t\t\t60000
LOGIN_RETRIES\t\t5
LOGIN_TIMEOUT\t\t60
CHFN_RESTRICT\t\trwh
DEFAULT_HOME\tyes
USERGROUPS_ENAB yes
ENCRYPT_METHOD SHA512
`;

const SMB_CONF = `[global]
   workgroup = WORKGROUP
   log file = /var/log/samba/log.%m
   max log size = 1000
   logging = file
   panic action = /usr/share/samba/panic-action %d
   server role = standalone server
   obey pam restrictions = yes
   unix password sync = yes
   passwd program = /usr/bin/passwd %u
   passwd chat = *Enter\\snew\\s*\\spassword:* %n\\n *Retype\\snew\\s*\\spassword:* %n\\n *password\\supdated\\ssuccessfully* .
   pam password change = yes
   map to guest = bad user
   usershare allow guests = yes
`;

/** The PVE installer's network: the NIC enslaved to bridge vmbr0, which carries the node's address. */
export const INTERFACES = `auto lo
iface lo inet loopback

iface eno1 inet manual

auto vmbr0
iface vmbr0 inet static
\taddress 192.168.100.2/24
\tgateway 192.168.100.1
\tbridge-ports eno1
\tbridge-stp off
\tbridge-fd 0

source /etc/network/interfaces.d/*
`;

/** path (relative to the host dir) -> [content, mode] */
export function freshHostFiles(): Record<string, [string, number]> {
  const shadowLine = (name: string): string => `${name}:*:${DAY}:0:99999:7:::`;
  return {
    'etc/passwd': [USERS.map(([n, u, g, gecos, home, sh]) => `${n}:x:${u}:${g}:${gecos}:${home}:${sh}\n`).join(''), 0o644],
    'etc/shadow': [USERS.map(([n]) => `${shadowLine(n)}\n`).join(''), 0o640],
    'etc/group': [GROUPS.map(([n, g]) => `${n}:x:${g}:\n`).join(''), 0o644],
    'etc/gshadow': [GROUPS.map(([n]) => `${n}:*::\n`).join(''), 0o640],
    'etc/subuid': ['root:100000:65536\n', 0o644],
    'etc/subgid': ['root:100000:65536\n', 0o644],
    'etc/login.defs': [LOGIN_DEFS, 0o644],
    'etc/exports': ['', 0o644],
    'etc/network/interfaces': [INTERFACES, 0o644],
    // sysfs as the running node shows those interfaces (pve-common PVE/Network.pm `read_bridge_mtu` reads it)
    'sys/class/net/lo/mtu': ['65536\n', 0o644],
    'sys/class/net/eno1/mtu': ['1500\n', 0o644],
    'sys/class/net/vmbr0/mtu': ['1500\n', 0o644],
    'etc/samba/smb.conf': [SMB_CONF, 0o644],
  };
}

/** Write the files a fresh node has, leaving any that already exist alone; plus `/root` and `/home`. */
export function writeFreshHostFiles(hostDir: string): void {
  for (const [rel, [text, mode]] of Object.entries(freshHostFiles())) {
    const path = join(hostDir, rel);
    if (existsSync(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode });
    chmodSync(path, mode);
  }
  mkdirSync(join(hostDir, 'root'), { recursive: true, mode: 0o700 });
  mkdirSync(join(hostDir, 'home'), { recursive: true });
}
