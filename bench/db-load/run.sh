#!/usr/bin/env bash
# Cost of one dbLoad evaluation against PostgreSQL under pgbench load, side by side with check_postgres
# running the equivalent actions (backends, query_time, txn_idle, txn_time, and locks for lockwait) in the same run.
# See README.md. Run as an unprivileged user from anywhere in the repository.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
ITERATIONS=${ITERATIONS:-10}
RATE_ITERATIONS=${RATE_ITERATIONS:-3}
CLIENTS=${CLIENTS:-8}
SCALE=${SCALE:-10}
PORT=${PORT:-54329}

if [ "$(id -u)" = 0 ]; then
  echo "initdb refuses to run as root: run as an unprivileged user, e.g. runuser -u releasegate -- $0" >&2
  exit 2
fi
for tool in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/pgbench" "$PG_BIN/psql"; do
  [ -x "$tool" ] || { echo "missing $tool: apt-get install -y postgresql-15 postgresql-contrib" >&2; exit 2; }
done
command -v check_postgres >/dev/null || { echo "missing check_postgres: apt-get install -y check-postgres" >&2; exit 2; }

WORK=$(mktemp -d /tmp/db-load-bench.XXXXXX)
DATA="$WORK/data"
LOG="$WORK/postgresql.log"
PGBENCH_PID=""
cleanup() {
  [ -n "$PGBENCH_PID" ] && kill "$PGBENCH_PID" 2>/dev/null || true
  "$PG_BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT, pgbench scale $SCALE, $CLIENTS clients"
"$PG_BIN/initdb" -D "$DATA" -U postgres -A trust --no-sync >/dev/null
cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$WORK'
max_connections = 50
log_line_prefix = '%u|'
log_connections = on
CONF
"$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w start >/dev/null
PSQL=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres)
"${PSQL[@]}" -c "CREATE ROLE rg_monitor LOGIN; GRANT pg_monitor TO rg_monitor; ALTER ROLE rg_monitor SET log_statement = 'all';
                 CREATE ROLE cp_monitor LOGIN; GRANT pg_monitor TO cp_monitor; ALTER ROLE cp_monitor SET log_statement = 'all';"
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -i -q -s "$SCALE" postgres >/dev/null 2>&1
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -n -c "$CLIENTS" -j 2 -T 3600 -P 5 postgres >"$WORK/pgbench.log" 2>&1 &
PGBENCH_PID=$!
sleep 3

echo "== building the classpath of core (tests included)"
(cd "$ROOT" && mvn -q -B -DskipPlugin -pl core test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test >/dev/null)
CLASSPATH_ALL="$ROOT/core/target/classes:$ROOT/core/target/test-classes:$(cat "$WORK/classpath.txt")"

gate() {
  cat > "$WORK/gate-$1.yaml" <<YAML
version: 1
name: benchmark
checks:
  - id: db
    type: dbLoad
    url: jdbc:postgresql://127.0.0.1:$PORT/postgres
    credentials: monitor
    sampleInterval: $1
YAML
}
gate 0
gate 5s
export RELEASE_GATE_MONITOR_USERNAME=rg_monitor RELEASE_GATE_MONITOR_PASSWORD=unused

count() { # user, pattern
  grep -cE "^$1\|LOG:  $2" "$LOG" || true
}
statements() { count "$1" '(statement|execute [^:]*):'; }
connections() { grep -c "connection authorized: user=$1 " "$LOG" || true; }

run_java() { java -cp "$CLASSPATH_ALL" io.jenkins.plugins.releasegate.checks.db.DbLoadBenchmarkMain "$@"; }

echo
echo "== dbLoad, sampleInterval 0 (the same scope as the check_postgres actions), $ITERATIONS evaluations in one JVM"
before_statements=$(statements rg_monitor); before_connections=$(connections rg_monitor)
run_java "$WORK/gate-0.yaml" "$ITERATIONS" | tee "$WORK/dbload.txt"
rg_statements=$(( $(statements rg_monitor) - before_statements )); rg_connections=$(( $(connections rg_monitor) - before_connections ))

echo
echo "== dbLoad, sampleInterval 5s (with rates), $RATE_ITERATIONS evaluations"
before_rate_statements=$(statements rg_monitor)
run_java "$WORK/gate-5s.yaml" "$RATE_ITERATIONS" | tee "$WORK/dbload-rates.txt"
rg_rate_statements=$(( $(statements rg_monitor) - before_rate_statements ))

