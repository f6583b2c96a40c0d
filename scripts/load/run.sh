#!/usr/bin/env bash
# API load test on loopback: `rasid serve` over a store, wrk with the paths an analyst's browser
# asks for (search with facets over the 50 queries of data/bench/search-queries.tsv, and article
# pages), the server's resident memory sampled every second.
#
#   scripts/load/run.sh STORE [SECONDS] [CONNECTIONS]     (rasid from target/release, wrk from Debian)
set -euo pipefail
cd "$(dirname "$0")/../.."
STORE=${1:?usage: scripts/load/run.sh STORE [SECONDS] [CONNECTIONS]}
SECONDS_EACH=${2:-30}
CONNS=${3:-16}
RASID=${RASID:-target/release/rasid}
TMP=$(mktemp -d)
"$RASID" serve --store "$STORE" --port 0 2> "$TMP/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
URL=""
for _ in $(seq 1 60); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/serve.log" | head -n 1 || true)
  [ -n "$URL" ] && break
  sleep 0.5
done
[ -n "$URL" ] || { cat "$TMP/serve.log"; exit 1; }
# The paths: search (with facets, as the interface asks) for each fixed query, and article pages
# spread over the store.
python3 - "$URL" "$TMP" <<'PY'
import json, random, sys, urllib.parse, urllib.request
url, tmp = sys.argv[1], sys.argv[2]
search = []
for line in open("data/bench/search-queries.tsv", encoding="utf-8"):
    if not line.strip() or line.startswith("#"):
        continue
    q, _, filters = line.rstrip("\n").partition("\t")
    params = {"q": q, "limit": "20"}
    for f in filter(None, (x.strip() for x in filters.split(";"))):
        k, _, v = f.partition("=")
        params[k.strip()] = v.strip()
    search.append("/api/search?" + urllib.parse.urlencode(params))
open(f"{tmp}/search.txt", "w").write("\n".join(search) + "\n")
stats = json.load(urllib.request.urlopen(url + "/api/articles?limit=1"))
total = stats["total"]
ids = []
offset_rng = random.Random(7)
for _ in range(50):
    page = json.load(urllib.request.urlopen(f"{url}/api/articles?limit=1&offset={offset_rng.randrange(total)}"))
    ids.append(page["articles"][0]["id"])
open(f"{tmp}/articles.txt", "w").write("\n".join(f"/api/articles/{i}" for i in ids) + "\n")
print(f"{len(search)} search paths, {len(ids)} article pages of {total} articles")
PY
# Anonymous memory is the server's own (heap, stacks); file-backed pages are the store mapped by
# each read connection, shared with the OS page cache (counted once per mapping in VmRSS).
rss() { awk '/RssAnon/ {print $2}' "/proc/$SERVER/status"; }
mem() { awk '/VmRSS|RssAnon|RssFile/ {printf "%s %s KB  ", $1, $2}' "/proc/$SERVER/status"; echo; }
echo "server memory before: $(mem)"
for kind in search articles; do
  # Warm up (the page cache, the connection pool), then measure.
  WRK_PATHS="$TMP/$kind.txt" wrk -t2 -c"$CONNS" -d5s -s scripts/load/urls.lua "$URL" > /dev/null
  ( while kill -0 $SERVER 2>/dev/null; do rss >> "$TMP/rss-$kind.txt"; sleep 1; done ) &
  SAMPLER=$!
  WRK_PATHS="$TMP/$kind.txt" wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --timeout 10s --latency -s scripts/load/urls.lua "$URL" \
    | grep RESULT | sed "s/^RESULT/$kind/"
  kill $SAMPLER 2>/dev/null || true
  awk -v k="$kind" 'NR==1 {first=$1; min=$1; max=$1} {if ($1<min) min=$1; if ($1>max) max=$1; last=$1}
    END {printf "%s server anonymous memory KB: first %d, last %d, min %d, max %d (%d samples, one a second)\n", k, first, last, min, max, NR}' "$TMP/rss-$kind.txt"
done
echo "server memory after: $(mem)"
