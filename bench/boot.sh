#!/usr/bin/env bash
# Cold start to ready, median of N runs (default 5), for Switchboard and, as the peer in the
# same run, the stock Apache Karaf distribution of the same version.
#   Switchboard ready = GET /api/v1/health answers 200 with status UP (store, CRM, REST all up)
#   Karaf ready       = its SSH console port accepts connections
# Each run unpacks a fresh copy (no data/ cache), starts it in the background, and stops it.
# Besides the wall time, each run reports the JVM's CPU time (utime+stime from /proc) at ready:
# on a shared machine the wall time moves with other load, the CPU time much less.
# After the fresh start, the same copy is started once more ("restart": bundles already installed
# and resolved in data/, database migrated, demo data present), as an installed server restarts.
# Usage: bench/boot.sh [runs]     (build first: mvn -B install -DskipTests)
# Env:   SB_TGZ=<tar.gz>      the distribution (default: karaf-distribution/target of this checkout)
#        SB_TGZ_B=<tar.gz>    a second build measured in the same run, alternating with the first
#                             (before/after comparisons): prints its median and the ratio B/A
#        SKIP_KARAF=1         no stock Karaf peer runs;  SKIP_RESTART=1  no restarts
#        M2_REPO=<dir>        the local Maven repository holding (or receiving) apache-karaf's tar.gz
#                             (default ~/.m2/repository)
#        BOOT_THREADS=1       after each start, the JVM's CPU per thread at ready (top 6, on stderr):
#                             shows how much of the boot is the JIT, the features thread, the store
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
M2_REPO=${M2_REPO:-$HOME/.m2/repository}
pom_value() { mvn -q -B -N -o help:evaluate -Dmaven.repo.local="$M2_REPO" -Dexpression="$1" -DforceStdout -Dstyle.color=never 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g'; }
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
KARAF_VERSION=$(sed -n 's:.*<karaf.version>\(.*\)</karaf.version>.*:\1:p' pom.xml | head -1)
[[ -n $VERSION ]] || VERSION=$(pom_value project.version)
[[ -n $KARAF_VERSION ]] || KARAF_VERSION=$(pom_value karaf.version)
SB_TGZ=${SB_TGZ:-karaf-distribution/target/switchboard-distribution-$VERSION.tar.gz}
SB_TGZ_B=${SB_TGZ_B:-}
[[ -f $SB_TGZ ]] || { echo "missing $SB_TGZ: run mvn -B install -DskipTests" >&2; exit 1; }
[[ -z $SB_TGZ_B || -f $SB_TGZ_B ]] || { echo "missing SB_TGZ_B=$SB_TGZ_B" >&2; exit 1; }
KARAF_TGZ=$M2_REPO/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz
if [[ ${SKIP_KARAF:-0} != 1 && ! -f $KARAF_TGZ ]]; then
  # a failed fetch used to end the script silently (set -e): say why
  mvn -q -B dependency:get -Dmaven.repo.local="$M2_REPO" -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -Dtransitive=false ||
    { echo "boot: could not fetch apache-karaf $KARAF_VERSION into $M2_REPO (or run with SKIP_KARAF=1)" >&2; exit 1; }
fi

WORK=$(mktemp -d)
# the instance being measured runs in its own process group, recorded here for the EXIT trap
trap '{ g=$(cat "$WORK/current.pgid" 2>/dev/null) && kill -- -"$g" 2>/dev/null; } || true; rm -rf "$WORK"' EXIT
HTTP_PORT=${BOOT_HTTP_PORT:-18181}
SSH_PORT=${BOOT_SSH_PORT:-18101}

now_ms() { date +%s%3N; }
port_open() { (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; }
wait_port_free() { local i; for i in $(seq 200); do port_open "$1" || return 0; sleep 0.1; done; echo "port $1 stays busy" >&2; exit 1; }

# thread_cpu <pid> → one line "thread cpu at ready (ms): <ms> <name>,..." of the six busiest threads (digits at
# the end of a name folded to N, so the compiler and GC threads add up)
thread_cpu() {
  local t
  for t in /proc/$1/task/*; do printf '%s %s\n' "$(tr ' ' '_' <"$t/comm")" "$(sed 's/.*) //' "$t/stat")"; done 2>/dev/null |
    awk -v hz="$(getconf CLK_TCK)" '{sub(/[0-9]+$/, "N", $1); c[$1] += ($13 + $14) * 1000 / hz}
      END {for (k in c) printf "%d %s\n", c[k], k}' | sort -rn | head -6 | paste -sd, | sed 's/^/  thread cpu at ready (ms): /'
}

# start_ready <dir> <probe command> → prints "wall_ms cpu_ms" from launch to ready, then stops it
start_ready() {
  local dir=$1 probe=$2 start end pid jpid cpu
  wait_port_free $HTTP_PORT; wait_port_free $SSH_PORT
  start=$(now_ms)
  setsid "$dir/bin/karaf" server >/dev/null 2>&1 &
  pid=$!
  echo $pid >"$WORK/current.pgid"
  until eval "$probe"; do
    if ! kill -0 $pid 2>/dev/null; then echo "start failed, see $dir/data/log" >&2; exit 1; fi
    if (( $(now_ms) - start > 120000 )); then echo "not ready after 120 s" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(now_ms)
  jpid=$(pgrep -s $pid -x java | head -1 || true)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/${jpid:-0}/stat" 2>/dev/null || echo 0)
  [[ ${BOOT_THREADS:-0} == 1 && -n $jpid ]] && thread_cpu "$jpid" >&2
  kill -- -$pid 2>/dev/null || true   # the whole process group: script and JVM
  wait $pid 2>/dev/null || true
  while kill -0 -- -$pid 2>/dev/null; do sleep 0.05; done
  echo "$(( end - start )) ${cpu:-0}"
}

# run_once <tarball> <probe command> [restart] → prints "wall_ms cpu_ms" of the fresh start (and,
# with "restart", " wall_ms cpu_ms" of a second start of the same copy)
run_once() {
  local tgz=$1 probe=$2 restart=${3:-} dir first second=
  dir=$(mktemp -d "$WORK/run.XXXX")
  tar -xzf "$tgz" -C "$dir" --strip-components=1
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $HTTP_PORT/" "$dir/etc/org.ops4j.pax.web.cfg" 2>/dev/null || true
  sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/" "$dir/etc/org.apache.karaf.shell.cfg"
  # keep SIP and RTP off a Switchboard that may be running already
  sed -i "s/^port *=.*/port = 15960/" "$dir/etc/org.switchboard.sip.cfg" 2>/dev/null || true
  sed -i "s/^port *=.*/port = 15961/" "$dir/etc/org.switchboard.webrtc.cfg" 2>/dev/null || true
  sed -i "s/^portMin *=.*/portMin = 41000/; s/^portMax *=.*/portMax = 41999/" "$dir/etc/org.switchboard.media.cfg" 2>/dev/null || true
  first=$(start_ready "$dir" "$probe")
  [[ -n $restart && ${SKIP_RESTART:-0} != 1 ]] && second=" $(start_ready "$dir" "$probe")"
  rm -rf "$dir"
  echo "$first$second"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
col() { printf '%s\n' "${@:2}" | awk -v c="$1" '{print $c}'; }   # col <n> <"wall cpu ..." rows...>
summary() { # summary <label> <what> <rows...>
  local label=$1 what=$2; shift 2
  echo "$label cold start to $what: median $(col 1 "$@" | median) ms (min $(col 1 "$@" | sort -n | head -1), max $(col 1 "$@" | sort -n | tail -1)), JVM cpu median $(col 2 "$@" | median) ms"
}

SB_PROBE="curl -sf http://127.0.0.1:$HTTP_PORT/api/v1/health | grep -q '\"status\":\"UP\"'"
KARAF_PROBE="port_open $SSH_PORT"

echo "boot: $RUNS runs, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
sb=() sbb=() karaf=()
for i in $(seq "$RUNS"); do
  # a run that failed printed why and nothing else: stop there
  sb+=("$(run_once "$SB_TGZ" "$SB_PROBE" restart)"); [[ -n ${sb[-1]} ]] || exit 1
  line="run $i: switchboard ${sb[-1]%% *} ms (cpu $(col 2 "${sb[-1]}") ms; restart $(col 3 "${sb[-1]}") ms, cpu $(col 4 "${sb[-1]}") ms)"
  if [[ -n $SB_TGZ_B ]]; then
    sbb+=("$(run_once "$SB_TGZ_B" "$SB_PROBE" restart)"); [[ -n ${sbb[-1]} ]] || exit 1
    line+=", B ${sbb[-1]%% *} ms (cpu $(col 2 "${sbb[-1]}") ms; restart $(col 3 "${sbb[-1]}") ms)"
  fi
  if [[ ${SKIP_KARAF:-0} != 1 ]]; then
    karaf+=("$(run_once "$KARAF_TGZ" "$KARAF_PROBE")"); [[ -n ${karaf[-1]} ]] || exit 1
    line+=", karaf ${karaf[-1]%% *} ms (cpu $(col 2 "${karaf[-1]}") ms)"
  fi
  echo "$line, load $(cut -d' ' -f1 /proc/loadavg)"
done
SB_MED=$(col 1 "${sb[@]}" | median)
summary switchboard "health UP" "${sb[@]}"
[[ ${SKIP_RESTART:-0} == 1 ]] ||
  echo "switchboard restart (installed copy) to health UP: median $(col 3 "${sb[@]}" | median) ms, JVM cpu median $(col 4 "${sb[@]}" | median) ms"
if [[ -n $SB_TGZ_B ]]; then
  summary "switchboard B ($(basename "$SB_TGZ_B"))" "health UP" "${sbb[@]}"
  [[ ${SKIP_RESTART:-0} == 1 ]] ||
    echo "switchboard B restart to health UP: median $(col 3 "${sbb[@]}" | median) ms, JVM cpu median $(col 4 "${sbb[@]}" | median) ms"
  awk -v a="$SB_MED" -v b="$(col 1 "${sbb[@]}" | median)" -v c="$(col 2 "${sb[@]}" | median)" -v d="$(col 2 "${sbb[@]}" | median)" \
    'BEGIN {printf "ratio B/A cold start: %.2f, jvm cpu: %.2f\n", b/a, (c > 0) ? d/c : 0}'
fi
if [[ ${SKIP_KARAF:-0} != 1 ]]; then
  KARAF_MED=$(col 1 "${karaf[@]}" | median)
  summary "stock karaf $KARAF_VERSION" "ssh" "${karaf[@]}"
  awk -v a="$SB_MED" -v b="$KARAF_MED" 'BEGIN {printf "ratio switchboard/karaf: %.2f\n", a/b}'
fi
