// `phoenix completion bash|zsh|fish` prints a script; the script calls `phoenix __complete -- <words>` at
// completion time, which answers one candidate per line (or `:files`: let the shell complete file names). The
// config is read quietly for guest ids and node names: a missing or broken config completes nothing, prints nothing.
import { loadModel } from '../../inventory/load-model.js';
import type { Model } from '../../inventory/model.js';
import { completeWords, FILES, type CompletionSource } from '../complete-words.js';
import { println, type Io } from '../io.js';
import type { Shell } from '../verb-words.js';

const BASH = `# phoenix completion for bash. Install: phoenix completion bash > ~/.local/share/bash-completion/completions/phoenix
# (or add to ~/.bashrc: source <(phoenix completion bash))
_phoenix_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} out
  local -a found=()
  out=$("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || out=
  if [[ $out == '${FILES}' ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t found < <(compgen -f -- "$cur")
  elif [[ -n $out ]]; then
    mapfile -t found <<<"$out"
  fi
  COMPREPLY=("\${found[@]}")
}
complete -F _phoenix_complete phoenix
`;

const ZSH = `#compdef phoenix
# phoenix completion for zsh. Install: phoenix completion zsh > "\${fpath[1]}/_phoenix"  (or: source <(phoenix completion zsh))
_phoenix() {
  local -a out
  out=("\${(@f)$(\${words[1]} __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ \${out[1]} == '${FILES}' ]]; then
    _files
  elif [[ -n \${out[1]} ]]; then
    compadd -- "\${out[@]}"
  fi
}
if [[ "\${funcstack[1]}" == _phoenix ]]; then _phoenix "$@"; else compdef _phoenix phoenix; fi
`;

const FISH = `# phoenix completion for fish. Install: phoenix completion fish > ~/.config/fish/completions/phoenix.fish
function __phoenix_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l out ($words[1] __complete -- $words[2..-1] 2>/dev/null)
    if test "$out[1]" = '${FILES}'
        __fish_complete_path (commandline -ct)
    else if set -q out[1]
        printf '%s\\n' $out
    end
end
complete -c phoenix -f -a '(__phoenix_complete)'
`;

export const COMPLETION_SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };

export function completionCommand(io: Io, shell: Shell): number {
  io.stdout.write(COMPLETION_SCRIPTS[shell]);
  return 0;
}

/** `-c FILE` / `--config=FILE` / `-i FILE` among the typed words, for the quiet config read. */
function loadArgs(words: readonly string[]): { configFile?: string; inventoryFile?: string } {
  const out: { configFile?: string; inventoryFile?: string } = {};
  words.forEach((w, i) => {
    const m = /^--(config|inventory)=(.+)$/.exec(w);
    const key = m ? m[1] : w === '-c' || w === '--config' ? 'config' : w === '-i' || w === '--inventory' ? 'inventory' : undefined;
    const value = m ? m[2] : words[i + 1];
    if (key === undefined || value === undefined || (!m && i + 1 === words.length - 1)) return;
    if (key === 'config') out.configFile = value; else out.inventoryFile = value;
  });
  return out;
}

export async function completeCommand(io: Io, words: readonly string[]): Promise<number> {
  let model: Promise<Model | undefined> | undefined;
  const load = (): Promise<Model | undefined> => (model ??= loadModel({ cwd: io.cwd, ...loadArgs(words) }).catch(() => undefined));
  const src: CompletionSource = {
    guests: async () => [...((await load())?.guests.keys() ?? [])],
    nodes: async () => Object.keys((await load())?.inventory.nodes ?? {}),
  };
  let found: string[] | typeof FILES;
  try { found = await completeWords(words, src); } catch { found = []; }
  if (found === FILES) println(io.stdout, FILES);
  else for (const c of found) println(io.stdout, c);
  return 0;
}
