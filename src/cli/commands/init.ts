// `phoenix init [dir]`: write a new project (scaffold.ts) into a new or empty directory; refuse any other.
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../errors.js';
import { schemaDir } from '../../inventory/schema-files.js';
import { println, type Io } from '../io.js';
import { scaffold } from '../scaffold.js';

/** `$schema` pointers: relative to the project, to the schemas of this installation (POSIX separators). */
const schemasFrom = (dir: string): string => relative(dir, schemaDir()).split(sep).join('/') || '.';

export function initCommand(io: Io, dirArg: string | undefined): number {
  const dir = resolve(io.cwd, dirArg ?? '.');
  const shown = dirArg ?? 'the current directory';
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`init: ${shown} is not a directory`);
    const entries = readdirSync(dir);
    if (entries.length) throw new UsageError(`init: ${shown} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); give a new or empty directory: phoenix init <dir>`);
  }
  const files = scaffold(schemasFrom(dir));
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
    if (f.mode !== undefined) chmodSync(path, f.mode);
  }
  const width = Math.max(...files.map((f) => f.path.length)) + 3;
  println(io.stdout, `Created a Phoenix project in ${shown}:`);
  for (const f of files) println(io.stdout, `  ${f.path.padEnd(width)}${f.what}`);
  println(io.stdout, 'Next:');
  if (dirArg !== undefined) println(io.stdout, `  cd ${dirArg}`);
  for (const c of ['phoenix validate', 'phoenix plan LetsGo', 'phoenix run LetsGo']) println(io.stdout, `  ${c}`);
  return 0;
}
