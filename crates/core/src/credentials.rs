//! Credentials whose secret half never reaches a log, an error or argv.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// Password files larger than this are refused (64 KiB): a password is a
/// line, and anything bigger is the wrong file.
pub const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;

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
    /// Wrap a secret value.
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
    /// At most [`MAX_SECRET_FILE_BYTES`] are read, so pointing it at a
    /// FIFO, `/dev/zero` or a log file fails fast instead of eating memory.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let mut text =
            read_small_file(path, MAX_SECRET_FILE_BYTES).map_err(|e| match e.kind() {
                io::ErrorKind::FileTooLarge => format!("password file {} is {e}", path.display()),
                _ => format!("cannot read password file {}: {e}", path.display()),
            })?;
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Ok(Self(text))
    }
}

/// Read a whole text file of at most `limit` bytes.
///
/// The size is counted while reading, not taken from the file's metadata:
/// FIFOs, `/proc` files and character devices report a length of 0, and a
/// file can grow between the check and the read. More than `limit` bytes is
/// an [`io::ErrorKind::FileTooLarge`] error whose message ("larger than the
/// limit of N bytes") reads well after "FILE is"; invalid UTF-8 is
/// [`io::ErrorKind::InvalidData`].
///
/// ```
/// use routerctl_core::credentials::read_small_file;
/// let path = std::env::temp_dir().join(format!("doc-small-file-{}", std::process::id()));
/// std::fs::write(&path, "0123456789").unwrap();
/// assert_eq!(read_small_file(&path, 10).unwrap(), "0123456789");
/// let err = read_small_file(&path, 9).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
/// assert_eq!(err.to_string(), "larger than the limit of 9 bytes");
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn read_small_file(path: &Path, limit: u64) -> io::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("larger than the limit of {}", describe_size(limit)),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

/// `65536 bytes (64 KiB)`: exact for scripts, rounded for people.
fn describe_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    match bytes {
        b if b >= MIB && b % MIB == 0 => format!("{b} bytes ({} MiB)", b / MIB),
        b if b >= KIB && b % KIB == 0 => format!("{b} bytes ({} KiB)", b / KIB),
        b => format!("{b} bytes"),
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
    /// Login name; not secret, shown in errors and logs.
    pub username: String,
    /// The password; prints as `***`.
    pub password: Secret,
}

impl Credentials {
    /// Credentials from a user name and a plain password.
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

    fn temp_path(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("routerctl-{name}-{}", std::process::id()))
    }

    #[test]
    fn oversized_password_file_is_refused_naming_file_and_limit() {
        let path = temp_path("big-secret");
        std::fs::write(&path, vec![b'x'; MAX_SECRET_FILE_BYTES as usize + 1]).unwrap();
        let err = Secret::from_file(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            err,
            format!(
                "password file {} is larger than the limit of 65536 bytes (64 KiB)",
                path.display()
            )
        );
    }

    #[test]
    fn exactly_the_limit_is_accepted() {
        let path = temp_path("limit-secret");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert_eq!(read_small_file(&path, 100).unwrap().len(), 100);
        assert_eq!(
            read_small_file(&path, 99).unwrap_err().kind(),
            io::ErrorKind::FileTooLarge
        );
        std::fs::remove_file(&path).unwrap();
    }

    /// A FIFO reports length 0, so a metadata check lets any amount
    /// through; the limit must be enforced while reading.
    #[cfg(unix)]
    #[test]
    fn oversized_fifo_is_refused_without_reading_it_all() {
        let path = temp_path("fifo-secret");
        let _ = std::fs::remove_file(&path);
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let writer_path = path.clone();
        // The writer stops at 1 MiB, or earlier when the reader hangs up.
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let mut fifo = std::fs::OpenOptions::new()
                .write(true)
                .open(writer_path)
                .unwrap();
            let chunk = [b'x'; 4096];
            for _ in 0..256 {
                if fifo.write_all(&chunk).is_err() {
                    break;
                }
            }
        });
        let err = Secret::from_file(&path).unwrap_err();
        writer.join().unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(
            err.contains("larger than the limit of 65536 bytes"),
            "{err}"
        );
    }

    #[test]
    fn unreadable_and_non_utf8_files_are_named() {
        let missing = temp_path("missing-secret");
        let err = Secret::from_file(&missing).unwrap_err();
        assert!(
            err.starts_with(&format!("cannot read password file {}:", missing.display())),
            "{err}"
        );
        let path = temp_path("latin1-secret");
        std::fs::write(&path, b"caf\xe9").unwrap();
        let err = Secret::from_file(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(err.ends_with("not valid UTF-8 text"), "{err}");
    }

    #[test]
    fn sizes_are_described_exactly_and_roughly() {
        assert_eq!(describe_size(65536), "65536 bytes (64 KiB)");
        assert_eq!(describe_size(8 * 1024 * 1024), "8388608 bytes (8 MiB)");
        assert_eq!(describe_size(1000), "1000 bytes");
    }

    #[test]
    fn file_secret_drops_one_newline() {
        let dir = std::env::temp_dir().join(format!("routerctl-secret-{}", std::process::id()));
        std::fs::write(&dir, "pw with space\r\n").unwrap();
        assert_eq!(Secret::from_file(&dir).unwrap().expose(), "pw with space");
        std::fs::remove_file(&dir).unwrap();
    }
}
