// Shared by the zfs sub-commands: usage texts and the exit-1 errors.
import { SimError } from '../core/errors.js';
import type { ZfsState } from '../state/zfs-state.js';

export const USAGE: Record<string, string> = {
  create: '\tcreate [-Pnpuv] [-o property=value] ... <filesystem>\n\tcreate [-Pnpsv] [-b blocksize] [-o property=value] ... -V <size> <volume>\n',
  set: '\tset [-u] <property=value> ... <filesystem|volume|snapshot> ...\n',
  get: '\tget [-rHp] [-d max] [-o "all" | field[,...]]\n\t    [-t type[,...]] [-s source[,...]]\n\t    <"all" | property[,...]> [filesystem|volume|snapshot|bookmark] ...\n',
  list: '\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...\n',
  destroy: '\tdestroy [-fnpRrv] <filesystem|volume>\n',
};

export function fail(msg: string): never { throw new SimError(msg, 1); }
export function mustExist(s: ZfsState, name: string): void { if (!s.datasets[name]) fail(`cannot open '${name}': dataset does not exist`); }
