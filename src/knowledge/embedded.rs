//! The fact base shipped with the source, compiled into the binary.
//!
//! When no knowledge folder is found where the default says, `enlace` still answers from the
//! facts it was built with. They are written to a temporary folder and loaded by the same
//! loader as any other folder, so they are validated the same way.

use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/embedded_knowledge.rs"));

/// Writes the embedded fact base to a folder under the system temp dir and returns it.
///
/// The folder is named after a hash of the contents, so a binary reuses its own copy.
pub fn extract() -> std::io::Result<PathBuf> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in FILES {
        for b in name.as_bytes().iter().chain(bytes.iter()) {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let dir = std::env::temp_dir().join(format!("enlace-knowledge-{hash:016x}"));
    std::fs::create_dir_all(dir.join("facts"))?;
    for (name, bytes) in FILES {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes) {
            std::fs::write(&path, bytes)?;
        }
    }
    Ok(dir)
}

/// Number of embedded files (0 when the binary was built without a knowledge folder).
pub fn file_count() -> usize {
    FILES.len()
}
