# shellcheck shell=bash
# Shared helpers for the telephony benchmarks (sourced by sip-cps.sh and media.sh).
# Everything here targets loopback only; every process started goes through `spawn`, gets its
# own process group and is stopped by `cleanup` (EXIT trap), so a run never leaves processes behind.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIPP_DIR=$BENCH_DIR/sipp
CLK_TCK=$(getconf CLK_TCK)

# Switchboard as documented in shared/ARCHITECTURE.md (demo data on).
SB_HOST=${SB_HOST:-127.0.0.1}
SB_SIP_PORT=${SB_SIP_PORT:-5060}
SB_DOMAIN=${SB_DOMAIN:-switchboard.local}
SB_REST=${SB_REST-http://127.0.0.1:8181/api/v1}   # empty: do not touch REST (agent presence)
CARRIER_PORT=${CARRIER_PORT:-5080}                 # trunk `pstn` admits calls from 127.0.0.1:5080 only
# Agents whose phones the SIPp UAS instances play: user:password:number[,user:password:number...]
SB_AGENTS=${SB_AGENTS:-alice:alice-secret:+15550101}

die() { echo "error: $*" >&2; exit 1; }
note() { echo "$*" >&2; }

for tool in sipp timeout setsid ss awk python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: sip-tester, coreutils, util-linux, iproute2, gawk, python3)"
done

only_loopback() { # refuse any target outside 127.0.0.0/8
  [[ $1 == 127.* ]] || die "$1 is not a loopback address: these benchmarks only target 127.0.0.0/8"
}
only_loopback "$SB_HOST"

SCRIPT_CMD="$0 $*"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sb-bench.XXXXXX")
BENCH_PGIDS=()
SPAWNED_PID=

