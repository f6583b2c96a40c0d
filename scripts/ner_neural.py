#!/usr/bin/env python3
"""A neural tagger against rasid's linear one, in the same 5-fold cross-validation over ANERcorp
train (the folds of scripts/ner_cv.py; test only with --test, for reporting).

The model is a BiLSTM-CRF (Lample et al. 2016) over, per token:
- a fastText skip-gram vector (100 dimensions, character n-grams 2-5, so unseen words get one)
  learnt here on the ANT news (`embed`: about 10 M tokens, 6 minutes on 2 cores);
- a character CNN (30-dimensional characters, 50 filters of width 3, max-pooled);
- unless --no-feats, a summed embedding of the tagger's own first-pass feature hashes (words,
  core, affixes, shape, neighbours, Brown cluster paths, gazetteer), dumped by
  `examples/dump_features`; features seen once in the fold's training part are dropped, and with
  --fdrop each feature is hidden with that probability in training.
then dropout 0.5, one bidirectional LSTM layer, a linear layer to the 9 IOB2 labels and a CRF
whose transitions forbid I-X after anything but B-X/I-X. Adam, batches of 32 sentences, a fixed
number of epochs (no early stopping on the scored part). Research only: nothing here is shipped.

    cargo build --release -p rasid-ner --examples
    python3 -m venv /tmp/nnvenv && /tmp/nnvenv/bin/pip install torch gensim numpy
    /tmp/nnvenv/bin/python scripts/ner_neural.py embed --work /tmp/nn
    /tmp/nnvenv/bin/python scripts/ner_neural.py cv --work /tmp/nn [--no-feats] [--fdrop 0.5]
        [--epochs 8] [--folds 0,1,2,3,4] [--test]
"""
import argparse
import collections
import gzip
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import time

from ner_common import read_dump, spans

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = pathlib.Path(os.environ.get("RASID_CORPUS", ROOT.parent / "shared" / "corpus"))
DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
TOK = re.compile(r"[\u0621-\u065f\u0660-\u0669\u066e-\u06d3\w]+|[^\s\w]", re.U)
LABELS = ["O"] + [p + t for t in ("PER", "LOC", "ORG", "MISC") for p in ("B-", "I-")]


def norm(w):
    """The embedding key: no diacritics or tatweel, one alef, ى as ي, digits as 0, lower case."""
    w = DIAC.sub("", w)
    w = re.sub("[إأآٱ]", "ا", w).replace("ى", "ي")
    return re.sub(r"[0-9٠-٩]", "0", w).lower()


def embed(work):
    from gensim.models import FastText

    text = work / "ant.txt"
    n = 0
    with gzip.open(CORPUS / "news/ant-v2.1.jsonl.gz", "rt", encoding="utf-8") as f, open(text, "w") as out:
        for line in f:
            d = json.loads(line)
            for field in ("title", "abstract", "text"):
                for para in (d.get(field) or "").split("\n"):
                    toks = [norm(x) for x in TOK.findall(para)]
                    if toks:
                        out.write(" ".join(toks) + "\n")
                        n += len(toks)
    print(f"{n} tokens of ANT", file=sys.stderr)
    m = FastText(vector_size=100, window=5, min_count=3, sg=1, negative=5, epochs=5, workers=2,
                 min_n=2, max_n=5, bucket=500000, seed=1)
    m.build_vocab(corpus_file=str(text))
    m.train(corpus_file=str(text), total_examples=m.corpus_count, total_words=m.corpus_total_words,
            epochs=m.epochs)
    m.wv.save(str(work / "ft.kv"))


def counts(preds, golds):
    c = g = p = 0
    for pr, go in zip(preds, golds):
        gs, ps = spans(go), spans(pr)
        c, g, p = c + len(gs & ps), g + len(gs), p + len(ps)
    return c, g, p


def prf(c, g, p):
    P, R = c / max(p, 1), c / max(g, 1)
    return P, R, 2 * P * R / max(P + R, 1e-9)


def read(txt, crf):
    toks = [[l.split(" ")[0] for l in b.split("\n") if l]
            for b in txt.read_text(encoding="utf-8").strip("\n").split("\n\n")]
    xs, ys = read_dump(crf)
    assert len(toks) == len(xs), (txt, len(toks), len(xs))
    return toks, xs, ys


