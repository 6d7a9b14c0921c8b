#!/usr/bin/env bash
# Load test of `gongwen serve` over loopback with wrk: requests/s, p50/p99
# latency and the server's peak RSS, at 50 and 200 connections, for search,
# a document page, the register and the task list. Bounded: each run lasts
# DURATION seconds; the server it starts is stopped on exit.
#
#   cargo build --release -p gongwen-cli
#   scripts/load.sh ../shared/corpus/wuhan ../shared/corpus/laws
#
# Environment: BIN (default target/release/gongwen), DB (default a fresh
# temporary store, ingested from the paths given), DURATION (seconds per run,
# default 15), CONNECTIONS (default "50 200"), THREADS (wrk threads, default 2),
# DOC_QUERY (the document page is the first hit for it, default 若干措施).
# Needs wrk (Debian: apt-get install wrk) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-target/release/gongwen}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-"50 200"}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }
[ -x "$BIN" ] || { echo "$BIN not found: cargo build --release -p gongwen-cli" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

DB=${DB:-$work/store}
if [ $# -gt 0 ]; then
  echo "ingesting $* into $DB" >&2
  "$BIN" ingest "$@" --db "$DB" >/dev/null
fi

"$BIN" serve --db "$DB" --addr 127.0.0.1:0 2>"$work/serve.log" &
server=$!
base=""
for _ in $(seq 1 600); do
  base=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1 || true)
  [ -n "$base" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "the server did not start" >&2; exit 1; }

urlencode() {
  local s=$1 out="" c i
  local LC_ALL=C
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# A document page: the first hit for a policy with measures and tasks.
slug=$(curl -s "$base/api/search?q=$(urlencode "${DOC_QUERY:-若干措施}")&per_page=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$slug" ] || { echo "the store has no document to load" >&2; exit 1; }

declare -A urls=(
  [search]="/api/search?q=$(urlencode 低空经济)"
  [document]="/doc/$(urlencode "$slug")"
  [register]="/api/register"
  [tasks]="/api/tasks"
)

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

echo "server: $base (pid $server), document: $slug, $DURATION s per run, wrk -t$THREADS" >&2
echo "| endpoint | connections | requests/s | p50 | p99 | errors | peak RSS |"
echo "|---|---|---|---|---|---|---|"
for name in search document register tasks; do
  for c in $CONNECTIONS; do
    peak=$(rss_kb)
    ( while kill -0 "$server" 2>/dev/null; do rss_kb; sleep 0.1; done ) >"$work/rss" &
    sampler=$!
    wrk -t"$THREADS" -c"$c" -d"${DURATION}s" --timeout 10s --latency "$base${urls[$name]}" >"$work/wrk.out" 2>&1 || true
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    peak=$(sort -n "$work/rss" | tail -1)
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    errs=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$work/wrk.out")
    printf '| %s | %s | %s | %s | %s | %s | %s MB |\n' "$name" "$c" "${rps:-?}" "${p50:-?}" "${p99:-?}" "$errs" "$(( ${peak:-0} / 1024 ))"
  done
done
