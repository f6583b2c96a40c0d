//! The `rasid` binary as a user meets it: exit codes, errors naming the file, batches that go on
//! after a bad input, stdin, closed pipes, `--out` file names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn rasid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasid")).args(args).output().expect("runs")
}

fn rasid_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasid"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder under the target directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn seed() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/seed-libya-africom.txt")
        .to_string_lossy()
        .into()
}

#[test]
fn good_input_exits_0_and_prints_the_contract() {
    let o = rasid(&["analyze", "--json", &seed()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["doc"], "seed-libya-africom");
    for field in ["blocks", "sentences", "entities", "attributions", "contradictions", "events", "times"] {
        assert!(v[field].is_array(), "{field}");
    }
    assert_eq!(v["blocks"][0], serde_json::json!({"kind": "title", "start": 0, "end": 66, "lang": "ar"}));
}

#[test]
fn a_bad_input_is_named_and_the_batch_goes_on() {
    let d = scratch("bad-input");
    let bin = d.join("photo.txt");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let empty = d.join("empty.txt");
    std::fs::write(&empty, b"  \n").unwrap();
    let out = d.join("out");
    let o = rasid(&[
        "analyze",
        "--out",
        out.to_str().unwrap(),
        bin.to_str().unwrap(),
        &seed(),
        empty.to_str().unwrap(),
        "/no/such/file.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.iter().any(|l| l.contains("photo.txt") && l.contains("binary")), "{err}");
    assert!(lines.iter().any(|l| l.contains("empty.txt") && l.contains("empty")), "{err}");
    assert!(lines.iter().any(|l| l.contains("/no/such/file.txt")), "{err}");
    assert!(out.join("seed-libya-africom.json").exists());
}

#[test]
fn a_malformed_json_line_names_its_line() {
    let d = scratch("jsonl");
    let f = d.join("feed.jsonl");
    std::fs::write(&f, "{\"id\": \"a\", \"text\": \"قال الوزير.\"}\n{\"id\": \"b\", \"text\": \n{\"id\": \"c\", \"text\": \"نفى المتحدث.\"}\n")
        .unwrap();
    let o = rasid(&["analyze", "--json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("feed.jsonl:2"), "{}", stderr(&o));
    let docs: Vec<serde_json::Value> = o
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(docs.iter().map(|d| d["doc"].as_str().unwrap()).collect::<Vec<_>>(), ["a", "c"]);
}

#[test]
fn usage_mistakes_exit_2() {
    assert_eq!(rasid(&["analyze", "--published", "2019-02-30", &seed()]).status.code(), Some(2));
    assert_eq!(rasid(&["analyze"]).status.code(), Some(2));
    assert_eq!(rasid(&["eval", "sentences", "--conllu", "/no/such.conllu"]).status.code(), Some(2));
    let d = scratch("out-is-a-file");
    let f = d.join("file");
    std::fs::write(&f, "x").unwrap();
    assert_eq!(rasid(&["analyze", "--out", f.to_str().unwrap(), &seed()]).status.code(), Some(2));
}

#[test]
fn stdin_is_read_with_format_sniffing() {
    let o = rasid_stdin(
        &["analyze", "--json", "-"],
        "<html><body><article><h1>عنوان</h1><p>قال الوزير إن الوضع مستقر.</p></article></body></html>"
            .as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["doc"], "stdin");
    assert_eq!(v["meta"]["format"], "html");
    let text = v["text"].as_str().unwrap();
    let b = &v["blocks"][0];
    let title: String = text
        .chars()
        .skip(b["start"].as_u64().unwrap() as usize)
        .take((b["end"].as_u64().unwrap() - b["start"].as_u64().unwrap()) as usize)
        .collect();
    assert_eq!(title, "عنوان");
}

#[test]
fn a_closed_pipe_is_success() {
    for args in [vec!["analyze", "--json"], vec!["analyze", "--json", "--pretty"], vec!["analyze"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rasid"))
            .args(&args)
            .args([seed(), seed(), seed(), seed()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away at once, like `| head -c0`
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
}

#[test]
fn out_names_are_safe_and_unique() {
    let d = scratch("names");
    let long_id = "ا".repeat(200);
    let f = d.join("feed.jsonl");
    let lines = [
        format!("{{\"id\": \"{long_id}\", \"text\": \"نص أول.\"}}"),
        "{\"id\": \"../escape\", \"text\": \"نص ثان.\"}".to_string(),
        "{\"id\": \"dup\", \"text\": \"نص ثالث.\"}".to_string(),
        "{\"id\": \"dup\", \"text\": \"نص رابع.\"}".to_string(),
    ];
    std::fs::write(&f, lines.join("\n")).unwrap();
    let out = d.join("out");
    let o = rasid(&["analyze", "--out", out.to_str().unwrap(), f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.contains(&"dup.json".to_string()) && names.contains(&"dup~2.json".to_string()));
    assert!(names.iter().all(|n| n.len() <= 255 && !n.contains('/')));
    assert!(!d.join("escape.json").exists());
    assert!(stderr(&o).contains("written as"), "renames are reported: {}", stderr(&o));
}

#[test]
fn a_folder_is_walked_without_following_links() {
    let d = scratch("folder");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::copy(seed(), d.join("sub/a.txt")).unwrap();
    std::fs::write(d.join("notes.md"), "ignored").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&d, d.join("sub/loop")).unwrap();
    let out = d.join("../folder-out");
    let _ = std::fs::remove_dir_all(&out);
    let o = rasid(&["analyze", "--out", out.to_str().unwrap(), d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn a_file_that_is_not_json_lines_is_abandoned_early() {
    let o = rasid(&["analyze", "--format", "jsonl", &seed()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("giving up"), "{err}");
    assert!(err.lines().count() <= 22, "{err}");
}

#[test]
fn text_in_braces_on_stdin_is_text() {
    // "{ Arabic text between braces }" then "the president said."
    let o = rasid_stdin(&["analyze", "--json", "-"], "{ هذا نص عربي بين أقواس }\n\nقال الرئيس.\n".as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn special_files_are_left_alone() {
    let d = scratch("special");
    std::fs::copy(seed(), d.join("a.txt")).unwrap();
    let fifo = d.join("p.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = d.join("../special-out");
    let _ = std::fs::remove_dir_all(&out);
    // A FIFO in a folder would block for ever if opened.
    let o = rasid(&["analyze", "--out", out.to_str().unwrap(), d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The table builder never replaces what is not a regular file.
    let link = d.join("link.bin.gz");
    std::os::unix::fs::symlink(d.join("a.txt"), &link).unwrap();
    let o =
        rasid(&["data", "build-clitics", "--corpus", d.to_str().unwrap(), "--out", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn a_closed_stderr_does_not_end_the_batch() {
    let d = scratch("closed-stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasid"))
        .args(["analyze", "--out", d.to_str().unwrap(), "/no/such.txt", &seed()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(d.join("seed-libya-africom.json").exists());
}

/// The seed saved with a BOM and CRLF line ends, and in windows-1256, gives the same blocks and
/// sentences as the original (offsets differ only by the carriage returns).
#[test]
fn encodings_and_line_ends_give_the_same_analysis() {
    let d = scratch("encodings");
    let text = std::fs::read_to_string(seed()).unwrap();
    let crlf = d.join("crlf.txt");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").as_bytes());
    std::fs::write(&crlf, bytes).unwrap();
    let (legacy, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!unmappable, "every character of the seed is in windows-1256");
    let w = d.join("cp1256.txt");
    std::fs::write(&w, &legacy).unwrap();

    let analyse = |p: &Path| -> serde_json::Value {
        let o = rasid(&["analyze", "--json", p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let pieces = |v: &serde_json::Value, layer: &str| -> Vec<String> {
        let chars: Vec<char> = v["text"].as_str().unwrap().chars().collect();
        v[layer]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
                format!(
                    "{}:{}",
                    s.get("kind").and_then(|k| k.as_str()).unwrap_or(""),
                    chars[a..b].iter().collect::<String>()
                )
            })
            .collect()
    };
    let (orig, crlf, legacy) = (analyse(Path::new(&seed())), analyse(&crlf), analyse(&w));
    assert_eq!(legacy["meta"]["encoding"], "windows-1256");
    for layer in ["blocks", "sentences"] {
        assert_eq!(pieces(&orig, layer), pieces(&crlf, layer), "{layer}");
        assert_eq!(pieces(&orig, layer), pieces(&legacy, layer), "{layer}");
    }
}

/// `rasid bench` measures real output: the counts it prints come from the analysis, every run
/// must give the same, and `--parallel-only` prints the parallel run alone.
#[test]
fn bench_reports_the_pipeline_and_parallel_only_skips_the_single_thread_run() {
    let d = scratch("bench");
    let text = std::fs::read_to_string(seed()).unwrap();
    let corpus = d.join("corpus.jsonl");
    let mut f = std::fs::File::create(&corpus).unwrap();
    for i in 0..6 {
        let line = serde_json::json!({"id": format!("a{i}"), "title": "", "text": text});
        writeln!(f, "{line}").unwrap();
    }
    drop(f);
    let c = corpus.to_str().unwrap();
    let all = rasid(&["bench", "--runs", "1", "--threads", "2", c]);
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    let all = String::from_utf8_lossy(&all.stdout).into_owned();
    assert!(all.contains("articles    6  (0 failed"), "{all}");
    assert!(all.contains("threads 1 ") && all.contains("threads 2 ") && all.contains("stages"), "{all}");
    let quick = rasid(&["bench", "--runs", "2", "--threads", "2", "--parallel-only", c]);
    assert_eq!(quick.status.code(), Some(0), "{}", stderr(&quick));
    let quick = String::from_utf8_lossy(&quick.stdout).into_owned();
    assert!(quick.contains("articles    6  (0 failed"), "{quick}");
    assert!(
        quick.contains("threads 2 ") && !quick.contains("threads 1 ") && !quick.contains("stages"),
        "{quick}"
    );
    // The same output counts either way (the attributions of six copies of the seed).
    let output = |s: &str| s.lines().find(|l| l.starts_with("output")).map(str::to_string);
    assert_eq!(output(&all), output(&quick));
}
