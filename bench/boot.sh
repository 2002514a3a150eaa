#!/usr/bin/env bash
# Cold start to ready, median of N runs (default 5), for Switchboard and, as the peer in the
# same run, the stock Apache Karaf distribution of the same version.
#   Switchboard ready = GET /api/v1/health answers 200 with status UP (store, CRM, REST all up)
#   Karaf ready       = its SSH console port accepts connections
# Each run unpacks a fresh copy (no data/ cache), starts it in the background, and stops it.
# Usage: bench/boot.sh [runs]     (build first: mvn -B install -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
pom_value() { mvn -q -B -N help:evaluate -Dexpression="$1" -DforceStdout -Dstyle.color=never 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g'; }
VERSION=$(pom_value project.version)
KARAF_VERSION=$(pom_value karaf.version)
SB_TGZ=karaf-distribution/target/switchboard-distribution-$VERSION.tar.gz
[[ -f $SB_TGZ ]] || { echo "missing $SB_TGZ: run mvn -B install -DskipTests" >&2; exit 1; }
KARAF_TGZ=$HOME/.m2/repository/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz
[[ -f $KARAF_TGZ ]] || mvn -q dependency:get -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -Dtransitive=false

WORK=$(mktemp -d)
trap 'pkill -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
HTTP_PORT=18181
SSH_PORT=18101

now_ms() { date +%s%3N; }
port_open() { (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; }
wait_port_free() { local i; for i in $(seq 200); do port_open "$1" || return 0; sleep 0.1; done; echo "port $1 stays busy" >&2; exit 1; }

# run_once <tarball> <probe command> → prints milliseconds from launch to ready
run_once() {
  local tgz=$1 probe=$2 dir
  dir=$(mktemp -d "$WORK/run.XXXX")
  tar -xzf "$tgz" -C "$dir" --strip-components=1
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $HTTP_PORT/" "$dir/etc/org.ops4j.pax.web.cfg" 2>/dev/null || true
  sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/" "$dir/etc/org.apache.karaf.shell.cfg"
  # keep SIP and RTP off a Switchboard that may be running already
  sed -i "s/^port *=.*/port = 15960/" "$dir/etc/org.switchboard.sip.cfg" 2>/dev/null || true
  sed -i "s/^portMin *=.*/portMin = 41000/; s/^portMax *=.*/portMax = 41999/" "$dir/etc/org.switchboard.media.cfg" 2>/dev/null || true
  local start end
  wait_port_free $HTTP_PORT; wait_port_free $SSH_PORT
  start=$(now_ms)
  setsid "$dir/bin/karaf" server >/dev/null 2>&1 &
  local pid=$!
  until eval "$probe"; do
    if ! kill -0 $pid 2>/dev/null; then echo "start failed, see $dir/data/log" >&2; exit 1; fi
    if (( $(now_ms) - start > 120000 )); then echo "not ready after 120 s" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(now_ms)
  kill -- -$pid 2>/dev/null || true   # the whole process group: script and JVM
  wait $pid 2>/dev/null || true
  while kill -0 -- -$pid 2>/dev/null; do sleep 0.05; done
  rm -rf "$dir"
  echo $(( end - start ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

SB_PROBE="curl -sf http://127.0.0.1:$HTTP_PORT/api/v1/health | grep -q '\"status\":\"UP\"'"
KARAF_PROBE="port_open $SSH_PORT"

sb=() karaf=()
for i in $(seq "$RUNS"); do
  sb+=("$(run_once "$SB_TGZ" "$SB_PROBE")")
  karaf+=("$(run_once "$KARAF_TGZ" "$KARAF_PROBE")")
  echo "run $i: switchboard ${sb[-1]} ms, karaf ${karaf[-1]} ms"
done
SB_MED=$(printf '%s\n' "${sb[@]}" | median)
KARAF_MED=$(printf '%s\n' "${karaf[@]}" | median)
echo "switchboard cold start to health UP: median ${SB_MED} ms (min $(printf '%s\n' "${sb[@]}" | sort -n | head -1), max $(printf '%s\n' "${sb[@]}" | sort -n | tail -1))"
echo "stock karaf $KARAF_VERSION cold start to ssh: median ${KARAF_MED} ms"
awk -v a="$SB_MED" -v b="$KARAF_MED" 'BEGIN {printf "ratio switchboard/karaf: %.2f\n", a/b}'
