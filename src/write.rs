//! Checked writes (DESIGN.md promise 3): a fixed file is written to a temporary file in the
//! same folder and renamed over the original, keeping its permissions, and only if the file
//! on disk is still what was read. Read-only files are not written.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::source::encoding::TextEncoding;

/// Writes `fixed` over `path`, whose content was `original` when it was read.
pub fn write_checked(path: &Path, original: &str, fixed: &str) -> Result<(), String> {
    write_checked_in(path, original, fixed, TextEncoding::Utf8)
}

/// [`write_checked`] for a file read in `encoding`: both texts are compared and written in it.
pub fn write_checked_in(path: &Path, original: &str, fixed: &str, encoding: TextEncoding) -> Result<(), String> {
    let original = encoding.encode(original)?;
    let fixed = encoding.encode(fixed)?;
    let target = fs::canonicalize(path).map_err(|e| format!("cannot write: {e}"))?;
    let metadata = fs::metadata(&target).map_err(|e| format!("cannot write: {e}"))?;
    if metadata.permissions().readonly() {
        return Err("the file is read-only; it was not changed".to_string());
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".jweixin-migrate-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| format!("cannot write next to the file: {e}"))?;
    temp.write_all(&fixed)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    fs::set_permissions(temp.path(), metadata.permissions())
        .map_err(|e| format!("cannot keep the file's permissions: {e}"))?;
    match fs::read(&target) {
        Ok(now) if now == original => {}
        Ok(_) => return Err("the file changed on disk since it was read; it was not written".to_string()),
        Err(e) => {
            return Err(format!(
                "the file cannot be read again before writing ({e}); it was not written"
            ))
        }
    }
    temp.persist(&target)
        .map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writes_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_checked(&path, "old", "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.js");
        fs::write(&path, "edited meanwhile").unwrap();
        let error = write_checked(&path, "old", "new").unwrap_err();
        assert!(error.contains("changed on disk"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile");
    }
}
