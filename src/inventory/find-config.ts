// Finds and parses the phoenix config: explicit -c FILE, else a cosmiconfig search upward from cwd.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Loader } from 'cosmiconfig';
import { ConfigError } from '../errors.js';
import { parseJsonText, parseYamlText, type Parsed } from './parse-text.js';

export const MODULE_NAME = 'phoenix';

export const SEARCH_PLACES = [
  'phoenix.config.yaml', 'phoenix.config.yml', 'phoenix.config.json', 'phoenix.config.js', 'phoenix.config.mjs', 'phoenix.config.cjs',
  '.phoenixrc', '.phoenixrc.yaml', '.phoenixrc.yml', '.phoenixrc.json', '.phoenixrc.js', '.phoenixrc.mjs', '.phoenixrc.cjs',
  '.config/phoenixrc', '.config/phoenixrc.yaml', '.config/phoenixrc.yml', '.config/phoenixrc.json',
  '.config/phoenixrc.js', '.config/phoenixrc.mjs', '.config/phoenixrc.cjs',
  'package.json',
];

export interface FoundConfig {
  /** Absolute path of the config file. */
  filepath: string;
  /** Its text (for the model hash). */
  text: string;
  /** The parsed configuration (package.json: its `phoenix` key); undefined when the file is empty. */
  config: unknown;
  /** JSON pointer of the configuration inside the file: '' or '/phoenix' for package.json. */
  pointer: string;
}

function orThrow(parsed: Parsed): unknown {
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return parsed.value;
}
const yamlLoader: Loader = (filepath, content) => orThrow(parseYamlText(basename(filepath), content));
const jsonLoader: Loader = (filepath, content) => orThrow(parseJsonText(basename(filepath), content));
const tsLoader: Loader = (filepath) => {
  throw new ConfigError([`${basename(filepath)}: TypeScript config files are not supported; use phoenix.config.yaml or .js`]);
};

// cosmiconfig is loaded only to search, or for a config it alone can load (a .js module, package.json's key)
const explorer = async () => {
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  return cosmiconfig(MODULE_NAME, {
  searchStrategy: 'project',
  searchPlaces: SEARCH_PLACES,
  cache: false,
  loaders: {
    '.yaml': yamlLoader, '.yml': yamlLoader, noExt: yamlLoader, '.json': jsonLoader, '.ts': tsLoader,
    '.js': defaultLoaders['.js'], '.mjs': defaultLoaders['.mjs'], '.cjs': defaultLoaders['.cjs'],
  },
  });
};

/** A config file named with -c that Phoenix parses itself: YAML or JSON (what cosmiconfig's loaders above would do). */
function ownLoader(path: string): Loader | undefined {
  if (basename(path) === 'package.json') return undefined;
  const ext = extname(path);
  if (ext === '.json') return jsonLoader;
  if (ext === '.yaml' || ext === '.yml' || ext === '') return yamlLoader;
  return undefined;
}

/** Where a project search stops: the first directory with a package.json/package.yaml, else the root. */
function searchStop(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'package.yaml'))) return dir;
    if (dirname(dir) === dir) return dir;
  }
}

/** Loader failures other than our own parse errors (e.g. a throwing phoenix.config.js) become one config line. */
async function asConfigError<T>(fallback: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const file = (e as { filepath?: unknown }).filepath;
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ConfigError([`${typeof file === 'string' ? basename(file) : fallback}: cannot load: ${message}`]);
  }
}

export async function findConfig(cwd: string, configFile?: string): Promise<FoundConfig> {
  const start = resolve(cwd);
  let filepath: string;
  let config: unknown;
  if (configFile !== undefined) {
    filepath = resolve(start, configFile);
    if (!existsSync(filepath)) throw new ConfigError([`${basename(filepath)}: file not found: ${filepath}`]);
    const path = filepath;
    const own = ownLoader(path);
    if (own) {
      // an empty file has no configuration (as cosmiconfig's isEmpty), else the loader's value or its ConfigError
      return asConfigError(basename(path), async () => {
        const text = readFileSync(path, 'utf8');
        return { filepath, text, config: text.trim() === '' ? undefined : await own(path, text), pointer: '' };
      });
    }
    const result = await asConfigError(basename(path), async () => (await explorer()).load(path));
    config = result?.config;
  } else {
    const result = await asConfigError('phoenix config', async () => (await explorer()).search(start));
    if (!result) {
      throw new ConfigError([
        `no phoenix config found: searched ${start} and its parent directories up to ${searchStop(start)} for ` +
        'phoenix.config.{yaml,yml,json,js}, .phoenixrc[.yaml|.yml|.json|.js], .config/phoenixrc*, or a "phoenix" key in package.json; ' +
        'create one there or pass -c FILE',
      ]);
    }
    filepath = result.filepath;
    config = result.config;
  }
  const isPackage = basename(filepath) === 'package.json';
  return { filepath, text: readFileSync(filepath, 'utf8'), config, pointer: isPackage ? '/phoenix' : '' };
}
