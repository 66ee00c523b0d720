//! The one way a config (or a copy of one: `.bak`, `.new`, a rescue file)
//! is read: a regular file only, and never more than `MAX_BYTES`, so a
//! huge file costs neither the time nor the memory of parsing it (a 30 MB
//! file took 878 MB to check).

use super::ConfigError;
use std::io::{self, Read};
use std::path::Path;

/// smugVision configs are a few KB. The slowest 256 KiB of YAML (tens of
/// thousands of small flow mappings) takes `check` 0.26 s and 104 MB in a
/// release build; 1 MiB took a second and 400 MB.
pub(super) const MAX_BYTES: u64 = 256 * 1024;

/// A config path must be a regular file, or nothing yet. A pipe would hang
/// the reading, a device would be replaced by a file holding secrets.
pub fn regular_or_absent(path: &Path) -> Result<bool, ConfigError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(true),
        Ok(meta) => {
            let what = if meta.is_dir() { "a folder" } else { "a pipe, socket or device" };
            Err(ConfigError::NotAFile { path: path.to_owned(), what })
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(ConfigError::Read { path: path.to_owned(), source }),
    }
}

/// The file's bytes; `Ok(None)` when there is no file.
pub(super) fn bytes(path: &Path) -> Result<Option<Vec<u8>>, ConfigError> {
    if !regular_or_absent(path)? {
        return Ok(None);
    }
    let failed = |source| ConfigError::Read { path: path.to_owned(), source };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed(e)),
    };
    let too_large = |size| Err(ConfigError::TooLarge { path: path.to_owned(), size });
    let size = file.metadata().map_err(failed)?.len();
    if size > MAX_BYTES {
        return too_large(size);
    }
    // One byte more than the cap tells a file that grew since.
    let mut bytes = Vec::new();
    (&file).take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() as u64 > MAX_BYTES {
        return too_large(file.metadata().map_or(0, |m| m.len()).max(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// The file as text; `Ok(None)` when there is no file.
pub(super) fn text(path: &Path) -> Result<Option<String>, ConfigError> {
    let Some(bytes) = bytes(path)? else { return Ok(None) };
    String::from_utf8(bytes).map(Some).map_err(|_| ConfigError::Read {
        path: path.to_owned(),
        source: io::Error::new(io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"),
    })
}

/// A file's size as people read it: `30.0 MiB`, or exact bytes below a
/// MiB (a file just over the cap is not rounded down to it).
pub(super) fn size_text(size: u64) -> String {
    if size >= 1 << 20 {
        format!("{:.1} MiB", size as f64 / (1 << 20) as f64)
    } else {
        format!("{size} bytes")
    }
}
