//! A corpus of broken fact bases, each made from a copy of the shipped one: every one is refused
//! with its file and line by `enlace check`, at startup, and by a reload that keeps the live facts.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use enlace::engine::Query;
use enlace::store::Store;

use crate::shipped::shipped_dir;

/// Copies the shipped knowledge folder into a new tempdir.
fn copy_shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = shipped_dir();
    std::fs::create_dir_all(dir.path().join("facts")).unwrap();
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).unwrap();
        if rel.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&entry, dir.path().join(rel)).unwrap();
        }
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The first and second fact files, by name.
fn fact_files(dir: &Path) -> (PathBuf, PathBuf) {
    let files: Vec<PathBuf> = walk(&dir.join("facts"));
    (files[0].clone(), files[1].clone())
}

fn edit_json(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
}

fn edit_text(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(text)).unwrap();
}

type Breakage = (&'static str, &'static str, fn(&Path) -> PathBuf);

/// Each entry: name, a word the diagnostic must contain, and the edit (returns the broken file).
fn corpus() -> Vec<Breakage> {
    fn first_fact(dir: &Path, change: impl FnOnce(&mut Value)) -> PathBuf {
        let (file, _) = fact_files(dir);
        edit_json(&file, |v| change(&mut v["facts"][0]));
        file
    }
    fn sources(dir: &Path, change: impl FnOnce(&mut Value)) -> PathBuf {
        let file = dir.join("sources.json");
        edit_json(&file, |v| change(&mut v["sources"][1]));
        file
    }
    vec![
        ("truncated file", "EOF", |d| {
            let (f, _) = fact_files(d);
            edit_text(&f, |t| {
                let half = (0..=t.len() / 2).rev().find(|&i| t.is_char_boundary(i));
                t[..half.unwrap_or(0)].to_string()
            });
            f
        }),
        ("missing comma", "expected", |d| {
            let (f, _) = fact_files(d);
            edit_text(&f, |t| t.replacen("\"topics\"", "\"topics\" 1", 1));
            f
        }),
        ("trailing garbage", "trailing", |d| {
            let (f, _) = fact_files(d);
            edit_text(&f, |t| t + "\n}");
            f
        }),
        ("byte order mark", "expected value", |d| {
            let (f, _) = fact_files(d);
            edit_text(&f, |t| format!("\u{feff}{t}"));
            f
        }),
        ("array at top level", "invalid type", |d| {
            let (f, _) = fact_files(d);
            edit_text(&f, |t| format!("[{t}]"));
            f
        }),
        ("not UTF-8", "UTF-8", |d| {
            let (f, _) = fact_files(d);
            let mut b = std::fs::read(&f).unwrap();
            b.insert(b.len() / 2, 0xff);
            std::fs::write(&f, b).unwrap();
            f
        }),
        ("unknown fact field", "unknown field", |d| {
            first_fact(d, |f| f["sorces"] = json!(["x"]))
        }),
        ("language renamed", "unknown field `english`", |d| {
            first_fact(d, |f| {
                let en = f["en"].take();
                f.as_object_mut().unwrap().remove("en");
                f["english"] = en;
            })
        }),
        ("missing language", "missing field `es`", |d| {
            first_fact(d, |f| {
                f.as_object_mut().unwrap().remove("es");
            })
        }),
        ("missing id", "missing field `id`", |d| {
            first_fact(d, |f| {
                f.as_object_mut().unwrap().remove("id");
            })
        }),
        ("empty answer", "empty en answer", |d| {
            first_fact(d, |f| f["en"]["answer"] = json!(" "))
        }),
        ("empty title", "empty es title", |d| {
            first_fact(d, |f| f["es"]["title"] = json!(""))
        }),
        ("no questions", "no es questions", |d| {
            first_fact(d, |f| f["es"]["questions"] = json!([]))
        }),
        ("questions not a list", "invalid type", |d| {
            first_fact(d, |f| f["en"]["questions"] = json!("why?"))
        }),
        ("unknown source", "source that does not exist", |d| {
            first_fact(d, |f| f["sources"] = json!(["no-such-source"]))
        }),
        ("no sources", "cites no source", |d| {
            first_fact(d, |f| f["sources"] = json!([]))
        }),
        ("unknown related", "related fact that does not exist", |d| {
            first_fact(d, |f| f["related"] = json!(["no-such-fact"]))
        }),
        ("related to itself", "lists itself", |d| {
            first_fact(d, |f| f["related"] = json!([f["id"].clone()]))
        }),
        ("impossible day", "impossible date", |d| {
            first_fact(d, |f| f["date"] = json!("2019-02-30"))
        }),
        ("impossible month", "impossible date", |d| {
            first_fact(d, |f| f["date"] = json!("2019-13"))
        }),
        ("badly written date", "impossible date", |d| {
            first_fact(d, |f| f["date"] = json!("2019-5-1"))
        }),
        ("end before start", "before it starts", |d| {
            first_fact(d, |f| {
                f["date"] = json!("2019-05-10");
                f["date_end"] = json!("2019-05-01");
            })
        }),
        ("end without start", "date_end but no date", |d| {
            first_fact(d, |f| {
                f.as_object_mut().unwrap().remove("date");
                f["date_end"] = json!("2019-05-01");
            })
        }),
        ("checked without day", "without a day", |d| {
            first_fact(d, |f| f["checked"] = json!("2026-11"))
        }),
        ("link in an answer", "a link", |d| {
            first_fact(d, |f| {
                f["en"]["answer"] = json!("See https://evil.example for more.")
            })
        }),
        ("mention in an answer", "a mention", |d| {
            first_fact(d, |f| f["es"]["answer"] = json!("Hola @everyone."))
        }),
        ("invalid id", "not a valid id", |d| {
            first_fact(d, |f| f["id"] = json!("Not An Id"))
        }),
        ("no topics", "no topics", |d| {
            first_fact(d, |f| f["topics"] = json!([]))
        }),
        ("unknown topic", "unknown topic", |d| {
            first_fact(d, |f| f["topics"] = json!(["weather"]))
        }),
        ("duplicate id across files", "duplicate fact id", |d| {
            let (a, b) = fact_files(d);
            let id: Value = serde_json::from_str::<Value>(&std::fs::read_to_string(&a).unwrap())
                .unwrap()["facts"][0]["id"]
                .clone();
            edit_json(&b, |v| v["facts"][0]["id"] = id);
            b
        }),
        ("invalid source URL", "invalid URL", |d| {
            sources(d, |s| s["url"] = json!("www.nato.int without scheme"))
        }),
        ("unknown source kind", "unknown variant", |d| {
            sources(d, |s| s["kind"] = json!("blog"))
        }),
        ("missing source title", "missing field `title`", |d| {
            sources(d, |s| {
                s.as_object_mut().unwrap().remove("title");
            })
        }),
        (
            "impossible published date",
            "impossible published date",
            |d| sources(d, |s| s["published"] = json!("2018-06-31")),
        ),
        ("duplicate source id", "duplicate source id", |d| {
            let file = d.join("sources.json");
            edit_json(&file, |v| {
                let first = v["sources"][0]["id"].clone();
                v["sources"][1]["id"] = first;
            });
            file
        }),
        ("broken aliases", "expected", |d| {
            let f = d.join("aliases.json");
            edit_text(&f, |t| t.replacen('[', "[[", 1));
            f
        }),
        ("alias in two groups", "in two groups", |d| {
            let f = d.join("aliases.json");
            edit_json(&f, |v| {
                let w = v["groups"][0][1].clone();
                v["groups"][1].as_array_mut().unwrap().push(w);
            });
            f
        }),
        ("a Colombian name of two words", "is not one word", |d| {
            let f = d.join("aliases.json");
            edit_json(&f, |v| {
                v["colombian"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("ivan duque"))
            });
            f
        }),
        ("one-word alias group", "fewer than two words", |d| {
            let f = d.join("aliases.json");
            edit_json(&f, |v| {
                v["groups"].as_array_mut().unwrap().push(json!(["lonely"]))
            });
            f
        }),
    ]
}

