// The checks the schemas make on a value written inline, made on what a `{"$secret": …}` reference resolves to, and
// the secret rule for every secret: at least MIN_SECRET_LENGTH characters, or it cannot be masked safely.
// A reference is read here when it can be (its variable is set, its file readable, as for the run that follows in the
// same process); one that cannot is a run-time matter (runner/secrets.ts refuses it before the command that needs it,
// with the same rules). Messages name the file, the JSON path and the reference, never the value.
import { basename } from 'node:path';
import { describeSecretRef, findSecrets, MIN_SECRET_LENGTH, readSecretRef } from './find-secrets.js';

type Kind = 'hypervisor' | 'lxc' | 'vm';

/** Where a secret's value lands and what that format cannot carry (the inline value's schema pattern says the same). */
interface Landing { pointer: string; bad: RegExp; says: string }

const LANDINGS: Record<Kind, Landing[]> = {
  hypervisor: [
    // chpasswd -e reads `user:hash` lines and writes the hash as the second field of /etc/shadow (tasks/host/user.ts)
    { pointer: '/users/password_hash', bad: /[:\r\n\0]/, says: "contains ':' or a line break, which would end its /etc/shadow field (chpasswd reads user:hash lines)" },
    // smbpasswd -s reads the new password twice, one line each (tasks/host/samba.ts)
    { pointer: '/samba/password', bad: /[\r\n\0]/, says: 'contains a line break (smbpasswd -s reads the password as one line)' },
  ],
  lxc: [],
  vm: [],
};

export const shortSecretProblem = (what: string): string =>
  `${what} is shorter than ${MIN_SECRET_LENGTH} characters, too short to be masked safely in output: use a longer one`;

export interface ValueCheckInput {
  /** The parsed documents (not yet schema-valid: read defensively). */
  docs: Partial<Record<Kind, unknown>>;
  /** Their paths; the basenames label the messages. */
  files: Partial<Record<Kind, string>>;
  /** Where `file:` references resolve from (the config file's directory). */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
}

/** One line per problem: `file: /pointer: …`. */
export function valueProblems(input: ValueCheckInput): string[] {
  const out: string[] = [];
  for (const kind of ['hypervisor', 'lxc', 'vm'] as const) {
    const doc = input.docs[kind];
    if (doc === undefined) continue;
    const label = basename(input.files[kind] ?? kind);
    for (const s of findSecrets(doc)) {
      const at = `${label}: ${s.pointer}`;
      if ('value' in s) {
        if (s.value.length < MIN_SECRET_LENGTH) out.push(`${at}: ${shortSecretProblem('this plaintext secret')}`);
        continue;
      }
      let value: string;
      try { value = readSecretRef(s.ref, input.baseDir, input.env ?? process.env); } catch { continue; }
      const what = describeSecretRef(s.ref);
      if (value.length < MIN_SECRET_LENGTH) out.push(`${at}: ${shortSecretProblem(`the value of ${what}`)}`);
      for (const l of LANDINGS[kind]) if (l.pointer === s.pointer && l.bad.test(value)) out.push(`${at}: the value of ${what} ${l.says}`);
    }
  }
  return out;
}
