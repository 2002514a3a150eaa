#!/usr/bin/env bash
# Concurrent recorded calls, on a fresh copy of the real distribution (built first if missing):
#   * a SIPp carrier on trunk `pstn` calls the main number +15550100 (group `support`, auto-record on),
#     each call sending G.711 (a 425 Hz tone, from lib/rtpcount.py over plain UDP, as media.sh) for
#     CALL_SECONDS and hanging up;
#     SIPp phones registered as bench agents answer (lib/rtpecho.py sends the audio back, so both
#     sides of the recording carry sound). The script makes `support` the bench agents' round-robin
#     group (ring-all would fork every call to every free agent) by editing the fresh instance's H2
#     database while it is stopped: there is no console command for group members yet.
#   * Steps of L = STEP, 2·STEP … MAX concurrent calls: calls start at L/CALL_SECONDS per second for
#     LOAD_SECONDS, so about L are up at once and L/CALL_SECONDS end every second — each one a WAV to
#     encode. A step is sustained when every call succeeded, every call left a recording, the RAW
#     backlog (captured, not yet encoded) did not grow over the steady window [CALL_SECONDS + 5 s,
#     LOAD_SECONDS] (least-squares slope < BACKLOG_SLOPE per second) and every recording was
#     playable within DRAIN_TIMEOUT after the last hang-up. Stepping stops at the first step not
#     sustained.
#   Measured per step: JVM CPU over the steady window (the owner of UDP SB_SIP_PORT, /proc, 100 ms
#   sampler) per concurrent recorded call; disk bytes per call-minute of the raw WAV and of the MP3;
#   hang-up -> playable p50/p99. lib/recwatch.py scans the recordings directory every 250 ms
#   (hang-up = the WAV's last write, playable = the MP3's last write) and lists GET
#   /api/v1/recordings as carol (supervisor) every 2 s (first time seen READY; the RAW count).
#   Peers, same run: (a) the same calls at the highest sustained level to the agents' own numbers,
#   which do not record: JVM CPU without recording -> what recording adds per call-minute;
#   (b) LAME itself (ffmpeg's libmp3lame, one thread) encoding WAVs of that step with the bitrate
#   and channels of Switchboard's MP3s -> ratio of Switchboard's added CPU per call-minute to
#   LAME's CPU per audio-minute (LAME encodes only; Switchboard also writes the capture, hashes, stores).
#
# Usage: bench/recording.sh [max concurrent calls, default 250] [call seconds, default 30]
# Env:   STEP=50  LOAD_SECONDS=3·call seconds  DRAIN_TIMEOUT=120  BACKLOG_SLOPE=0.05 (recordings/s)
#        DIAL=+15550100  PHONES_PER_UAS=50 (agents per SIPp phone instance)  WARMUP=1 (a first
#        unmeasured step of STEP calls)  SKIP_BASELINE=1  SKIP_PEER=1
#        SB_DIST=<tarball> (default karaf-distribution/target/switchboard-distribution-*.tar.gz; built
#        when missing, or always with SB_BUILD=1)  BENCH_MVN_ARGS="-Dmaven.repo.local=…"
#        Ports of the instance under test (127.0.0.1, off the defaults and off crm.sh's):
#        SB_SIP_PORT=35060 SB_HTTP_PORT=38181 SB_SSH_PORT=38101 SB_ICE_PORT=13000
#        SB_RTP_MIN=30000 SB_RTP_MAX=31999 CARRIER_PORT=35080 AGENT_PORT=35090 (phones every 2 ports)
#        ECHO_PORT=35400 (their RTP echoes)  UAC_MP=23000 (the carrier's RTP: UAC_MP+4·call)
#        BENCH_KEEP=1  keep the temp dir (the instance and its recordings, SIPp logs, watch JSON)
# Needs a JDK 17, Maven, ffmpeg (peer), ssh.
set -uo pipefail
MAX=${1:-250}
CALL_SECONDS=${2:-30}
[[ $MAX =~ ^[0-9]+$ && $MAX -ge 1 && $MAX -le 1000 ]] || { echo "max concurrent calls: 1 to 1000" >&2; exit 1; }
[[ $CALL_SECONDS =~ ^[0-9]+$ && $CALL_SECONDS -ge 5 && $CALL_SECONDS -le 600 ]] || { echo "call seconds: 5 to 600" >&2; exit 1; }
SB_SIP_PORT=${SB_SIP_PORT:-35060}
SB_HTTP_PORT=${SB_HTTP_PORT:-38181}
SB_SSH_PORT=${SB_SSH_PORT:-38101}
SB_ICE_PORT=${SB_ICE_PORT:-13000}
SB_RTP_MIN=${SB_RTP_MIN:-30000}
SB_RTP_MAX=${SB_RTP_MAX:-31999}
CARRIER_PORT=${CARRIER_PORT:-35080}
AGENT_PORT=${AGENT_PORT:-35090}
ECHO_PORT=${ECHO_PORT:-35400}
UAC_MP=${UAC_MP:-23000}
SB_REST=http://127.0.0.1:$SB_HTTP_PORT/api/v1
REG_CP=${REG_CP:-35070} REG_MP=${REG_MP:-35150} OPTIONS_CP=${OPTIONS_CP:-35071} OPTIONS_MP=${OPTIONS_MP:-35160}
STEP=${STEP:-50}
LOAD_SECONDS=${LOAD_SECONDS:-$(( 3 * CALL_SECONDS ))}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-120}
BACKLOG_SLOPE=${BACKLOG_SLOPE:-0.05}
DIAL=${DIAL:-+15550100}
PHONES_PER_UAS=${PHONES_PER_UAS:-50}
AGENTS=$(( MAX + MAX / 10 + 5 ))   # round-robin finds a free agent even while some hang up late
SB_AGENTS=$("$(dirname "$0")/make-agents.sh" env "$AGENTS")
source "$(dirname "$0")/lib/common.sh"
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RUN_T0=$(now_ms)
read -r -a MVN_EXTRA <<<"${BENCH_MVN_ARGS:-}"
[[ $STEP =~ ^[0-9]+$ && $STEP -ge 1 ]] || die "STEP: a positive number"
[[ $LOAD_SECONDS =~ ^[0-9]+$ ]] && (( LOAD_SECONDS >= 2 * CALL_SECONDS )) ||
  die "LOAD_SECONDS must be at least twice the call length (the steady window starts once the first calls end)"
