//! Golden snapshots: articles written for the tests (and the seed article) through ingestion and
//! the full analysis (text layer and entities), rendered as the readable report (offsets first,
//! Arabic last). Review changes with `cargo insta review`.

use std::path::Path;

fn render_file(path: &Path, tokens: bool) -> String {
    let opts = rasid_ingest::Options::default().with_published("2019-04-28").unwrap();
    let pipeline = rasid_extract::pipeline::analysis().expect("embedded model");
    let mut out = String::new();
    let docs = rasid_ingest::read_path(path, &opts);
    for r in docs {
        match r {
            Ok(mut doc) => {
                pipeline.run(&mut doc).expect("pipeline");
                out.push_str(&rasid_cli::report::render(&doc, tokens));
            }
            // Error messages name the file by the path given; keep only the file name stable.
            Err(e) => out.push_str(&format!(
                "error: {}\n",
                e.to_string().replace(path.parent().unwrap().to_str().unwrap(), "")
            )),
        }
        out.push('\n');
    }
    out
}

fn article(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles").join(name)
}

#[test]
fn seed_article() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-libya-africom.txt");
    insta::assert_snapshot!(render_file(&p, false));
}

#[test]
fn dateline_and_quotes() {
    insta::assert_snapshot!(render_file(&article("dateline-quotes.txt"), true));
}

#[test]
fn html_page() {
    insta::assert_snapshot!(render_file(&article("page.html"), true));
}

#[test]
fn json_lines_with_a_bad_line() {
    insta::assert_snapshot!(render_file(&article("feed.jsonl"), false));
}
