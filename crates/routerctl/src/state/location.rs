//! Where the state database lives.

use std::path::{Path, PathBuf};

/// File name inside the data directory.
const FILE: &str = "state.db";

/// `--state FILE` (clap also fills it from `$ROUTERCTL_STATE`), else
/// `$XDG_DATA_HOME/routerctl/state.db`, else
/// `~/.local/share/routerctl/state.db`.
pub fn resolve(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    from(
        flag,
        std::env::var_os("XDG_DATA_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

fn from(
    flag: Option<&Path>,
    xdg_data_home: Option<PathBuf>,
    home: Option<PathBuf>,
) -> anyhow::Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_path_buf());
    }
    // XDG: a relative value is invalid and must be ignored.
    if let Some(dir) = xdg_data_home.filter(|d| d.is_absolute()) {
        return Ok(dir.join("routerctl").join(FILE));
    }
    match home.filter(|h| h.is_absolute()) {
        Some(home) => Ok(home.join(".local/share/routerctl").join(FILE)),
        None => anyhow::bail!(
            "no place for the state database: pass --state FILE or set ROUTERCTL_STATE \
             (neither XDG_DATA_HOME nor HOME is set)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_xdg_then_home() {
        let p = |s: &str| Some(PathBuf::from(s));
        let flag = PathBuf::from("my.db");
        assert_eq!(from(Some(&flag), p("/x"), p("/h")).unwrap(), flag);
        assert_eq!(
            from(None, p("/x"), p("/h")).unwrap(),
            PathBuf::from("/x/routerctl/state.db")
        );
        assert_eq!(
            from(None, p("relative"), p("/h")).unwrap(),
            PathBuf::from("/h/.local/share/routerctl/state.db")
        );
        assert!(from(None, None, None).is_err());
    }
}
