//! Architecture rules checked as tests: the core never depends on Discord, async or terminals.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_names_no_discord_async_or_terminal_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for core in ["knowledge", "engine", "render"] {
        let mut files = Vec::new();
        rust_files(&root.join(core), &mut files);
        assert!(!files.is_empty());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for banned in [
                "serenity",
                "poise",
                "tokio",
                "clap",
                "std::io::stdin",
                "println!",
            ] {
                assert!(
                    !text.contains(banned),
                    "{} mentions {banned}: the core must stay free of adapters",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn the_token_is_read_in_one_place_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let readers: Vec<_> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .contains("\"DISCORD_TOKEN\"")
        })
        .collect();
    assert!(
        readers.len() <= 1,
        "DISCORD_TOKEN read in several places: {readers:?}"
    );
}
