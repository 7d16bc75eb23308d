//! `completions SHELL`: a completion script on stdout, and the hidden
//! `__complete-targets` it calls to complete router and group names.
//!
//! clap_complete writes the static part (commands, options, values); its
//! dynamic completion needs an unstable feature, so the target names come
//! from a small addition per shell: when completing a word of a command
//! that takes targets, the script runs `routerctl __complete-targets`
//! (with the `-i/--inventory` given on the line, if any), which prints the
//! inventory's router names, `@group`s and group names, one per line.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::inventory::Inventory;

/// Commands whose positional words are targets.
const TARGET_COMMANDS: &str =
    "facts interfaces wan clients leases wifi config call watch list show backup history diff";

pub fn run(shell: Shell) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "routerctl", &mut out);
    if let Some(extra) = dynamic_part(shell) {
        out.write_all(extra.as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}

/// `__complete-targets`: names to complete. Quiet on any problem (a
/// completion must never print errors into the user's command line).
pub fn targets(path: PathBuf) -> anyhow::Result<u8> {
    let Ok(inventory) = Inventory::load(&path) else {
        return Ok(0);
    };
    let mut out = std::io::stdout().lock();
    for r in &inventory.routers {
        writeln!(out, "{}", r.name)?;
    }
    for g in inventory.groups() {
        writeln!(out, "@{g}")?;
    }
    out.flush()?;
    Ok(0)
}

fn dynamic_part(shell: Shell) -> Option<String> {
    let text = match shell {
        Shell::Bash => BASH,
        Shell::Zsh => ZSH,
        Shell::Fish => FISH,
        _ => return None,
    };
    Some(
        text.replace("@COMMANDS_PATTERN@", &TARGET_COMMANDS.replace(' ', "|"))
            .replace("@COMMANDS_ALT@", &TARGET_COMMANDS.replace(' ', "|"))
            .replace("@COMMANDS@", TARGET_COMMANDS),
    )
}

const BASH: &str = r#"
# Router and group names from the inventory (routerctl __complete-targets).
_routerctl_targets() {
    local i inv=() cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -i|--inventory) inv=(--inventory "${COMP_WORDS[i+1]}") ;;
            @COMMANDS_PATTERN@) [[ -z "$cmd" ]] && cmd="${COMP_WORDS[i]}" ;;
        esac
    done
    _routerctl "$@"
    local cur="${COMP_WORDS[COMP_CWORD]}"
    if [[ -n "$cmd" && "$cur" != -* ]]; then
        local names
        names="$(routerctl "${inv[@]}" __complete-targets 2>/dev/null)"
        COMPREPLY+=($(compgen -W "$names" -- "$cur"))
    fi
}
complete -F _routerctl_targets -o nosort -o bashdefault -o default routerctl
"#;

const ZSH: &str = r#"
# Router and group names from the inventory (routerctl __complete-targets).
_routerctl_targets() {
    local -a inv names
    local i
    for ((i = 2; i < CURRENT; i++)); do
        [[ "${words[i]}" == (-i|--inventory) ]] && inv=(--inventory "${words[i+1]}")
    done
    if (( ${words[(I)(@COMMANDS_ALT@)]} )) && [[ "${words[CURRENT]}" != -* ]]; then
        names=(${(f)"$(routerctl $inv __complete-targets 2>/dev/null)"})
        compadd -a names
    fi
    _routerctl "$@"
}
compdef _routerctl_targets routerctl
"#;

const FISH: &str = r#"
# Router and group names from the inventory (routerctl __complete-targets).
complete -c routerctl -n "__fish_seen_subcommand_from @COMMANDS@" -f -a "(routerctl __complete-targets 2>/dev/null)"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dynamic_part_calls_the_hidden_command_for_target_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let text = dynamic_part(shell).unwrap_or_default();
            assert!(text.contains("__complete-targets"), "{shell}");
            assert!(!text.contains("@COMMANDS"), "{shell}: {text}");
        }
    }
}