(( UAC_MP + 4 * (MAX * LOAD_SECONDS / CALL_SECONDS + MAX) + 4 < 32768 )) || die "UAC_MP + 4·calls of a step reaches the ephemeral ports: lower UAC_MP or the load"
for tool in curl java mvn tar ssh ssh-keygen; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
for p in "$SB_HTTP_PORT" "$SB_SSH_PORT"; do
  [[ -z $(ss -Hltn "sport = :$p") ]] || die "TCP $p is in use: set SB_HTTP_PORT / SB_SSH_PORT"
done
require_free_udp "$SB_SIP_PORT" "$SB_ICE_PORT" "$CARRIER_PORT" "$REG_CP" "$OPTIONS_CP"
parse_agents
K=$(( (AGENTS + PHONES_PER_UAS - 1) / PHONES_PER_UAS ))

# ---- the distribution --------------------------------------------------------------------------------
mvn_q() { (cd "$ROOT" && mvn -B -ntp -q "${MVN_EXTRA[@]}" "$@"); }
DIST=${SB_DIST:-$(ls "$ROOT"/karaf-distribution/target/switchboard-distribution-*.tar.gz 2>/dev/null | head -1)}
if [[ ${SB_BUILD:-0} == 1 || -z $DIST ]]; then
  note "building the distribution (mvn install -DskipTests -pl karaf-distribution -am) ..."
  mvn_q install -DskipTests -pl karaf-distribution -am || die "the build failed"
  DIST=${SB_DIST:-$(ls "$ROOT"/karaf-distribution/target/switchboard-distribution-*.tar.gz | head -1)}
fi
[[ -f $DIST ]] || die "no distribution tarball at ${DIST:-karaf-distribution/target}"