#[test]
fn every_broken_base_is_refused_everywhere_with_file_and_line() {
    let cases = corpus();
    assert!(cases.len() >= 30);
    let live = copy_shipped();
    let (store, _) = Store::open(live.path()).unwrap();
    let before = store.load().engine.knowledge().facts.len();
    for (name, needle, breaking) in cases {
        let dir = copy_shipped();
        let file = breaking(dir.path());
        let file_name = file.file_name().unwrap().to_string_lossy().to_string();

        // enlace check
        let check = Command::new(env!("CARGO_BIN_EXE_enlace"))
            .args(["check", "--knowledge"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(1), "{name}: check accepted it");
        let out = String::from_utf8_lossy(&check.stdout);
        let located = out
            .lines()
            .any(|l| l.contains(&format!("{file_name}:")) && l.contains(needle));
        assert!(
            located,
            "{name}: no `{file_name}:line` diagnostic mentioning {needle:?}:\n{out}"
        );

        // startup
        let start = Command::new(env!("CARGO_BIN_EXE_enlace"))
            .args(["ask", "what is cides", "--knowledge"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            start.status.code(),
            Some(2),
            "{name}: started on a broken base"
        );
        assert!(
            String::from_utf8_lossy(&start.stderr).contains(&format!("{file_name}:")),
            "{name}"
        );

        // reload: copy the broken files over the live folder, reload, and restore.
        for f in walk(dir.path()) {
            std::fs::copy(&f, live.path().join(f.strip_prefix(dir.path()).unwrap())).unwrap();
        }
        let report = store.reload().expect_err(name);
        assert!(
            report.diagnostics.iter().any(|d| d.line.is_some()),
            "{name}: {report}"
        );
        let snapshot = store.load();
        assert_eq!(
            snapshot.version, 1,
            "{name}: a refused reload changed the live facts"
        );
        assert_eq!(snapshot.engine.knowledge().facts.len(), before);
        assert!(
            snapshot
                .engine
                .ask(&Query::new("What is CIDES?"))
                .answered(),
            "{name}"
        );
        let pristine = copy_shipped();
        for f in walk(pristine.path()) {
            std::fs::copy(
                &f,
                live.path().join(f.strip_prefix(pristine.path()).unwrap()),
            )
            .unwrap();
        }
    }
}
