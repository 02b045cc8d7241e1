#!/usr/bin/env bash
# Benchmark of the demo world's load (issue 5), end to end through `percept demo`:
#   bench/demo-load.sh [CUSTOMERS [DAYS]] [-- JAVA_OPTIONS...]
# Prints, for the same world: the generator alone writing every record to files (`percept generate`,
# the raw baseline), then from the start of `percept demo` on an empty data directory: when the
# load finished (every event durable), when the unify and event-counts processors had applied
# every event, and the server's resident memory. SKIP_GENERATE=1 skips the baseline (for large worlds:
# the loader logs its own generation time). Needs the jar (./mvnw -DskipTests package) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-10000}
days=${2:-365}
shift $(( $# > 1 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
jar=percept-app/target/percept.jar
work=$(mktemp -d)
port=${PERCEPT_BENCH_PORT:-18089}
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
pid=""
end=2026-11-27

seconds() { echo "$(date +%s.%N) - $1" | bc; }

if [ -z "${SKIP_GENERATE:-}" ]; then
start=$(date +%s.%N)
java "$@" -jar "$jar" generate --out "$work/files" --customers "$customers" --days "$days" --end "$end" 2>/dev/null | tail -1
echo "generate_seconds=$(seconds "$start")"
rm -rf "$work/files"
fi

start=$(date +%s.%N)
java "$@" -jar "$jar" demo --port "$port" --data-dir "$work/data" --customers "$customers" --days "$days" --end "$end" > "$work/demo.log" 2>&1 &
pid=$!
until grep -q "Demo world loaded" "$work/demo.log"; do
  grep -q "Loading the demo world failed" "$work/demo.log" && { cat "$work/demo.log"; exit 1; }
  kill -0 "$pid" 2>/dev/null || { cat "$work/demo.log"; exit 1; }
  sleep 1
done
echo "loaded_seconds=$(seconds "$start")"
grep -o "Demo world: [0-9,]* customers generated in.*" "$work/demo.log"
grep -o "Demo world loaded.*" "$work/demo.log"
token=$(cat "$work/data/admin-token")
caught_up() {
  curl -fsS -H "Authorization: Bearer $token" "localhost:$port/actuator/health" | grep -q "\"$1\":{\"state\":\"RUNNING\",\"position\":[0-9]*,\"lagEvents\":0"
}
until caught_up unify; do sleep 1; done
echo "unify_caught_up_seconds=$(seconds "$start")"
until caught_up event-counts; do sleep 1; done
echo "event_counts_caught_up_seconds=$(seconds "$start")"
until caught_up text-perception; do sleep 1; done
echo "text_perception_caught_up_seconds=$(seconds "$start")"
echo "texts_perceived=$(curl -fsS -H "Authorization: Bearer $token" "localhost:$port/api/voc/topics?from=2000-01-01&to=$end" | grep -o '"texts":[0-9]*' | head -1 | cut -d: -f2)"
echo "rss_mb=$(( $(ps -o rss= -p "$pid") / 1024 ))"
echo "profiles=$(curl -fsS -H "Authorization: Bearer $token" "localhost:$port/api/profiles?limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)"
echo "data_dir=$(du -sh "$work/data" | cut -f1)"
