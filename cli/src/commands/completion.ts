import { Argument, type Command } from "commander";
import type { Run } from "../command.js";

/** A word that may come next on the command line: a subcommand, an option or an argument's choice. */
interface Word {
  name: string;
  description: string;
}

/** Commander 8 keeps an argument's `.choices()` in `argChoices`, but its typings declare that on options only. */
type ArgumentWithChoices = Argument & { argChoices?: string[] };

/**
 * The words that may follow each command path ("" for the program, "job", "job post", …), read from the commander
 * tree so the scripts never drift from the commands: subcommands, argument choices, the command's options and the
 * program's (every command accepts the global options).
 */
export function completionWords(program: Command): Map<string, Word[]> {
  const help = program.createHelp();
  const optionWords = (command: Command) =>
    help.visibleOptions(command).map((o) => ({ name: (o.long ?? o.short)!, description: o.description }));
  // --help belongs to every command already; --version only to the program.
  const global = optionWords(program).filter((w) => w.name !== "--help" && w.name !== "--version");
  const table = new Map<string, Word[]>();
  const walk = (command: Command, path: string) => {
    const words = [
      ...help.visibleCommands(command).map((c) => ({ name: c.name(), description: c.description() })),
      ...help
        .visibleArguments(command)
        .flatMap((a: ArgumentWithChoices) =>
          (a.argChoices ?? []).map((name) => ({ name, description: a.description })),
        ),
      ...optionWords(command),
      ...(command === program ? [] : global),
    ];
    table.set(path, [...new Map(words.map((w) => [w.name, w])).values()]);
    for (const sub of command.commands) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, "");
  return table;
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Both scripts find the deepest known command path among the words typed so far (skipping option values and
 * arguments), then offer that path's words; with none matching, the shell completes file names.
 */
export function bashCompletion(program: Command): string {
  const cases = [...completionWords(program)].map(
    ([path, words]) => `    ${quote(path)}) echo ${quote(words.map((w) => w.name).join(" "))} ;;`,
  );
  return `# bash completion for hashwork (\`hashwork completion bash\`). Load it with: source <(hashwork completion bash)
_hashwork_words() {
  case "$1" in
${cases.join("\n")}
  esac
}
_hashwork() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" next i
  for ((i = 1; i < COMP_CWORD; i++)); do
    next="\${cmd:+$cmd }\${COMP_WORDS[i]}"
    [[ -n "$(_hashwork_words "$next")" ]] && cmd="$next"
  done
  COMPREPLY=($(compgen -W "$(_hashwork_words "$cmd")" -- "$cur"))
}
complete -o default -F _hashwork hashwork`;
}

export function zshCompletion(program: Command): string {
  const cases = [...completionWords(program)].map(
    ([path, words]) =>
      `    ${quote(path)}) reply=(${words.map((w) => quote(`${w.name}:${w.description}`)).join(" ")}) ;;`,
  );
  return `#compdef hashwork
# zsh completion for hashwork (\`hashwork completion zsh\`). Load it with: source <(hashwork completion zsh)
# (after compinit), or save it as _hashwork in a directory of $fpath.
_hashwork_words() {
  reply=()
  case "$1" in
${cases.join("\n")}
  esac
}
_hashwork() {
  local cmd="" next i
  local -a reply
  for ((i = 2; i < CURRENT; i++)); do
    next="\${cmd:+$cmd }\${words[i]}"
    _hashwork_words "$next"
    (( \${#reply} )) && cmd="$next"
  done
  _hashwork_words "$cmd"
  _describe 'hashwork' reply || _files
}
if [[ "\${funcstack[1]}" == _hashwork ]]; then _hashwork "$@"; else compdef _hashwork hashwork; fi`;
}

const SCRIPTS = { bash: bashCompletion, zsh: zshCompletion };

/** `hashwork completion bash|zsh`: prints a shell completion script for the whole command tree. */
export function addCompletionCommand(program: Command, run: Run): void {
  program
    .command("completion")
    .description("print a shell completion script: source <(hashwork completion bash)")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(Object.keys(SCRIPTS)))
    .action((shell: keyof typeof SCRIPTS, _options: unknown, command: Command) =>
      run(command, async (ctx) => {
        ctx.output.result({ shell, script: SCRIPTS[shell](program) }, (r) => r.script);
      }),
    );
}
