//! Embeds the shipped fact base into the binary, so `enlace chat` works from any folder.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("knowledge");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for name in ["sources.json", "aliases.json"] {
        let path = root.join(name);
        if path.is_file() {
            files.push((name.to_string(), path));
        }
    }
    let facts = root.join("facts");
    println!("cargo:rerun-if-changed={}", facts.display());
    if let Ok(entries) = std::fs::read_dir(&facts) {
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("facts/{}", file_name(&path));
            files.push((name, path));
        }
    }
    let mut code = String::from("/// The shipped knowledge files: (path under knowledge/, contents).\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_knowledge.rs");
    std::fs::write(out, code).unwrap();
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