SB_HOME=$WORK/switchboard
mkdir -p "$SB_HOME"
tar -xzf "$DIST" -C "$SB_HOME" --strip-components=1 || die "cannot unpack $DIST"
ETC=$SB_HOME/etc
set_cfg() { # set_cfg <file> <key> <value>: replace the key's line, or add it
  local file=$ETC/$1
  if grep -q "^$2 *=" "$file" 2>/dev/null; then sed -i "s|^$2 *=.*|$2 = $3|" "$file"; else echo "$2 = $3" >>"$file"; fi
}
set_cfg org.ops4j.pax.web.cfg org.osgi.service.http.port "$SB_HTTP_PORT"
set_cfg org.apache.karaf.shell.cfg sshPort "$SB_SSH_PORT"
set_cfg org.switchboard.sip.cfg port "$SB_SIP_PORT"
set_cfg org.switchboard.sip.cfg tlsPort $(( SB_SIP_PORT + 1 ))
set_cfg org.switchboard.sip.cfg digestAlgorithms MD5,SHA-256   # SIPp 3.6.1 answers MD5 only (README)
set_cfg org.switchboard.sip.trunk-pstn.cfg port "$CARRIER_PORT"
set_cfg org.switchboard.sip.trunk-pstn.cfg inbound "127.0.0.1:$CARRIER_PORT"
set_cfg org.switchboard.media.cfg portMin "$SB_RTP_MIN"
set_cfg org.switchboard.media.cfg portMax "$SB_RTP_MAX"
set_cfg org.switchboard.webrtc.cfg port "$SB_ICE_PORT"
set_cfg org.switchboard.crm.salesforce.cfg callbackUrl "http://localhost:$SB_HTTP_PORT/switchboard/crm-salesforce/oauth/callback"
RECORDINGS=$SB_HOME/data/recordings   # RecordingStorage's default: ${karaf.data}/recordings
KARAF_LOG=$SB_HOME/data/log/karaf.log
# an admin for the console, by key only (bin/client prints only "Closed" here: README)
ssh-keygen -q -t rsa -b 2048 -N '' -f "$WORK/ssh-key" -C switchboard-bench || die "ssh-keygen failed"
echo "benchadmin=$(cut -d' ' -f2 "$WORK/ssh-key.pub"),_g_:admingroup" >>"$ETC/keys.properties"
SSH=(ssh -p "$SB_SSH_PORT" -i "$WORK/ssh-key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
  -o BatchMode=yes benchadmin@127.0.0.1)

start_switchboard() {
  local t0
  t0=$(now_ms)
  SPAWN_CWD=$SB_HOME spawn "$WORK/karaf-$t0.out" "$SB_HOME/bin/karaf" server
  KARAF_PGID=$SPAWNED_PID
  until curl -sf -m 2 "$SB_REST/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$KARAF_PGID" 2>/dev/null || die "Switchboard stopped while starting: $(tail -n 5 "$KARAF_LOG" 2>/dev/null)"
    (( $(now_ms) - t0 < 240000 )) || die "Switchboard not UP after 240 s: $(curl -s -m 2 "$SB_REST/health" | head -c 600)"
    sleep 0.5
  done
  UP_S=$(( ($(now_ms) - t0) / 1000 ))
}

# ---- first boot: the bench agents, then `support` = them, round-robin, recorded -----------------------
start_switchboard
note "creating $AGENTS bench agents over SSH ..."
"${SSH[@]}" "$("$BENCH_DIR/make-agents.sh" commands "$AGENTS")" >"$WORK/agents.out" 2>&1 ||
  die "creating the agents over SSH failed: $(tail -n 3 "$WORK/agents.out")"
grep -qi -e error -e exception "$WORK/agents.out" && note "warning: the console said: $(grep -i -e error -e exception "$WORK/agents.out" | head -n 2)"
# a clean shutdown closes the database (stop_group would KILL after 3 s)
kill -TERM -- "-$KARAF_PGID" 2>/dev/null
for _ in $(seq 600); do group_alive "$KARAF_PGID" || break; sleep 0.1; done
stop_group "$KARAF_PGID"
H2_JAR=$(find "$SB_HOME/system" -name 'h2-*.jar' | head -1)
[[ -n $H2_JAR ]] || die "no H2 jar in the distribution's system/ (is the store on PostgreSQL? this bench edits the embedded H2)"
cat >"$WORK/group.sql" <<'EOF'
UPDATE groups SET strategy = 'ROUND_ROBIN', auto_record = TRUE WHERE name = 'support';
DELETE FROM group_members WHERE group_id = (SELECT id FROM groups WHERE name = 'support');
INSERT INTO group_members (group_id, agent_id, position)
  SELECT g.id, a.id, CAST(SUBSTRING(a.username, 6) AS INTEGER) FROM groups g, agents a
  WHERE g.name = 'support' AND a.username LIKE 'bench%';
EOF
java -cp "$H2_JAR" org.h2.tools.RunScript -url "jdbc:h2:file:$SB_HOME/data/switchboard/db" -user sa -password '' \
  -script "$WORK/group.sql" >"$WORK/group.out" 2>&1 || die "editing the group in H2 failed: $(tail -n 3 "$WORK/group.out")"