# spawn <logfile> <command...>: starts the command in a new session (its pid is its process group
# id), in directory $SPAWN_CWD (default: the log's directory), and records the group for cleanup.
# Sets SPAWNED_PID.
spawn() {
  local logfile=$1 dir; shift
  dir=${SPAWN_CWD:-$(dirname "$logfile")}
  ( cd "$dir" && exec setsid "$@" ) >"$logfile" 2>&1 </dev/null &
  SPAWNED_PID=$!
  BENCH_PGIDS+=("$SPAWNED_PID")
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# stop_group <pgid>: TERM the whole group, KILL whatever is left after 3 s, reap the leader.
stop_group() {
  local pgid=$1 i
  # just spawned: the process runs but has not made its group yet (setsid); give it that moment,
  # or the `wait` below would wait for a process nobody stops
  for i in $(seq 20); do group_alive "$pgid" || ! kill -0 "$pgid" 2>/dev/null && break; sleep 0.05; done
  group_alive "$pgid" || { kill -0 "$pgid" 2>/dev/null && kill -KILL "$pgid" 2>/dev/null; wait "$pgid" 2>/dev/null; return 0; }
  kill -TERM -- "-$pgid" 2>/dev/null
  for i in $(seq 30); do group_alive "$pgid" || break; sleep 0.1; done
  group_alive "$pgid" && kill -KILL -- "-$pgid" 2>/dev/null
  for i in $(seq 30); do group_alive "$pgid" || break; sleep 0.1; done
  wait "$pgid" 2>/dev/null
  return 0
}

CLEANUP_HOOKS=()   # commands run first by cleanup (e.g. unregister the agents)
cleanup() {
  local rc=$? hook i
  trap - EXIT INT TERM
  for hook in "${CLEANUP_HOOKS[@]}"; do ( eval "$hook" ) || true; done
  for (( i=${#BENCH_PGIDS[@]}-1; i>=0; i-- )); do stop_group "${BENCH_PGIDS[i]}"; done
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then note "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_bounded <seconds> <logfile> <command...>: runs a command in its own process group, killed
# after <seconds> (TERM, then KILL 3 s later). Returns the command's exit status (124: timed out).
run_bounded() {
  local limit=$1 logfile=$2 rc; shift 2
  spawn "$logfile" timeout --kill-after=3 "$limit" "$@"
  wait "$SPAWNED_PID"; rc=$?
  stop_group "$SPAWNED_PID"
  return $rc
}

# SIPp always binds its media echo sockets, on -mp and -mp+2: give every instance its own pair,
# derived from its SIP port (15072 → 16288), away from Switchboard's RTP range 20000-29999 and
# from the kernel's ephemeral ports (32768 and up).
media_port_for() { echo $(( 16000 + ($1 - 15000) * 4 )); }
# the RTP echo port of a phone in media.sh (15200 → 18800)
echo_port_for() { echo $(( 18000 + ($1 - 15000) * 4 )); }

udp_port_busy() { [[ -n $(ss -Hlun "sport = :$1" 2>/dev/null) ]]; }
require_free_udp() {
  local p
  for p in "$@"; do udp_port_busy "$p" && die "UDP port $p is in use (ss -lunp 'sport = :$p'); set the *_PORT variables to free ports"; done
  return 0
}
# owner pid of a bound UDP port (empty if none or not visible)
udp_port_pid() { ss -Hlunp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# CPU time in clock ticks (utime+stime, /proc/<pid>/stat fields 14 and 15) of a process and its
# direct children (Kamailio's workers are children of its main process; a JVM has none).
cpu_ticks() {
  local root=$1 total=0 f stat
  local -a a
  [[ $root =~ ^[1-9][0-9]*$ ]] || { echo 0; return; }
  for f in /proc/[0-9]*/stat; do
    stat=$(<"$f") 2>/dev/null || continue
    stat=${stat##*) }                       # drop "pid (comm) ": comm may hold spaces
    read -r -a a <<<"$stat"                 # a[0]=state a[1]=ppid … a[11]=utime a[12]=stime
    if [[ ${f//[^0-9]/} == "$root" || ${a[1]} == "$root" ]]; then total=$(( total + a[11] + a[12] )); fi
  done 2>/dev/null
  echo "$total"
}
ticks_to_s() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}'; }

now_ms() { date +%s%3N; }

# children_cpu: sets CHILDREN_TICKS to the user+system CPU of this shell's waited-for children so
# far (bash `times`, second line), in clock ticks — how a SIPp that already exited is measured.
# Call it directly, not in $(...): a subshell would report its own children.
children_cpu() {
  times >"$WORK/.times"
  CHILDREN_TICKS=$(tail -n 1 "$WORK/.times" | awk -v hz="$CLK_TCK" '{
    s = 0
    for (i = 1; i <= NF; i++) { split($i, p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2] }
    printf "%d", s * hz + 0.5 }')
}

# stat_col <sipp -trace_stat csv> <column name> [max]: value of the last row (or the max over rows)
stat_col() {
  awk -F';' -v col="$2" -v mode="${3:-last}" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    c && $c != "" { v = $c + 0; if (mode == "max") { if (v > m) m = v } else m = v }
    END { print (c ? m + 0 : 0) }' "$1" 2>/dev/null || echo 0
}

# Common SIPp options: loopback, no keyboard, big socket buffers, statistics every second.
SIPP_COMMON=(-i 127.0.0.1 -mi 127.0.0.1 -nostdin -buff_size 4194304 -fd 1)
# caller_audio <dir> <calls> <packets per call> <run limit s> [rtpcount options…]: lib/rtpcount.py sends
# each answered call's G.711 from its RTP port (UAC_MP + 4·call) as SIPp's carrier (sipp/media-uac.xml,
# given "${AUDIO_SIPP[@]}": where to log the answers) logs the answers, and counts what comes back to
# those ports into <dir>/audio.json → AUDIO_PID; stop it with stop_group (it writes the summary then).
caller_audio() {
  local dir=$1 calls=$2 packets=$3 limit=$4
  shift 4
  : >"$dir/answered.log"
  AUDIO_SIPP=(-trace_logs -log_file "$dir/answered.log")
  # SIPp's RTP ports wrap after 2,500 calls; the later calls reuse the first ones' ports (and sockets)
  spawn "$dir/audio.log" python3 "$BENCH_DIR/lib/rtpcount.py" --base "$UAC_MP" --calls $(( calls < 2499 ? calls : 2499 )) \
    --packets "$packets" --play-log "$dir/answered.log" --seconds "$limit" --out "$dir/audio.json" --ready "$dir/audio.ready" "$@"
  AUDIO_PID=$SPAWNED_PID
  for _ in $(seq 100); do [[ -e $dir/audio.ready ]] && break; sleep 0.1; done
  [[ -e $dir/audio.ready ]] || die "the callers' audio did not start: $(tail -n 3 "$dir/audio.log")"
}
# sipp_files <dir>: sets SIPP_FILES, the options telling one SIPp instance to write its statistics
# CSV, final screen and errors into <dir> (otherwise SIPp writes them next to the scenario file).
sipp_files() { SIPP_FILES=(-trace_stat -stf "$1/stat.csv" -trace_screen -screen_file "$1/screen.log" -trace_err -error_file "$1/errors.log"); }

# sb_check_options: one OPTIONS to Switchboard from the carrier's address; dies with a clear
# message when nobody answers.
sb_check_options() {
  local dir=$WORK/options
  mkdir -p "$dir"
  require_free_udp "$CARRIER_PORT"
  sipp_files "$dir"
  if ! run_bounded 8 "$dir/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" -sf "$SIPP_DIR/options.xml" \
        -p "$CARRIER_PORT" -cp "${OPTIONS_CP:-19990}" -mp "${OPTIONS_MP:-19900}" -m 1 -recv_timeout 3000 -default_behaviors none \
        "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"; then
    note "Switchboard did not answer OPTIONS on $SB_HOST:$SB_SIP_PORT — is it running with the sip feature?"
    note "  start it: mvn -B -ntp install -DskipTests && karaf-distribution/target/assembly/bin/karaf server"
    note "  or measure the peer alone: PEER_ONLY=1 $SCRIPT_CMD"
    exit 3
  fi
}

# Agents: parse SB_AGENTS into arrays AG_USER AG_PASS AG_NUM.
parse_agents() {
  local entry user pass num
  AG_USER=() AG_PASS=() AG_NUM=()
  IFS=',' read -r -a _entries <<<"$SB_AGENTS"
  for entry in "${_entries[@]}"; do
    IFS=':' read -r user pass num <<<"$entry"
    [[ -n $user && -n $pass && -n $num ]] || die "SB_AGENTS entry '$entry' is not user:password:number"
    AG_USER+=("$user") AG_PASS+=("$pass") AG_NUM+=("$num")
  done
  (( ${#AG_USER[@]} > 0 )) || die "SB_AGENTS is empty"
}

# sb_register <expires> <uas_port> <user;password;domain lines file>: REGISTER every agent of the
# file with digest auth from the UAS's own port (Contact = that port). First clears the agent's
# other bindings (Contact: *), so stale phones from earlier runs are not rung.
sb_register() {
  local expires=$1 port=$2 users=$3 n dir
  n=$(( $(grep -c . "$users") - 1 ))   # minus the SEQUENTIAL line
  dir=$WORK/register-$port-$expires
  mkdir -p "$dir"
  sipp_files "$dir"
  for _ in 1 2 3 4 5 6; do
    run_bounded $(( n / 50 + 20 )) "$dir/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" -sf "$SIPP_DIR/register.xml" \
        -inf "$users" -key expires "$expires" -p "$port" -cp "${REG_CP:-19991}" -mp "${REG_MP:-19950}" \
        -m "$n" -r 50 -recv_timeout 5000 -default_behaviors none "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}" && return 0
    # a freshly started Switchboard sheds phones' REGISTERs with 503 + Retry-After while its JIT is
    # cold (admission control); real phones retry after it, so do we (registering again is harmless)
    grep -qs 'SIP/2.0 503' "$dir"/errors.log || break
    note "REGISTER got 503 (Switchboard busy, Retry-After): again in 4 s"
    sleep 4
  done
  if grep -qs 'must use MD5' "$dir"/errors.log "$dir"/sipp.log; then
    die "SIPp 3.6.1 answers only MD5 digest challenges and uses the FIRST challenge: put MD5 first in etc/org.switchboard.sip.cfg (digestAlgorithms = MD5,SHA-256)"
  fi
  die "REGISTER from 127.0.0.1:$port to $SB_HOST:$SB_SIP_PORT failed: $(tail -n 4 "$dir"/errors.log 2>/dev/null | tr '\n' ' ')"
}

# sb_token <username> <password> → a REST session token on stdout (empty and status 1 when refused)
sb_token() {
  local token
  token=$(curl -sf -m 5 -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" \
    "$SB_REST/sessions" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  [[ -n $token ]] && echo "$token"
}

# sb_presence_available: log each agent in over REST and set presence AVAILABLE (best effort: a
# warning when REST does not answer; the B2BUA may route direct numbers regardless).
sb_presence_available() {
  [[ -n $SB_REST ]] || return 0
  local i token
  for i in "${!AG_USER[@]}"; do
    token=$(sb_token "${AG_USER[i]}" "${AG_PASS[i]}") || token=
    if [[ -z $token ]]; then note "warning: REST login of ${AG_USER[i]} at $SB_REST failed; presence left as is"; continue; fi
    curl -sf -m 5 -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"presence":"AVAILABLE"}' "$SB_REST/agents/me/presence" >/dev/null ||
      note "warning: could not set ${AG_USER[i]} AVAILABLE"
  done
}

# sb_probe_call <injection file of numbers>: one call from the carrier through Switchboard to the
# first number, before any measurement; dies with the answer Switchboard gave when it fails.
sb_probe_call() {
  local inf=$1 dir=$WORK/probe-call status
  mkdir -p "$dir"
  sipp_files "$dir"
  if ! run_bounded 15 "$dir/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" -sf "$SIPP_DIR/cps-uac.xml" -inf "$inf" \
        -p "$CARRIER_PORT" -cp "${OPTIONS_CP:-19990}" -mp "${OPTIONS_MP:-19900}" -m 1 -d 0 -recv_timeout 5000 \
        -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"; then
    status=$(grep -o "received 'SIP/2.0 [0-9][0-9][0-9][^']*" "$dir/errors.log" 2>/dev/null | grep -v "SIP/2.0 1[0-9][0-9]" |
      head -1 | sed "s/^received 'SIP\/2.0 //" | head -1 | tr -d '\r')
    note "a test call from 127.0.0.1:$CARRIER_PORT to $(sed -n 2p "$inf" | cut -d';' -f1) through Switchboard $SB_HOST:$SB_SIP_PORT failed: ${status:-no final answer within 5 s}"
    note "  (is the B2BUA on — b2bua = true in etc/org.switchboard.sip.cfg? SIPp's messages: rerun with BENCH_KEEP=1, see $dir)"
    exit 4
  fi
}
