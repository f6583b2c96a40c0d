"""Shared by the ANT-based scorers (score_events.py, score_links.py): reading a gold folder,
writing its articles as rasid reads them, running rasid on each with the article's date, and
finding the nth occurrence of a gold string."""
import gzip
import json
import pathlib
import subprocess
import sys
import tempfile


def read_golds(folder, tool):
    golds = {
        f.name[: -len(".gold.json")]: json.loads(f.read_text(encoding="utf-8"))
        for f in sorted(pathlib.Path(folder).glob("*.gold.json"))
    }
    if not golds:
        sys.exit(f"{tool}: no *.gold.json in {folder}")
    return golds


def write_articles(golds, corpus, work, tool):
    """Writes `<id>.txt` (title, blank line, text) for every gold article; returns the folder."""
    work = pathlib.Path(work or tempfile.mkdtemp(prefix=f"rasid-{tool}-"))
    work.mkdir(parents=True, exist_ok=True)
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if str(rec.get("id")) in golds:
                (work / f"{rec['id']}.txt").write_text(f"{rec['title']}\n\n{rec['text']}", encoding="utf-8")
    missing = [d for d in golds if not (work / f"{d}.txt").exists()]
    if missing:
        sys.exit(f"{tool}: articles not in the corpus: {missing}")
    return work


def analyse(rasid, path, published):
    """rasid's JSON for one article, analysed with its publication date."""
    out = subprocess.run(
        [rasid, "analyze", "--json", "--published", published, str(path)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.splitlines()[0])


def nth_offset(text, s, nth):
    """Code-point offset of the nth occurrence (1-based) of `s` in `text`, or None."""
    i = -1
    for _ in range(nth):
        i = text.find(s, i + 1)
        if i < 0:
            return None
    return i