MEMBERS=$(java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$SB_HOME/data/switchboard/db" -user sa -password '' \
  -sql "SELECT COUNT(*) FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.name = 'support'" 2>/dev/null | sed -n 2p | tr -dc 0-9)
(( ${MEMBERS:-0} >= MAX )) || die "group support has ${MEMBERS:-0} members after the edit, fewer than $MAX: see $WORK/agents.out"
start_switchboard
SB_PID=$(udp_port_pid "$SB_SIP_PORT")
[[ -n $SB_PID ]] || die "cannot see which process owns UDP $SB_SIP_PORT (the JVM)"
spawn "$WORK/jvm-cpu" bash -c 'while read -r s </proc/$1/stat; do s=${s##*) }; read -r -a a <<<"$s"
  echo "$(( ${EPOCHREALTIME/./} / 1000 )) $(( a[11] + a[12] ))"; sleep 0.1; done' _ "$SB_PID"
# jvm_cpu_s <from ms> <to ms>: the JVM's CPU seconds in between, from the sampler
jvm_cpu_s() {
  awk -v from="$1" -v to="$2" -v hz="$CLK_TCK" '
    $1 <= from { a = $2 } $1 >= to && b == "" { b = $2 } END { printf "%.2f", (a != "" && b != "") ? (b - a) / hz : -1 }' "$WORK/jvm-cpu"
}
echo "recording: steps of $STEP to $MAX concurrent calls of ${CALL_SECONDS} s to $DIAL for ${LOAD_SECONDS} s each; $AGENTS agents in group support (round-robin) on $K SIPp phones; Switchboard $(basename "$DIST") fresh in $WORK (UP in $UP_S s, JVM pid $SB_PID); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the agents' phones: K SIPp instances, each registering its share, with an RTP echo each ----------
sb_check_options
ECHO_PORTS=() PHONE_PIDS=()
for (( k = 0; k < K; k++ )); do
  port=$(( AGENT_PORT + 2 * k )) echo_port=$(( ECHO_PORT + 2 * k ))
  require_free_udp "$port" "$echo_port" $(( ECHO_PORT + 200 + 4 * k ))
  { echo SEQUENTIAL; for i in "${!AG_USER[@]}"; do (( i / PHONES_PER_UAS == k )) && echo "${AG_USER[i]};${AG_PASS[i]};$SB_DOMAIN"; done; } >"$WORK/agents-$port.inf"
  sb_register 3600 "$port" "$WORK/agents-$port.inf"
  CLEANUP_HOOKS+=("sb_register 0 $port $WORK/agents-$port.inf >/dev/null 2>&1")
  ECHO_PORTS+=("$echo_port")
done
note "setting $AGENTS agents AVAILABLE over REST ..."
sb_presence_available
spawn "$WORK/echo.log" python3 "$BENCH_DIR/lib/rtpecho.py" --ports "${ECHO_PORTS[@]}" --seconds 86400 --out "$WORK/echo.json" --ready "$WORK/echo.ready"
for _ in $(seq 100); do [[ -e $WORK/echo.ready ]] && break; sleep 0.1; done
[[ -e $WORK/echo.ready ]] || die "the RTP echo did not start: $(tail -n 3 "$WORK/echo.log")"
for (( k = 0; k < K; k++ )); do
  port=$(( AGENT_PORT + 2 * k ))
  mkdir -p "$WORK/phone-$port"
  sipp_files "$WORK/phone-$port"
  spawn "$WORK/phone-$port/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$port" -cp $(( port + 1 )) \
    -mp $(( ECHO_PORT + 200 + 4 * k )) -key rtp_port $(( ECHO_PORT + 2 * k )) -default_behaviors all,-abortunexp \
    -max_recv_loops 10000 "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  PHONE_PIDS+=("$SPAWNED_PID")
done
CLEANUP_HOOKS=("for p in ${PHONE_PIDS[*]}; do stop_group \$p; done" "${CLEANUP_HOOKS[@]}")
for (( k = 0; k < K; k++ )); do
  for _ in $(seq 50); do udp_port_busy $(( AGENT_PORT + 2 * k )) && break; sleep 0.1; done
done

WATCH=(python3 "$BENCH_DIR/lib/recwatch.py")
wav_bytes() { find "$RECORDINGS" -name '*.wav' -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }'; }
# no_late_writes: with no call up, the captures must stay as they are. A capture that goes on being
# written after its call ended fills the disk (8 kHz stereo = 1.9 MB a minute each): stop the run.
no_late_writes() {
  local a b
  a=$(wav_bytes); sleep 2; b=$(wav_bytes)
  (( b == a )) && return 0
  die "with no call up the WAVs under $RECORDINGS grew by $(( b - a )) bytes in 2 s: captures go on after their calls ended ($(grep -c 'capture started' "$KARAF_LOG") 'capture started', $(grep -c 'capture finished' "$KARAF_LOG") 'capture finished' in karaf.log)"
}
# ---- one call first: it must leave a playable recording, or nothing below means anything --------------
printf 'SEQUENTIAL\n%s\n' "$DIAL" >"$WORK/dial.inf"                         # the probe (cps-uac.xml)
printf 'SEQUENTIAL\n%s;%s;%s\n' "$DIAL" "$SB_HOST" "$SB_SIP_PORT" >"$WORK/main.inf"   # the load (media-uac.xml)
sb_probe_call "$WORK/dial.inf"   # SIP only: dies with Switchboard's answer when the main number takes no call
# then one call of 3 s with audio (a call that ends before media captured anything leaves no file)
mkdir -p "$WORK/probe-recorded"
caller_audio "$WORK/probe-recorded" 1 $(( 3 * 50 )) 30
sipp_files "$WORK/probe-recorded"
probe_t0=$(now_ms)
SPAWN_CWD=$WORK/probe-recorded run_bounded 30 "$WORK/probe-recorded/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" \
  -sf "$SIPP_DIR/media-uac.xml" -inf "$WORK/main.inf" -p "$CARRIER_PORT" -cp $(( CARRIER_PORT + 1 )) -mp "$UAC_MP" \
  -m 1 -d 3000 -recv_timeout 10000 -default_behaviors all,-abortunexp "${AUDIO_SIPP[@]}" "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}" ||
  die "a 3 s call with audio to $DIAL failed at the carrier: $(tail -n 2 "$WORK/probe-recorded/errors.log" 2>/dev/null | tr '\n' ' ' | head -c 300)"
stop_group "$AUDIO_PID"
first_wav= first_mp3=
for _ in $(seq 120); do
  first_wav=$(find "$RECORDINGS" -name '*.wav' -newermt "@$(( probe_t0 / 1000 - 1 ))" 2>/dev/null | head -1)
  [[ -n $first_wav ]] && first_mp3=$(ls "${first_wav%.wav}".mp3 2>/dev/null)
  [[ -n $first_mp3 ]] && break
  sleep 0.25
done
[[ -n $first_wav ]] || die "a 3 s call to $DIAL left no raw capture under $RECORDINGS within 30 s: is auto-record on for group support, and are core, media and the recording bundle of issue 14 in this build? (karaf.log: $(grep -c 'recording=.* started' "$KARAF_LOG") recordings started, $(grep -c 'capture started' "$KARAF_LOG") captures started)"
[[ -n $first_mp3 ]] || die "a call to $DIAL left $first_wav but no MP3 next to it within 30 s: is the recording bundle running? (bundle:list | grep -i recording)"
no_late_writes

# one SIPp carrier run: run_load <label> <concurrent> <injection file>; sets L_* (epoch ms, counts)
run_load() {
  local label=$1 level=$2 inf=$3 dir=$WORK/$1 calls
  calls=$(( level * LOAD_SECONDS / CALL_SECONDS ))
  mkdir -p "$dir"
  caller_audio "$dir" "$calls" $(( CALL_SECONDS * 50 )) $(( LOAD_SECONDS + CALL_SECONDS + 60 ))
  sipp_files "$dir"
  L_START=$(now_ms)
  SPAWN_CWD=$dir run_bounded $(( LOAD_SECONDS + CALL_SECONDS + 60 )) "$dir/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" \
    -sf "$SIPP_DIR/media-uac.xml" -inf "$inf" -p "$CARRIER_PORT" -cp $(( CARRIER_PORT + 1 )) -mp "$UAC_MP" \
    -r "$level" -rp $(( CALL_SECONDS * 1000 )) -m "$calls" -l $(( level + level / 5 + 5 )) -d $(( CALL_SECONDS * 1000 )) \
    -recv_timeout 10000 -default_behaviors all,-abortunexp "${AUDIO_SIPP[@]}" "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  L_RC=$?
  stop_group "$AUDIO_PID"
  L_END=$(now_ms)
  L_CALLS=$calls
  L_OK=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  L_PEAK=$(stat_col "$dir/stat.csv" 'CurrentCall' max)
  L_LOAD_END=$(( L_START + LOAD_SECONDS * 1000 ))
  L_STEADY=$(( L_START + CALL_SECONDS * 1000 + 5000 ))
  (( L_OK == calls )) || note "  warning: $(( calls - L_OK )) of $calls calls failed at the carrier (sipp exit $L_RC; $(tail -n 2 "$dir/errors.log" 2>/dev/null | tr '\n' ' ' | head -c 300))"
}

# step <label> <level>: one measured step; sets S_* and prints its line
step() {
  local label=$1 level=$2 dir=$WORK/$1 deadline line cpu
  mkdir -p "$dir"
  spawn "$dir/watch.log" "${WATCH[@]}" watch --root "$RECORDINGS" --rest "$SB_REST" --out "$dir/watch.json" --ready "$dir/watch.ready"
  local watcher=$SPAWNED_PID
  for _ in $(seq 50); do [[ -e $dir/watch.ready ]] && break; sleep 0.1; done
  run_load "$label" "$level" "$WORK/main.inf"
  # drained: every capture of the step has its MP3 (or the timeout)
  deadline=$(( $(now_ms) + DRAIN_TIMEOUT * 1000 ))
  while (( $(now_ms) < deadline )); do
    local waiting=0 w
    while read -r w; do [[ -e ${w%.wav}.mp3 ]] || waiting=$(( waiting + 1 )); done < <(find "$RECORDINGS" -name '*.wav' -newermt "@$(( L_START / 1000 ))")
    (( waiting == 0 )) && break
    sleep 0.5
  done
  sleep 0.5
  no_late_writes   # also gives the 2 s listing one more round to see the last READY
  S_DRAINED_MS=$(( $(now_ms) - L_END ))
  stop_group "$watcher"
  [[ -s $dir/watch.json ]] || die "the recordings watcher wrote nothing: $(tail -n 3 "$dir/watch.log")"
  line=$("${WATCH[@]}" report --watch "$dir/watch.json" --from "$L_START" --steady "$L_STEADY" --load-end "$L_LOAD_END" --until "$L_END" --to "$(now_ms)" --rest "$SB_REST")
  echo "$line" >"$dir/report"
  kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
  S_RECS=$(kv recordings) S_PLAYABLE=$(kv playable) S_FAILED=$(kv failed) S_SLOPE=$(kv backlog_slope_per_s)
  S_BMAX=$(kv backlog_max) S_BSRC=$(kv backlog_source) S_MP3_P50=$(kv mp3_p50_ms) S_MP3_P99=$(kv mp3_p99_ms)
  S_RDY_P50=$(kv ready_p50_ms) S_RDY_P99=$(kv ready_p99_ms) S_WAV_MIN=$(kv wav_bytes_per_min) S_MP3_MIN=$(kv mp3_bytes_per_min)
  S_MINUTES=$(kv call_minutes)
  cpu=$(jvm_cpu_s "$L_STEADY" "$L_LOAD_END")
  S_CPU_PCT=$(awk -v c="$cpu" -v s="$L_STEADY" -v e="$L_LOAD_END" 'BEGIN {printf "%s", c < 0 ? "n/a" : sprintf("%.1f", c * 100000 / (e - s))}')
  S_CPU_PER_CALL=$(awk -v p="$S_CPU_PCT" -v l="$level" 'BEGIN {printf "%s", p == "n/a" ? "n/a" : sprintf("%.2f", p / l)}')
  S_OK=$L_OK S_CALLS=$L_CALLS S_PEAK=$L_PEAK
  S_SUSTAINED=yes
  (( S_OK * 100 >= S_CALLS * 99 )) || S_SUSTAINED="no (calls failed)"
  (( S_RECS * 100 >= S_OK * 99 )) || S_SUSTAINED="no (recordings missing: $S_RECS of $S_OK calls)"
  (( S_PLAYABLE == S_RECS )) || S_SUSTAINED="no ($(( S_RECS - S_PLAYABLE )) not playable ${DRAIN_TIMEOUT} s after the last hang-up)"
  awk -v s="$S_SLOPE" -v m="$BACKLOG_SLOPE" 'BEGIN {exit !(s < m)}' || S_SUSTAINED="no (RAW backlog grew $S_SLOPE/s)"
  printf '  %4d concurrent: %d/%d calls ok (peak %d up), %d recordings, %d playable; RAW backlog slope %s/s, max %s (%s); JVM %s %% of a core = %s %% per call; hang-up -> MP3 written p50 %s ms, p99 %s; -> READY listed p50 %s ms, p99 %s; drained %d s after the last hang-up; sustained: %s\n' \
    "$level" "$S_OK" "$S_CALLS" "$S_PEAK" "$S_RECS" "$S_PLAYABLE" "$S_SLOPE" "$S_BMAX" "$S_BSRC" "$S_CPU_PCT" "$S_CPU_PER_CALL" \
    "$S_MP3_P50" "$S_MP3_P99" "$S_RDY_P50" "$S_RDY_P99" $(( S_DRAINED_MS / 1000 )) "$S_SUSTAINED"
}

if [[ ${WARMUP:-1} == 1 ]]; then
  echo "warm-up: $STEP concurrent calls, not measured"
  step warmup "$STEP" >/dev/null
fi

echo "steps (each: ${LOAD_SECONDS} s of calls of ${CALL_SECONDS} s; steady window from ${CALL_SECONDS}+5 s to ${LOAD_SECONDS} s):"
BEST=0 BEST_LABEL=
declare -A ROW=()
for (( level = STEP; level <= MAX; level += STEP )); do
  step "step-$level" "$level"
  ROW[$level]="$S_OK/$S_CALLS|$S_RECS|$S_SLOPE|$S_BMAX|$S_CPU_PCT|$S_CPU_PER_CALL|$S_MP3_P50/$S_MP3_P99|$S_RDY_P50/$S_RDY_P99|$S_WAV_MIN|$S_MP3_MIN|$S_SUSTAINED"
  [[ $S_SUSTAINED == yes ]] || break
  BEST=$level BEST_LABEL=step-$level
  B_CPU_PCT=$S_CPU_PCT B_CPU_PER_CALL=$S_CPU_PER_CALL B_WAV_MIN=$S_WAV_MIN B_MP3_MIN=$S_MP3_MIN B_MINUTES=$S_MINUTES
  B_MP3="p50 $S_MP3_P50 ms, p99 $S_MP3_P99 ms" B_RDY="p50 $S_RDY_P50 ms, p99 $S_RDY_P99 ms"
done
LAST_LEVEL=$level

# ---- peer (a): the same calls, unrecorded (the agents' own numbers) ----------------------------------
BASE_CPU_PCT=n/a
if [[ ${SKIP_BASELINE:-0} != 1 ]] && (( BEST > 0 )); then
  { echo SEQUENTIAL; for n in "${AG_NUM[@]}"; do echo "$n;$SB_HOST;$SB_SIP_PORT"; done; } >"$WORK/dids.inf"
  echo "peer (a): $BEST concurrent calls to the agents' own numbers (no recording), the same load"
  before=$(find "$RECORDINGS" -name '*.wav' | wc -l)
  run_load baseline "$BEST" "$WORK/dids.inf"
  recorded=$(( $(find "$RECORDINGS" -name '*.wav' | wc -l) - before ))
  BASE_CPU_PCT=$(awk -v c="$(jvm_cpu_s "$L_STEADY" "$L_LOAD_END")" -v s="$L_STEADY" -v e="$L_LOAD_END" 'BEGIN {printf "%.1f", c * 100000 / (e - s)}')
  echo "  $L_OK/$L_CALLS calls ok (peak $L_PEAK up), $recorded recordings; JVM $BASE_CPU_PCT % of a core"
  (( recorded == 0 )) || note "  warning: $recorded of these calls were recorded: the agents' numbers record too, so this is no unrecorded baseline"
fi

# ---- peer (b): LAME (ffmpeg's libmp3lame) encoding the same WAVs -----------------------------------
PEER_LINE="not run" PEER_CPU_PER_MIN=n/a
if [[ ${SKIP_PEER:-0} != 1 ]] && (( BEST > 0 )) && command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
  mapfile -t wavs < <("${WATCH[@]}" files --watch "$WORK/$BEST_LABEL/watch.json" --from 0 --load-end 99999999999999 --limit 40)
  sample_mp3=${wavs[0]%.wav}.mp3
  # key=value: ffprobe's csv prints the fields in its own order, not the order asked
  MP3_RATE=$(ffprobe -v error -select_streams a:0 -show_entries stream=bit_rate -of default=nw=1:nk=1 "$sample_mp3")
  MP3_CH=$(ffprobe -v error -select_streams a:0 -show_entries stream=channels -of default=nw=1:nk=1 "$sample_mp3")
  mkdir -p "$WORK/peer"
  children_cpu; c0=$CHILDREN_TICKS
  t0=$(now_ms)
  audio_s=0
  for w in "${wavs[@]}"; do
    ffmpeg -v error -y -threads 1 -i "$w" -ac "${MP3_CH:-1}" -codec:a libmp3lame -b:a "${MP3_RATE:-32000}" "$WORK/peer/$(basename "${w%.wav}").mp3" ||
      die "ffmpeg could not encode $w"
    audio_s=$(awk -v a="$audio_s" -v d="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$w")" 'BEGIN {printf "%.3f", a + d}')
  done
  t1=$(now_ms)
  children_cpu; c1=$CHILDREN_TICKS
  peer_cpu=$(ticks_to_s $(( c1 - c0 )))
  PEER_CPU_PER_MIN=$(awk -v c="$peer_cpu" -v a="$audio_s" 'BEGIN {printf "%.3f", a ? c * 60 / a : 0}')
  PEER_LINE="${#wavs[@]} WAVs, $audio_s s of audio, to ${MP3_CH:-?} channel(s) at ${MP3_RATE:-?} bit/s: $peer_cpu s CPU in $(( t1 - t0 )) ms = $PEER_CPU_PER_MIN s CPU per audio-minute ($(awk -v c="$peer_cpu" -v a="$audio_s" 'BEGIN {printf "%.0f", c ? a / c : 0}')x real time on one core)"
  echo "peer (b): LAME (ffmpeg libmp3lame, 1 thread): $PEER_LINE"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%s", (b + 0 > 0 && a != "n/a") ? sprintf("%.2f", a / b) : "n/a"}'; }
echo
echo "== recording summary (steps of $STEP to $MAX concurrent recorded calls of ${CALL_SECONDS} s to $DIAL; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) =="
printf '%-10s | %-11s | %-10s | %-20s | %-24s | %-22s | %-22s | %-18s | %s\n' "concurrent" "calls ok" "recordings" "RAW backlog slope/max" "JVM % core (per call)" "hang-up->MP3 p50/p99" "->READY (2 s poll)" "B per call-min WAV/MP3" "sustained"
for (( level = STEP; level <= LAST_LEVEL && level <= MAX; level += STEP )); do
  [[ -v ROW[$level] ]] || continue
  IFS='|' read -r ok recs slope bmax cpu per mp3 rdy wmin mmin sus <<<"${ROW[$level]}"
  printf '%-10s | %-11s | %-10s | %-20s | %-24s | %-22s | %-22s | %-18s | %s\n' "$level" "$ok" "$recs" "$slope / $bmax" "$cpu ($per)" "$mp3 ms" "$rdy ms" "$wmin / $mmin" "$sus"
done
echo "highest sustained: $BEST concurrent recorded calls (target 200 on 2 cores: $( (( BEST >= 200 )) && echo met || echo NOT met))"
if (( BEST > 0 )); then
  rec_s_per_min=$(awk -v r="$B_CPU_PCT" -v b="$BASE_CPU_PCT" -v l="$BEST" 'BEGIN {printf "%s", b == "n/a" ? "n/a" : sprintf("%.3f", (r - b) / 100 * 60 / l)}')
  echo "JVM CPU per recorded call at $BEST: $B_CPU_PER_CALL % of a core ($(awk -v p="$B_CPU_PER_CALL" 'BEGIN {printf "%.1f", p * 10}') ms per call-second); unrecorded: $(awk -v b="$BASE_CPU_PCT" -v l="$BEST" 'BEGIN {printf "%s", b == "n/a" ? "n/a" : sprintf("%.2f", b / l)}') % per call; recording adds $rec_s_per_min s CPU per call-minute"
  echo "disk per call-minute: raw WAV $B_WAV_MIN B, MP3 $B_MP3_MIN B ($B_MINUTES call-minutes at $BEST)"
  echo "hang-up -> playable at $BEST: MP3 written $B_MP3; READY in GET /api/v1/recordings (polled every 2 s) $B_RDY"
  echo "peer LAME: $PEER_LINE"
  echo "ratio switchboard recording cpu per call-minute / LAME encode cpu per audio-minute: $(ratio "$rec_s_per_min" "$PEER_CPU_PER_MIN")"
  echo "ratio jvm cpu recorded/unrecorded calls at $BEST: $(ratio "$B_CPU_PCT" "$BASE_CPU_PCT")"
fi
echo "(run took $(( ($(now_ms) - RUN_T0) / 1000 )) s)"
(( BEST > 0 ))
