#!/usr/bin/env bash
# tidings serve under wrk, for docs/bench/bench.sh: RFC 8058 one-click unsubscribes per second, p50/p99
# latency, peak RSS with a 1,000-row and a big list, and the peer of the same run: Debian's nginx
# serving a small static file on loopback with the same wrk settings (a ceiling for one HTTP
# request on this machine, not a contender). Writes WORK/serve.md, which report.py includes.
#   docs/bench/serve-bench.sh WORK BIG DURATION
set -euo pipefail
shopt -s inherit_errexit # a failing step inside \$(run ...) stops the bench too
cd "$(dirname "$0")/../.."
WORK=$1 BIG=$2 DURATION=${3:-20s}
TIDINGS=target/tidings
: "${TIDINGS_SECRET:?serve-bench.sh: TIDINGS_SECRET must be set}"
command -v wrk >/dev/null || { echo "serve-bench.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x /usr/sbin/nginx ] || { echo "serve-bench.sh: nginx is missing (apt-get install nginx)" >&2; exit 1; }
WRK_ARGS=(-t2 -c16 "-d$DURATION" --timeout 30s --latency)
URLS=20000
PORT=18581 NGINX_PORT=18582
S="$WORK/serve"
rm -rf "$S" && mkdir -p "$S"

mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/test-classpath.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/test-classpath.txt")"

# The bench issue's newsletter with public_url (https, as validate wants; serve is given its loopback
# URL with --public-url): its unsubscribe URL is then serve's route, PUBLIC/unsubscribe?u=...
sed -e '/^    url: "https:\/\/example.test\/unsubscribe/d' -e "s|^newsletter:|newsletter:\n  public_url: https://news.example.test|" \
  docs/bench/bench-issue.yaml > "$S/issue.yaml"

serve_pid=
stop_serve() { if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi; serve_pid=; }
nginx_pid=
trap 'stop_serve; [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null' EXIT

await_http() { # until URL answers 200, 60 s at most
  for _ in $(seq 600); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "serve-bench.sh: $1 did not answer" >&2; return 1
}

# One run: serve on a copy of LIST, a warm-up, then the measured wrk run. Prints
# "rate p50 p99 non2xx errors requests rss_kib applied alone" (latencies in ms).
run() {
  local list=$1 label=$2 urls
  cp "$list" "$S/$label.csv"
  urls=$(( $(wc -l < "$list") - 1 )); [ "$urls" -le "$URLS" ] || urls=$URLS
  java -cp "$CP" dev.tidings.bench.UnsubscribeUrls "$S/issue.yaml" "$S/$label.csv" "$urls" "$S/$label.urls"
  $TIDINGS serve "$S/issue.yaml" --subscribers "$S/$label.csv" --smtp smtp://127.0.0.1:2596 \
    --public-url "http://127.0.0.1:$PORT" --listen "127.0.0.1:$PORT" >"$S/$label.out" 2>"$S/$label.err" &
  serve_pid=$!
  await_http "http://127.0.0.1:$PORT/healthz"
  # One event alone, on an idle server: three one-click POSTs one after the other, the median in ms.
  local alone; alone=$(for k in 1 2 3; do
      curl -fsS -o /dev/null -w '%{time_total}\n' -X POST -d List-Unsubscribe=One-Click "http://127.0.0.1:$PORT$(sed -n "$((k + 1))p" "$S/$label.urls")"
    done | sort -n | sed -n 2p | awk '{ printf "%.1f", $1 * 1000 }')
  wrk -t2 -c16 -d5s --timeout 30s -s docs/bench/serve-unsubscribe.lua "http://127.0.0.1:$PORT" -- "$S/$label.urls" >"$S/$label.warm.txt"
  wrk "${WRK_ARGS[@]}" -s docs/bench/serve-unsubscribe.lua "http://127.0.0.1:$PORT" -- "$S/$label.urls" >"$S/$label.wrk.txt"
  local rss; rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$serve_pid/status")
  stop_serve
  local applied; applied=$(grep -c ',unsubscribed$' "$S/$label.csv" || true)
  local journal="$S/.tidings/$label.csv.journal" journaled=-
  [ -f "$journal" ] && journaled=$(( $(wc -l < "$journal") - 1 )) # less its header line: one line per event
  echo "$(parse "$S/$label.wrk.txt") $rss $applied $alone $journaled"
}

# wrk's text: requests/s, p50 and p99 in ms, non-2xx answers, socket errors, requests.
parse() {
  python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s+" + label + r"\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", t) or [0, 0])[1])
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", t))
requests = int(re.search(r"(\d+) requests in", t).group(1))
if requests == 0:  # nothing answered within the run: no latency to speak of
    print(f"0 - - {non2xx} {errors} 0")
else:
    print(f"{rate:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {non2xx} {errors} {requests}")
PY
}

echo "== serve: one-click unsubscribes, 1,000-row list" >&2
SMALL=$(run "$WORK/list-1k.csv" small)
echo "== serve: one-click unsubscribes, $BIG-row list" >&2
LARGE=$(run "$WORK/list-big.csv" big)

echo "== peer: nginx, a static file" >&2
P="$S/nginx"
mkdir -p "$P/logs" "$P/html"
printf 'unsubscribed\n' > "$P/html/ok"
cat > "$P/nginx.conf" <<CONF
daemon off;
master_process off;
pid $PWD/$P/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $PWD/$P/body;
    proxy_temp_path $PWD/$P/proxy;
    fastcgi_temp_path $PWD/$P/fastcgi;
    uwsgi_temp_path $PWD/$P/uwsgi;
    scgi_temp_path $PWD/$P/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $PWD/$P/html;
    }
}
CONF
/usr/sbin/nginx -p "$PWD/$P" -c "$PWD/$P/nginx.conf" -e stderr 2>"$P/err" &
nginx_pid=$!
await_http "http://127.0.0.1:$NGINX_PORT/ok"
wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$NGINX_PORT/ok" >"$P/wrk.txt"
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=
PEER=$(parse "$P/wrk.txt")