def repair(y):
    """ANERcorp train has a few I-X after O or another type: they begin an entity."""
    out = []
    for i, lab in enumerate(y):
        if lab.startswith("I-") and (i == 0 or out[-1][2:] != lab[2:]):
            lab = "B-" + lab[2:]
        out.append(lab)
    return out


def run_fold(a, kv, train, dev):
    import numpy as np
    import torch
    import torch.nn as nn

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    L = {lab: i for i, lab in enumerate(LABELS)}
    tt, tx, ty = train
    ty = [repair(y) for y in ty]
    dt, dx, dy = dev
    cnt = collections.Counter(f for s in tx for t in s for f in t)
    FV = {f: i + 1 for i, f in enumerate(f for f, c in cnt.items() if c >= 2)}
    chars = collections.Counter(c for s in tt for w in s for c in w)
    CV = {c: i + 2 for i, c in enumerate(c for c, n in chars.items() if n >= 2)}

    def encode(toks, xs, ys):
        out = []
        for w, f, y in zip(toks, xs, ys):
            fid = [[FV[h] for h in t if h in FV] or [0] for t in f]
            off = np.cumsum([0] + [len(t) for t in fid[:-1]])
            emb = np.stack([kv[norm(x)] for x in w])
            ch = [[CV.get(c, 1) for c in x[:20]] for x in w]
            out.append((torch.tensor([i for t in fid for i in t]), torch.tensor(off), torch.tensor(emb), ch,
                        torch.tensor([L.get(lab, 0) for lab in y])))
        return out

    TR, DV = encode(tt, tx, ty), encode(dt, dx, dy)
    allow = torch.tensor([[not (c.startswith("I-") and p[2:] != c[2:]) for c in LABELS] for p in LABELS])
    start = torch.where(torch.tensor([not lab.startswith("I-") for lab in LABELS]), 0.0, -1e4)

    class Net(nn.Module):
        def __init__(s):
            super().__init__()
            d = kv.vector_size + 50
            if not a.no_feats:
                s.fe = nn.EmbeddingBag(len(FV) + 1, a.fdim, mode="sum", sparse=True)
                nn.init.normal_(s.fe.weight, 0, 0.01)
                d += a.fdim
            s.ce = nn.Embedding(len(CV) + 2, 30, padding_idx=0)
            s.conv = nn.Conv1d(30, 50, 3, padding=1)
            s.drop = nn.Dropout(0.5)
            s.lstm = nn.LSTM(d, a.hidden, batch_first=True, bidirectional=True)
            s.out = nn.Linear(2 * a.hidden, len(LABELS))
            s.trans = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))

        def emissions(s, batch):
            lens = [len(x[4]) for x in batch]
            parts = [torch.cat([x[2] for x in batch])]
            if not a.no_feats:
                fid = torch.cat([x[0] for x in batch])
                offs, base = [], 0
                for x in batch:
                    offs.append(x[1] + base)
                    base += len(x[0])
                w = None
                if s.training and a.fdrop > 0:
                    w = (torch.rand(len(fid)) >= a.fdrop).float() / (1 - a.fdrop)
                parts.append(s.fe(fid, torch.cat(offs), per_sample_weights=w))
            ch = [w for x in batch for w in x[3]]
            n = max(len(c) for c in ch)
            c = torch.tensor([x + [0] * (n - len(x)) for x in ch])
            parts.append(s.conv(s.ce(c).transpose(1, 2)).max(2).values)
            seqs = torch.cat(parts, 1).split(lens)
            pad = nn.utils.rnn.pad_sequence(seqs, batch_first=True)
            pk = nn.utils.rnn.pack_padded_sequence(s.drop(pad), lens, batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(s.lstm(pk)[0], batch_first=True)
            return s.out(s.drop(h)), lens

        def T(s):
            return s.trans.masked_fill(~allow, -1e4)

        def nll(s, batch):
            em, lens = s.emissions(batch)
            T = s.T()
            B, N, _ = em.shape
            mask = torch.zeros(B, N, dtype=torch.bool)
            for b, n in enumerate(lens):
                mask[b, :n] = True
            y = nn.utils.rnn.pad_sequence([x[4] for x in batch], batch_first=True)
            alpha = em[:, 0] + start
            score = em[:, 0].gather(1, y[:, :1]).squeeze(1) + start[y[:, 0]]
            for t in range(1, N):
                m = mask[:, t]
                na = torch.logsumexp(alpha.unsqueeze(2) + T.unsqueeze(0), 1) + em[:, t]
                alpha = torch.where(m.unsqueeze(1), na, alpha)
                sc = T[y[:, t - 1], y[:, t]] + em[:, t].gather(1, y[:, t:t + 1]).squeeze(1)
                score = score + torch.where(m, sc, torch.zeros_like(sc))
            return (torch.logsumexp(alpha, 1) - score).sum()

        def decode(s, batch):
            em, lens = s.emissions(batch)
            em, T, st = em.numpy(), s.T().detach().numpy(), start.numpy()
            out = []
            for b, n in enumerate(lens):
                e, v, bp = em[b, :n], em[b, 0] + st, []
                for t in range(1, n):
                    x = v[:, None] + T
                    bp.append(x.argmax(0))
                    v = x.max(0) + e[t]
                best = [int(v.argmax())]
                for p in reversed(bp):
                    best.append(int(p[best[-1]]))
                out.append([LABELS[i] for i in reversed(best)])
            return out

    net = Net()
    sparse = [p for n, p in net.named_parameters() if n.startswith("fe.")]
    dense = [p for n, p in net.named_parameters() if not n.startswith("fe.")]
    opts = [torch.optim.Adam(dense, lr=a.lr)] + ([torch.optim.SparseAdam(sparse, lr=a.lr)] if sparse else [])
    for ep in range(a.epochs):
        t0 = time.time()
        net.train()
        random.shuffle(TR)
        for i in range(0, len(TR), 32):
            for o in opts:
                o.zero_grad()
            net.nll(TR[i:i + 32]).backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            for o in opts:
                o.step()
        print(f"  epoch {ep + 1}: {time.time() - t0:.0f} s", file=sys.stderr)
    net.eval()
    with torch.no_grad():
        t0 = time.time()
        preds = []
        for i in range(0, len(DV), 64):
            preds += net.decode(DV[i:i + 64])
        secs = time.time() - t0
    return preds, sum(len(y) for y in dy) / secs


def cv(a):
    from gensim.models import KeyedVectors

    work = a.work
    kv = KeyedVectors.load(str(work / "ft.kv"))
    dump = ROOT / "target/release/examples/dump_features"
    m = work / "resources"
    m.mkdir(exist_ok=True)
    for f in ("clusters.tsv.gz", "gazetteer.tsv.gz"):
        shutil.copy(ROOT / "models/ner" / f, m / f)
    sents = (CORPUS / "ner/anercorp/train.txt").read_text(encoding="utf-8").strip("\n").split("\n\n")
    k = 5
    jobs = []
    for i in (int(x) for x in a.folds.split(",") if x):
        lo, hi = len(sents) * i // k, len(sents) * (i + 1) // k
        jobs.append((f"fold {i}", sents[:lo] + sents[hi:], sents[lo:hi]))
    if a.test:
        test = (CORPUS / "ner/anercorp/test.txt").read_text(encoding="utf-8").strip("\n").split("\n\n")
        jobs.append(("test", sents, test))
    tot = [0, 0, 0]
    for name, tr, dv in jobs:
        parts = []
        for part, ss in (("train", tr), ("dev", dv)):
            txt = work / f"{part}.txt"
            txt.write_text("\n\n".join(ss) + "\n", encoding="utf-8")
            subprocess.run([dump, txt, work / f"{part}.crf", m], check=True)
            parts.append(read(txt, work / f"{part}.crf"))
        preds, speed = run_fold(a, kv, parts[0], parts[1])
        c, g, p = counts(preds, parts[1][2])
        P, R, F = prf(c, g, p)
        print(f"{name}: P {P:.4f} R {R:.4f} F1 {F:.4f}  tagging {speed:.0f} tokens/s on {a.threads} thread(s)",
              flush=True)
        if name != "test":
            tot = [x + y for x, y in zip(tot, (c, g, p))]
    if tot[1]:
        P, R, F = prf(*tot)
        print(f"cross-validation (pooled over the folds run): P {P:.4f} R {R:.4f} F1 {F:.4f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["embed", "cv"])
    ap.add_argument("--work", type=pathlib.Path, default=pathlib.Path("/tmp/nn"))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=150)
    ap.add_argument("--fdim", type=int, default=64)
    ap.add_argument("--fdrop", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--no-feats", action="store_true")
    ap.add_argument("--folds", default="0,1,2,3,4")
    ap.add_argument("--test", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    embed(a.work) if a.what == "embed" else cv(a)


if __name__ == "__main__":
    main()
