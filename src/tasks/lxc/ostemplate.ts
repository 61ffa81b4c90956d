// lxc.ostemplate: the OS template a CT is created from is on the node, downloaded with `pveam download` when it is
// not (as the original did, and as vm.create fetches a missing cloud image). `pveam download <storage> <template>`
// is the CLI of POST /nodes/{node}/aplinfo (pve-manager PVE/CLI/pveam.pm `$cmddef` download -> PVE/API2/Nodes.pm
// `apl_download`): the name must be in the appliance index `pveam update` fetches ("no such template"), and the
// file lands in the storage's vztmpl directory, `<path>/template/cache/<name>` (pve-storage PVE/Storage.pm
// `get_vztmpl_dir` -> PVE/Storage/Plugin.pm `get_subdir`, `$vtype_subdirs` vztmpl). Its worker's failure does
// not change pveam's exit code (no `$upid_exit` in that `$cmddef` entry): the re-read is what proves the file.
import { arr, obj, str, storageIdSchema, templateRefSchema } from '../schema.js';
import { act, cmd, create, noop, type TaskDef } from '../types.js';
import { hostOf, type HostFacts } from '../host/host-facts.js';
import { absPathSchema, underRoot } from '../host/write-file.js';

export interface OsTemplateParams {
  /** As `pct create` takes it: a volid (`local:vztmpl/x.tar.zst`) or an absolute path on the node. */
  template: string;
  /** The file name: what `pveam download` takes. */
  file: string;
  /**
   * Where `pveam download` puts it: the volid's storage, or the vztmpl storage of the hypervisor config whose
   * template directory holds the path. Absent: found in the node's storage.cfg, if any storage's is that directory.
   */
  storage?: string;
  /**
   * Host root (`/`, or a simulator's host directory): an absolute-path template is looked for under it. Only a path
   * template carries it (a volid is listed by storage), so a plan of volid templates names no machine's directory.
   */
  root?: string;
  usedBy: string[];
}

const CACHE = '/template/cache';
const isPath = (t: string): boolean => t.startsWith('/');
const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));

/** A volid `storage:vztmpl/file` split, or undefined for a path. */
export function splitTemplateVolid(t: string): { storage: string; file: string } | undefined {
  const m = /^([^:/]+):(?:vztmpl\/)?(.+)$/.exec(t);
  return m ? { storage: m[1]!, file: m[2]!.split('/').pop()! } : undefined;
}

/**
 * Is the template on the node? A path: the file under the host root (what `pct create` tests, pve-storage
 * PVE/Storage.pm `abs_filesystem_path`: "can't find file"); a volid: its file in the storage's vztmpl directory, or
 * else listed by `pvesm list <storage> --content vztmpl` (gather-host.ts). Undefined: not gathered; a listing that
 * did not answer counts as absent (the download then says why).
 */
function present(h: HostFacts, p: OsTemplateParams): boolean | undefined {
  if (isPath(p.template)) {
    const st = h.paths[underRoot(p.root ?? '/', p.template)];
    return st === undefined ? undefined : st?.type === 'file';
  }
  const known = h.templates?.[p.template];
  return known === null ? false : known;
}

/** The storage to download into: given, or the one whose vztmpl directory is the path's directory (storage.cfg). */
function targetStorage(h: HostFacts, p: OsTemplateParams): string | undefined {
  if (p.storage !== undefined) return p.storage;
  if (!isPath(p.template)) return splitTemplateVolid(p.template)?.storage;
  const dir = dirOf(p.template);
  return Object.entries(h.storages).find(([, s]) => s.props.path !== undefined && `${s.props.path.replace(/\/+$/, '')}${CACHE}` === dir
    && (s.props.content ?? '').split(',').includes('vztmpl'))?.[0];
}

export const lxcOsTemplate: TaskDef<OsTemplateParams, 'lxc.ostemplate'> = {
  name: 'lxc.ostemplate',
  schema: obj({
    template: templateRefSchema,
    // a template name of the appliance index (`pveam available`), positional in pveam: never an option
    file: str({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.+-]*$' }),
    storage: storageIdSchema,
    root: absPathSchema,
    usedBy: arr(str({ pattern: '^[1-9][0-9]{2,8}$' }), { minItems: 1 }),
  }, ['template', 'file', 'usedBy']),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  resources: (p, node) => (p.storage !== undefined ? [`storage:${node}:${p.storage}`] : []),
  hostQuery: (p) => (isPath(p.template)
    ? { storageConfig: true, paths: [underRoot(p.root ?? '/', p.template)] }
    : { storageConfig: true, templates: [p.template] }),
  title: (p) => `OS template ${p.file}${p.storage !== undefined ? ` on ${p.storage}` : ''}`,
  plan(facts, p) {
    const h = hostOf(facts);
    const here = present(h, p);
    if (here === undefined) throw new Error(`OS template ${p.template} was not looked for on ${facts.node} (missing from the host facts query)`);
    if (here) return noop('present');
    const storage = targetStorage(h, p);
    if (storage === undefined) {
      throw new Error(`OS template ${p.template} is not on ${facts.node}, and no storage with content vztmpl keeps its templates in ${dirOf(p.template)}: `
        + `download it there by hand, or name it as <storage>:vztmpl/${p.file} in the configuration`);
    }
    const why = `for CT ${p.usedBy.join(', ')}`;
    return act(
      create(`pveam download ${storage} ${p.file} (${why})`),
      // the appliance index first: a fresh node may not have fetched it yet (pve-manager PVE/CLI/pveam.pm `update`)
      cmd(['pveam', 'update'], { timeoutMs: 5 * 60_000, log: `updating the appliance index on ${facts.node}` }),
      cmd(['pveam', 'download', storage, p.file], {
        timeoutMs: 30 * 60_000,
        log: `OS template ${p.file} is absent on ${facts.node}: downloading it into ${storage}`,
        what: `download of the OS template ${p.file} into storage ${storage} ${why}`,
      }),
    );
  },
};