read -r s_rate s_p50 s_p99 s_non s_err s_req s_rss s_applied s_alone s_journaled <<<"$SMALL"
read -r b_rate b_p50 b_p99 b_non b_err b_req b_rss b_applied b_alone b_journaled <<<"$LARGE"
read -r n_rate n_p50 n_p99 _ _ _ <<<"$PEER"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
WHEN=$(date -u '+%Y-%m-%d %H:%M UTC')
python3 - "$WORK/serve.md" <<PY
import sys
s_rate, b_rate, n_rate = $s_rate, $b_rate, $n_rate
text = f"""## serve: one-click unsubscribes (wrk)

RFC 8058 POSTs (\`List-Unsubscribe=One-Click\`, no cookie, no token) to \`tidings serve\` on loopback, each to
the unsubscribe URL of another subscriber (the first {$URLS:,} of the list, or all 1,000 of the small one, round
and round; made as \`send\` makes them),
with wrk \`${WRK_ARGS[*]}\` after a 5 s warm-up; \`serve\` started through the launcher
(\`target/tidings serve\`), its list a copy of the benchmark's. Measured $WHEN; load average at the end: $LOAD.
The peer, in the same run with the same wrk settings: Debian's nginx serving a 13-byte static
file (GET), a ceiling for one HTTP request on this machine, not a contender.

| list | unsubscribes/s | p50 | p99 | non-2xx | socket errors | answers in the run | one alone | peak RSS | rows unsubscribed after | events in the journal |
|---|---|---|---|---|---|---|---|---|---|---|
| 1,000 rows | {s_rate:,} | $s_p50 ms | $s_p99 ms | $s_non | $s_err | $s_req | $s_alone ms | {$s_rss // 1024} MiB | $s_applied | $s_journaled |
| {$BIG:,} rows | {b_rate:,} | $b_p50 ms | $b_p99 ms | $b_non | $b_err | $b_req | $b_alone ms | {$b_rss // 1024} MiB | $b_applied | $b_journaled |
| nginx, static file | {n_rate:,} | $n_p50 ms | $n_p99 ms | | | | | | | |

"One alone": the median of three one-click POSTs sent one after the other to the idle server, before
the warm-up. wrk counts only the answers that arrive within its run: when one event takes longer than
the run, the row shows none. "Rows unsubscribed after": the list read after serve was stopped
(SIGTERM), warm-up and the three included; with the journal, events acknowledged but not yet
applied to the list stay in the journal (applied at the next start, and honoured by send
meanwhile), so the journal's count ("-": no journal, each event was written to the list before
its answer) is that of acknowledged events, repeats of an address included.

Ratios: {$BIG:,} rows against 1,000: **{b_rate / s_rate if s_rate else 0:.3f}×** the rate, **{$b_rss / $s_rss:.2f}×** the peak RSS;
against nginx's static file: **{s_rate / n_rate:.3f}×** (1,000 rows), **{b_rate / n_rate:.4f}×** ({$BIG:,} rows).
The issue's goal: ≥ 2,000 acknowledged unsubscribes/s with p99 under 50 ms, memory flat in the list's size.
"""
open(sys.argv[1], "w", encoding="utf-8").write(text)
met = b_rate >= 2000 and "$b_p99" != "-" and float("$b_p99" or 0) < 50 and $b_non == 0 and $b_err == 0
row = (f"| serve: ≥ 2,000 acknowledged one-click unsubscribes/s, p99 < 50 ms, list of {$BIG:,} | {b_rate:,}/s, p99 $b_p99 ms,"
       f" one alone $b_alone ms"
       f" ({s_rate:,}/s with 1,000 rows) | **{b_rate / n_rate:.4f}×** nginx's static file; {'met' if met else '**not met**'} |\n"
       f"| serve: memory flat, peak RSS with {$BIG:,} rows against 1,000 | {$b_rss // 1024} vs {$s_rss // 1024} MiB | **{$b_rss / $s_rss:.2f}×** |\n")
open(sys.argv[1].replace("serve.md", "serve-headline.md"), "w", encoding="utf-8").write(row)
PY
echo "wrote $WORK/serve.md" >&2