echo
CLI_JAR="$ROOT/cli/target/release-gate.jar"
cold_label=""
if [ -f "$CLI_JAR" ]; then
  echo "== dbLoad, one CLI run: java -jar cli/target/release-gate.jar check (JVM start included)"
  cold_start=$(date +%s%N)
  (cd "$WORK" && java -jar "$CLI_JAR" check -c "$WORK/gate-0.yaml" >"$WORK/cli.txt" 2>&1) || true
  cold_ms=$(( ($(date +%s%N) - cold_start) / 1000000 ))
  if grep -q '^Verdict' "$WORK/cli.txt"; then
    grep -E '^ *(PASS|WARN|FAIL|ERROR) +db|^Verdict' "$WORK/cli.txt" || true
    cold_label="dbLoad, CLI run (new JVM), sampleInterval 0"
  else
    echo "the CLI did not finish, timing a new JVM with the benchmark main instead:"
    grep -m1 -E 'Exception|Error' "$WORK/cli.txt" || head -3 "$WORK/cli.txt"
  fi
fi
if [ -z "$cold_label" ]; then
  cold_start=$(date +%s%N)
  run_java "$WORK/gate-0.yaml" 1 >/dev/null
  cold_ms=$(( ($(date +%s%N) - cold_start) / 1000000 ))
  cold_label="dbLoad, new JVM, sampleInterval 0"
fi
echo "cold run: $cold_ms ms"

echo
echo "== check_postgres $(check_postgres --version | awk '{print $3}'): backends, query_time, txn_idle, txn_time, locks; $ITERATIONS rounds"
export PATH="$PG_BIN:$PATH"   # check_postgres runs psql from PATH (its --PGBINDIR is disabled in Debian's build)
CP=(check_postgres -H 127.0.0.1 -p "$PORT" -u cp_monitor --db postgres)
before_statements=$(statements cp_monitor); before_connections=$(connections cp_monitor)
cp_times=()
for round in $(seq 1 "$ITERATIONS"); do
  start=$(date +%s%N)
  "${CP[@]}" --action=backends --warning=80% --critical=90% >/dev/null || true
  "${CP[@]}" --action=query_time --warning=30s --critical=300s >/dev/null || true
  "${CP[@]}" --action=txn_idle --warning=60s --critical=300s >/dev/null || true
  "${CP[@]}" --action=txn_time --warning=300s --critical=600s >/dev/null || true
  # check_postgres 2.25 (Debian 12) has no lockwait action: locks with waiting= is the nearest
  "${CP[@]}" --action=locks --warning=waiting=1 --critical=waiting=5 >/dev/null || true
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  cp_times+=("$elapsed")
  echo "round $round: $elapsed ms"
done
cp_statements=$(( $(statements cp_monitor) - before_statements )); cp_connections=$(( $(connections cp_monitor) - before_connections ))

kill "$PGBENCH_PID" 2>/dev/null || true; wait "$PGBENCH_PID" 2>/dev/null || true; PGBENCH_PID=""
tps=$(grep -E '^progress' "$WORK/pgbench.log" | tail -1 || true)

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rg_median=$(grep '^median' "$WORK/dbload.txt" | awk '{print $2}')
rg_rate_median=$(grep '^median' "$WORK/dbload-rates.txt" | awk '{print $2}')
cp_median=$(median "${cp_times[@]}")

echo
echo "== results (per evaluation; server-side counts from the PostgreSQL log)"
printf '%-48s %12s %12s %12s\n' "" "wall (median)" "statements" "connections"
per() { awk -v total="$1" -v count="$2" 'BEGIN {printf "%.1f", total / count}'; }
printf '%-48s %10s ms %12s %12s\n' "dbLoad, warm JVM, sampleInterval 0" "$rg_median" "$(per "$rg_statements" "$ITERATIONS")" "$(per "$rg_connections" "$ITERATIONS")"
printf '%-48s %10s ms %12s %12s\n' "$cold_label" "$cold_ms" "$(per "$rg_statements" "$ITERATIONS")" "1.0"
printf '%-48s %10s ms %12s %12s\n' "dbLoad, warm JVM, sampleInterval 5s" "$rg_rate_median" "$(per "$rg_rate_statements" "$RATE_ITERATIONS")" "1.0"
printf '%-48s %10s ms %12s %12s\n' "check_postgres, 5 actions" "$cp_median" "$(per "$cp_statements" "$ITERATIONS")" "$(per "$cp_connections" "$ITERATIONS")"
awk -v a="$rg_median" -v b="$cp_median" -v c="$cold_ms" 'BEGIN {printf "ratio check_postgres / dbLoad wall time: %.1f (warm JVM), %.1f (new JVM)\n", b / a, b / c}'
echo "pgbench during the run (last progress line): ${tps:-none}"
