//! Reading router passwords, only for routers that are actually used.
//!
//! The inventory says where a password lives ([`PasswordSource`]); this
//! module reads it at the last moment: from the environment, from a file,
//! from the inventory itself (discouraged), or from a prompt when the user
//! passed `--ask-password` and nothing else is configured. Each
//! `username@host` is prompted for once per run, and all prompts happen
//! before the fleet starts so they never fight with the progress bar.
//!
//! A `password_file` that group or others may read (Unix mode bits
//! `0o077`) still works, but gets one warning per file and run: anyone on
//! the machine could read the router's password from it.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use routerctl_core::{Error, ErrorContext, Secret};

use crate::inventory::{PasswordSource, RouterEntry};

/// Asks the user for a password; swapped out in tests.
pub type Prompt = Box<dyn Fn(&str) -> io::Result<String> + Send + Sync>;

/// Password lookup for one run.
pub struct Secrets {
    ask: bool,
    prompt: Prompt,
    prompted: Mutex<HashMap<String, Secret>>,
    /// Password files already warned about (once per file and run).
    warned: Mutex<HashSet<PathBuf>>,
}

impl Secrets {
    /// `ask`: whether `--ask-password` was given.
    pub fn new(ask: bool) -> Self {
        Self::with_prompt(ask, Box::new(|text| rpassword::prompt_password(text)))
    }

    pub fn with_prompt(ask: bool, prompt: Prompt) -> Self {
        Self {
            ask,
            prompt,
            prompted: Mutex::new(HashMap::new()),
            warned: Mutex::new(HashSet::new()),
        }
    }

    /// With `--ask-password`, prompt for every distinct `username@host` among
    /// `routers` that has no configured source. Call before the fleet runs.
    pub fn prompt_missing<'a>(
        &self,
        routers: impl IntoIterator<Item = &'a RouterEntry>,
    ) -> io::Result<()> {
        if !self.ask {
            return Ok(());
        }
        for r in routers {
            if r.password != PasswordSource::Unset {
                continue;
            }
            let key = prompt_key(r);
            let mut cache = self.prompted.lock().unwrap_or_else(|p| p.into_inner());
            if cache.contains_key(&key) {
                continue;
            }
            let answer = (self.prompt)(&format!("Password for {key}: ")).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot prompt for the password of {key}: {e}"),
                )
            })?;
            cache.insert(key, Secret::new(answer));
        }
        Ok(())
    }

    /// The password for `router`, read now.
    pub fn password(&self, router: &RouterEntry) -> Result<Secret, Error> {
        let ctx = ErrorContext::new(router.name.clone(), "password");
        match &router.password {
            PasswordSource::Env(var) => Secret::from_env(var).map_err(|m| ctx.config(m)),
            PasswordSource::File(path) => {
                self.warn_if_readable_by_others(&router.name, path);
                Secret::from_file(path).map_err(|m| ctx.config(m))
            }
            PasswordSource::Inline(secret) => Ok(secret.clone()),
            PasswordSource::Unset => {
                let cache = self.prompted.lock().unwrap_or_else(|p| p.into_inner());
                cache.get(&prompt_key(router)).cloned().ok_or_else(|| {
                    ctx.config(
                        "no password configured: set password_env or password_file in the \
                         inventory, or pass --ask-password",
                    )
                })
            }
        }
    }
}

impl Secrets {
    fn warn_if_readable_by_others(&self, router: &str, path: &Path) {
        let Some(warning) = loose_permissions(path) else {
            return;
        };
        let mut warned = self.warned.lock().unwrap_or_else(|p| p.into_inner());
        if warned.insert(path.to_path_buf()) {
            tracing::warn!(%router, "{warning}");
        }
    }
}

/// Why `path` is too open for a password file, if it is: group or others
/// may read (or write) it. `None` when it is private, missing (reading it
/// reports that) or on platforms without Unix modes.
pub fn loose_permissions(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "password file {} is accessible by group or others (mode {:03o}); run: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn prompt_key(r: &RouterEntry) -> String {
    format!("{}@{}", r.username, r.host)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::inventory::tests_support::entry;

    #[test]
    fn prompts_once_per_user_at_host_and_only_when_unset() {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let secrets = Secrets::with_prompt(
            true,
            Box::new(move |text| {
                seen.fetch_add(1, Ordering::SeqCst);
                assert!(text.starts_with("Password for admin@"), "{text}");
                Ok(format!("pw-for-{text}"))
            }),
        );
        let mut a = entry("a");
        a.host = "10.0.0.1".into();
        let mut b = entry("b");
        b.host = "10.0.0.1".into();
        let mut c = entry("c");
        c.host = "10.0.0.2".into();
        let mut d = entry("d");
        d.password = PasswordSource::Inline(Secret::new("inline"));
        secrets.prompt_missing([&a, &b, &c, &d]).unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(secrets.password(&a).unwrap(), secrets.password(&b).unwrap());
        assert_ne!(secrets.password(&a).unwrap(), secrets.password(&c).unwrap());
        assert_eq!(secrets.password(&d).unwrap().expose(), "inline");
    }

    #[test]
    fn unset_without_ask_is_a_config_error_naming_the_router() {
        let secrets = Secrets::with_prompt(false, Box::new(|_| panic!("must not prompt")));
        let a = entry("edge-7");
        secrets.prompt_missing([&a]).unwrap();
        let err = secrets.password(&a).unwrap_err();
        assert_eq!(err.kind(), "config");
        assert!(err.to_string().starts_with("edge-7: "), "{err}");
        assert!(err.to_string().contains("--ask-password"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_readable_by_others_gets_a_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "pw\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warning = loose_permissions(&file).expect("0644 is too open");
        assert!(warning.contains("mode 644"), "{warning}");
        assert!(warning.contains("chmod 600"), "{warning}");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(loose_permissions(&file).is_some(), "group-readable");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(loose_permissions(&file), None);
        assert_eq!(loose_permissions(&dir.path().join("missing")), None);
    }

    #[test]
    fn env_and_file_sources_are_read_on_use() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "from-file\n").unwrap();
        let secrets = Secrets::with_prompt(false, Box::new(|_| panic!("must not prompt")));
        let mut a = entry("a");
        a.password = PasswordSource::File(file.clone());
        assert_eq!(secrets.password(&a).unwrap().expose(), "from-file");
        std::fs::remove_file(&file).unwrap();
        assert_eq!(secrets.password(&a).unwrap_err().kind(), "config");
        a.password = PasswordSource::Env("ROUTERCTL_TEST_SURELY_UNSET_VAR".into());
        let err = secrets.password(&a).unwrap_err();
        assert!(
            err.to_string().contains("ROUTERCTL_TEST_SURELY_UNSET_VAR"),
            "{err}"
        );
    }
}
