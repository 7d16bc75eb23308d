//! Credentials whose secret half never reaches a log, an error or argv.

use std::fmt;
use std::path::Path;

/// A secret string. `Debug` and `Display` print `***`; the only way to read it
/// is [`Secret::expose`], which makes every use easy to find.
///
/// ```
/// use routerctl_core::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?}"), "***");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call only where it goes onto the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Read a secret from an environment variable.
    pub fn from_env(var: &str) -> Result<Self, String> {
        match std::env::var(var) {
            Ok(v) => Ok(Self(v)),
            Err(std::env::VarError::NotPresent) => {
                Err(format!("environment variable {var} is not set"))
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(format!("environment variable {var} is not valid UTF-8"))
            }
        }
    }

    /// Read a secret from a file; one trailing newline (`\n` or `\r\n`) is
    /// dropped so `echo secret > file` works.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        const LIMIT: u64 = 64 * 1024;
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot read password file {}: {e}", path.display()))?;
        if meta.len() > LIMIT {
            return Err(format!(
                "password file {} is larger than {LIMIT} bytes",
                path.display()
            ));
        }
        let mut text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read password file {}: {e}", path.display()))?;
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Ok(Self(text))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A user name and its password.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: Secret,
}

impl Credentials {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: Secret::new(password),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_password() {
        let c = Credentials::new("admin", "s3cret");
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("admin"));
    }

    #[test]
    fn file_secret_drops_one_newline() {
        let dir = std::env::temp_dir().join(format!("routerctl-secret-{}", std::process::id()));
        std::fs::write(&dir, "pw with space\r\n").unwrap();
        assert_eq!(Secret::from_file(&dir).unwrap().expose(), "pw with space");
        std::fs::remove_file(&dir).unwrap();
    }
}
