//! The file `serve` leaves in the store folder while it holds the store: where it
//! listens, its pid and its admin token. Written atomically (a temporary file renamed
//! over it) with mode 0600, removed when the server stops; a record whose process is gone
//! (a killed server) is removed by the first command that reads it.
//!
//! Invariant: a record is read only when its mode lets no one but its owner read it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::HubError;

/// The record's file name inside the store folder.
pub const RECORD_FILE: &str = "recapgraph-serve.json";

/// A running server, as it records itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServerRecord {
    /// The process.
    pub pid: u32,
    /// The SPARQL endpoint's base URL, as `serve` prints it (`http://127.0.0.1:7878/`).
    pub url: String,
    /// Where commands are sent (loopback even when the server listens on every
    /// address); `None` when the admin endpoint is off.
    pub admin_url: Option<String>,
    /// The bearer token of the admin endpoint; `None` when it is off.
    pub token: Option<String>,
}

impl ServerRecord {
    /// Writes the record into `store` (atomically, readable by its owner only); the
    /// returned guard removes it when dropped.
    ///
    /// # Errors
    /// [`HubError::Record`] when the file cannot be written.
    pub fn write(&self, store: &Path) -> Result<RecordFile, HubError> {
        let path = store.join(RECORD_FILE);
        let tmp = store.join(format!(".{RECORD_FILE}.{}.tmp", self.pid));
        let err = |source| HubError::Record {
            path: path.clone(),
            source,
        };
        let json = serde_json::to_vec_pretty(self).map_err(|e| err(e.into()))?;
        let _ = std::fs::remove_file(&tmp);
        let written = owner_only_file(&tmp).and_then(|mut f| {
            f.write_all(&json)?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        Ok(RecordFile { path })
    }

    /// The record of the live server holding `store`, if there is one. A record whose
    /// process is gone, or that cannot be parsed, is removed and taken as none.
    ///
    /// # Errors
    /// [`HubError::Record`] when the file exists but cannot be read (another user's
    /// server); [`HubError::Exposed`] when others may read it.
    pub fn read_live(store: &Path) -> Result<Option<Self>, HubError> {
        let path = store.join(RECORD_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(HubError::Record { path, source }),
        };
        check_owner_only(&path)?;
        match serde_json::from_slice::<Self>(&bytes) {
            Ok(record) if process_alive(record.pid) => Ok(Some(record)),
            _ => {
                let _ = std::fs::remove_file(&path);
                Ok(None)
            }
        }
    }
}

/// The record of a running server; removes the file when dropped (the server stopped).
#[derive(Debug)]
pub struct RecordFile {
    path: PathBuf,
}

impl RecordFile {
    /// Where the record is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RecordFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A fresh admin token: 32 random bytes from the operating system, as hex.
///
/// # Errors
/// When the operating system gives no random bytes.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(unix)]
fn owner_only_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn owner_only_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn check_owner_only(path: &Path) -> Result<(), HubError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|source| HubError::Record {
        path: path.to_owned(),
        source,
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        Ok(())
    } else {
        Err(HubError::Exposed {
            path: path.to_owned(),
            mode,
        })
    }
}

#[cfg(not(unix))]
fn check_owner_only(_path: &Path) -> Result<(), HubError> {
    Ok(())
}

/// Whether process `pid` runs: on Linux, `/proc/<pid>` exists and is no zombie (a
/// killed server not yet reaped by its parent is gone too).
#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses and may hold any
        // character: read it after the last ')'.
        Ok(stat) => !matches!(
            stat.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().chars().next()),
            Some(Some('Z' | 'X'))
        ),
        Err(_) => false,
    }
}

/// Whether process `pid` runs: `kill -0` succeeds.
#[cfg(all(unix, not(target_os = "linux")))]
fn process_alive(pid: u32) -> bool {
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Elsewhere a record is trusted while it exists.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_owner_only_and_removed_with_its_guard() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = ServerRecord {
            pid: std::process::id(),
            url: "http://127.0.0.1:1/".into(),
            admin_url: Some("http://127.0.0.1:1/admin/run".into()),
            token: Some(new_token().expect("random bytes")),
        };
        assert_eq!(record.token.as_ref().map(String::len), Some(64));
        assert_ne!(record.token, Some(new_token().expect("random bytes")));
        let file = record.write(dir.path()).expect("written");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file.path())
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(
            ServerRecord::read_live(dir.path()).expect("read"),
            Some(record)
        );
        drop(file);
        assert!(!dir.path().join(RECORD_FILE).exists());
        assert_eq!(ServerRecord::read_live(dir.path()).expect("read"), None);
    }

    #[test]
    fn a_dead_process_record_is_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("true runs");
        let pid = child.id();
        child.wait().expect("reaped");
        let record = ServerRecord {
            pid,
            url: "http://127.0.0.1:1/".into(),
            admin_url: None,
            token: None,
        };
        std::mem::forget(record.write(dir.path()).expect("written"));
        assert_eq!(ServerRecord::read_live(dir.path()).expect("read"), None);
        assert!(!dir.path().join(RECORD_FILE).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_record_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(RECORD_FILE);
        std::fs::write(&path, b"{}").expect("written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(matches!(
            ServerRecord::read_live(dir.path()),
            Err(HubError::Exposed { mode: 0o644, .. })
        ));
    }
}
