#!/usr/bin/env bash
# tidings' benchmarks, side by side with the peers of ../shared/bench, written to docs/performance.md.
#   docs/bench/bench.sh          the full run (N=2000, 5 rounds, memory at 1M subscribers, JMH): ~10 min
#   docs/bench/bench.sh --quick  a smoke run before a change lands (N=300, 1 round, no 1M, short JMH)
# Ratios are what to quote: each compares contenders measured in the same run on the same machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

QUICK=false
[ "${1:-}" = "--quick" ] && QUICK=true
SHARED=../shared/bench
OUT=docs/performance.md
[ "$QUICK" = true ] && OUT=target/bench/performance-quick.md
WORK=target/bench
mkdir -p "$WORK"
# Five rounds, medians: on a shared VM one round's ratio to nodemailer moves by 10% and more.
N=2000 REPS=5 JMH_ARGS=(-wi 3 -i 5 -w 2 -r 2 -f 1)
if [ "$QUICK" = true ]; then N=300 REPS=1 JMH_ARGS=(-wi 1 -i 2 -w 1 -r 1 -f 1); fi

export TIDINGS_SECRET=benchmark-secret-of-32-characters-or-more # a real send refuses a weaker one
TIDINGS=target/tidings # the launcher `make` writes, as `make run` and `make install` use it
DIGEST=docs/bench/bench-issue.yaml

make -s build
"$SHARED/setup.sh" >/dev/null
# serve's benchmark drives it with wrk and measures nginx beside it (both Debian's): installed here when
# missing, as .ci/run installs what the tests need.
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "bench: installing ${missing[*]}" >&2
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

send_cmd() { # the command compare.sh times: a whole process, fresh ledger each run
  echo "rm -f $WORK/ledger.db*; $TIDINGS send $DIGEST --subscribers \"\$BENCH_SUBSCRIBERS\" --smtp \"\$BENCH_SMTP\" --connections \"\$BENCH_CONNECTIONS\" --ledger $WORK/ledger.db --yes"
}

echo "== end to end, 4 connections" >&2
"$SHARED/compare.sh" -n "$N" -r "$REPS" --connections 4 --label tidings -o "$WORK/e2e-4.md" -- "$(send_cmd)" >&2
echo "== end to end, 1 connection" >&2
"$SHARED/compare.sh" -n "$N" -r "$REPS" --connections 1 --label tidings -o "$WORK/e2e-1.md" -- "$(send_cmd)" >&2

# Peak RSS of one process, in MiB, from GNU time.
peak_rss() { /usr/bin/time -f "%M" -o "$WORK/rss.txt" "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err" >&2; return 1; }; echo $(( $(tail -1 "$WORK/rss.txt") / 1024 )); }
# Wall time in ms of one run.
wall_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
# The median of numbers, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)) }'; }

