//! `completions SHELL`: a completion script on stdout.

use clap::CommandFactory;

use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "routerctl", &mut std::io::stdout());
    Ok(0)
}