echo "== memory" >&2
python3 "$SHARED/lib/make_subscribers.py" 1000 "$WORK/list-1k.csv"
MEM_SMALL=$(peak_rss env TIDINGS_JAVA_OPTS=-Xmx128m $TIDINGS send $DIGEST --subscribers "$WORK/list-1k.csv" --dry-run)
if [ "$QUICK" = true ]; then BIG=20000; else BIG=1000000; fi
python3 "$SHARED/lib/make_subscribers.py" "$BIG" "$WORK/list-big.csv"
MEM_BIG=$(peak_rss env TIDINGS_JAVA_OPTS=-Xmx128m $TIDINGS send $DIGEST --subscribers "$WORK/list-big.csv" --dry-run)
# A real send, ledger and all, to a sink: 1,000 against 100,000 (20,000 in a quick run).
if [ "$QUICK" = true ]; then BIG_SEND=20000; else BIG_SEND=100000; fi
python3 "$SHARED/lib/make_subscribers.py" "$BIG_SEND" "$WORK/list-send.csv"
/usr/sbin/smtp-sink -u nobody 127.0.0.1:2598 1000 >/dev/null 2>&1 & MEM_SINK=$!
sleep 0.5
rm -f "$WORK"/mem-ledger.db*
MEM_SEND_SMALL=$(peak_rss env TIDINGS_JAVA_OPTS=-Xmx128m $TIDINGS send $DIGEST --subscribers "$WORK/list-1k.csv" \
  --smtp smtp://127.0.0.1:2598 --connections 4 --ledger "$WORK/mem-ledger.db" --yes)
rm -f "$WORK"/mem-ledger.db*
MEM_SEND_BIG=$(peak_rss env TIDINGS_JAVA_OPTS=-Xmx128m $TIDINGS send $DIGEST --subscribers "$WORK/list-send.csv" \
  --smtp smtp://127.0.0.1:2598 --connections 4 --ledger "$WORK/mem-ledger.db" --yes)
kill "$MEM_SINK" 2>/dev/null || true

# tidings serve under wrk: one-click unsubscribes with a 1,000-row and the big list (copies: serve changes them).
if [ "$QUICK" = true ]; then SERVE_RUN=5s; else SERVE_RUN=20s; fi
docs/bench/serve-bench.sh "$WORK" "$BIG" "$SERVE_RUN"

echo "== Nagle guard: one connection to a relay without PIPELINING" >&2
# To such a relay Angus writes the message data itself, in 8 KiB chunks; with Nagle's algorithm on,
# every message over 8 KiB then waits ~40 ms for a delayed acknowledgement (~23 msgs/s on one
# connection; 300 messages took 13.9 s instead of 1.0 s when TCP_NODELAY was switched off to check
# this guard). The pipelined path the runs above take hardly notices, so this run watches the other.
NAGLE_N=300 NAGLE_FLOOR=100
python3 "$SHARED/lib/make_subscribers.py" "$NAGLE_N" "$WORK/list-nagle.csv"
/usr/sbin/smtp-sink -u nobody -p 127.0.0.1:2597 1000 >/dev/null 2>&1 & NAGLE_SINK=$!
sleep 0.5
rm -f "$WORK"/nagle-ledger.db*
s=$(date +%s%N)
$TIDINGS send $DIGEST --subscribers "$WORK/list-nagle.csv" --smtp smtp://127.0.0.1:2597 --connections 1 \
  --ledger "$WORK/nagle-ledger.db" --yes >/dev/null 2>"$WORK/nagle.err" || { cat "$WORK/nagle.err" >&2; kill "$NAGLE_SINK"; exit 1; }
NAGLE_MS=$(( ($(date +%s%N) - s) / 1000000 ))
kill "$NAGLE_SINK" 2>/dev/null || true
if [ $(( NAGLE_N * 1000 / NAGLE_MS )) -lt "$NAGLE_FLOOR" ]; then
  echo "bench: Nagle guard failed: $NAGLE_N messages in $NAGLE_MS ms on one connection without PIPELINING," \
    "under $NAGLE_FLOOR msgs/s: are the SMTP sockets still TCP_NODELAY (NoDelaySocketFactories)?" >&2
  exit 1
fi

echo "== start-up" >&2
cat > "$WORK/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] args) { System.out.println("hello"); } }
JAVA
javac -d "$WORK" "$WORK/Hello.java"
# Fifteen runs of each, taken in turn: this VM's speed drifts within minutes, and a ratio of
# medians taken minutes apart would measure the drift too.
: > "$WORK/startup.txt"
for _ in $(seq 15); do
  echo "hello $(wall_ms java -cp "$WORK" Hello)" >> "$WORK/startup.txt"
  echo "validate $(wall_ms $TIDINGS validate samples/social-learning-2.yaml)" >> "$WORK/startup.txt"
  echo "plain $(wall_ms java -jar target/tidings.jar validate samples/social-learning-2.yaml)" >> "$WORK/startup.txt"
done
HELLO_MS=$(awk '$1 == "hello" { print $2 }' "$WORK/startup.txt" | median)
VALIDATE_MS=$(awk '$1 == "validate" { print $2 }' "$WORK/startup.txt" | median)
VALIDATE_PLAIN_MS=$(awk '$1 == "plain" { print $2 }' "$WORK/startup.txt" | median)

echo "== ledger durability: fsyncs per send" >&2
/usr/sbin/smtp-sink -u nobody 127.0.0.1:2599 1000 >/dev/null 2>&1 & SINK=$!
sleep 0.5
rm -f "$WORK"/ledger.db*
python3 "$SHARED/lib/make_subscribers.py" "$N" "$WORK/list-n.csv"
strace -f -c -e trace=fsync,fdatasync -o "$WORK/strace.txt" $TIDINGS send $DIGEST --subscribers "$WORK/list-n.csv" \
  --smtp smtp://127.0.0.1:2599 --connections 4 --ledger "$WORK/ledger.db" --yes >/dev/null 2>&1 || true
kill "$SINK" 2>/dev/null || true
FSYNCS=$(awk '/fsync|fdatasync/ {s += $4} END {print s + 0}' "$WORK/strace.txt")

echo "== JMH: per-recipient rendering" >&2
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/test-classpath.txt" -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$WORK/test-classpath.txt")" org.openjdk.jmh.Main RenderBenchmark \
  "${JMH_ARGS[@]}" -rf text -rff "$WORK/jmh.txt" >&2
echo "== JMH: DKIM signing per message" >&2
java -cp "target/test-classes:target/classes:$(cat "$WORK/test-classpath.txt")" org.openjdk.jmh.Main SigningBenchmark \
  "${JMH_ARGS[@]}" -rf text -rff "$WORK/jmh-dkim.txt" >&2

python3 docs/bench/report.py "$OUT" "$N" "$REPS" "$WORK" "$MEM_SMALL" "$BIG" "$MEM_BIG" "$HELLO_MS" "$VALIDATE_MS" \
  "$VALIDATE_PLAIN_MS" "$FSYNCS" "$QUICK" "$MEM_SEND_SMALL" "$BIG_SEND" "$MEM_SEND_BIG" "$NAGLE_N" "$NAGLE_MS"
echo "wrote $OUT" >&2
