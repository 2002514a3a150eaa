#!/usr/bin/env bash
# Holds a fixed call rate for minutes and shows, per window, whether Switchboard keeps pace as call
# logs pile up: a fresh Switchboard (this worktree's distribution, unpacked into a temp dir, on ports
# of its own) takes SIPp calls from the carrier (trunk `pstn`) to alice's phone (a registered SIPp
# UAS) or to BENCH_AGENTS agents' phones, the same calls as sip-cps.sh (200 OK, ACK, BYE at once), at
# <cps> for <seconds>.
# Every window prints: calls completed and failed in it, JVM CPU ms per completed call (utime+stime
# from /proc), call_logs rows and outbox pending (from the console: sb:outbox), heap used after the
# window (jcmd GC.heap_info). A warm-up (WARMUP seconds at the same rate, printed, not compared) lets
# the JIT compile first: a fresh JVM's first window would otherwise make any later one look cheap.
# The summary compares the first and the last window: CPU per call flat within FLAT_PCT (10 %), and
# outbox pending not growing.
#
# Usage: bench/sip-sustain.sh [cps, default 200] [seconds, default 300]
# Env:   WINDOW=30             seconds per window
#        WARMUP=30             seconds of calls at the same rate before the first window (0: none)
#        FLAT_PCT=10           allowed growth of CPU per call, last window against the first
#        BENCH_AGENTS=N        create N bench agents (bench/make-agents.sh) in the fresh instance and dial them
#                              round-robin (an agent takes one call at a time: with alice alone at a
#                              high rate most calls go to her voicemail); or SB_AGENTS as in sip-cps.sh
#        JFR=1                 record a JFR file of the whole run (kept with BENCH_KEEP=1: $WORK/sustain.jfr)
#        STORE_URL=jdbc:postgresql://…  STORE_USER STORE_PASSWORD   run on PostgreSQL instead of the embedded H2
#        SB_DIST=<tar.gz>      the distribution (default: karaf-distribution/target of this checkout)
#        SB_SIP_PORT=36060 SB_HTTP_PORT=38281 SB_SSH_PORT=38201 CARRIER_PORT=15380 AGENT_PORT=15390
#        SB_RTP_MIN=32000 SB_RTP_MAX=33999 SB_ICE_PORT=13100
#        BENCH_KEEP=1          keep the temp dir (instance, karaf.log, SIPp CSVs)
# Needs a JDK 17 (jcmd), ssh, ssh-keygen, curl. Run it under `flock /work/bench.lock` on shared machines.
set -uo pipefail
CPS=${1:-200}
DURATION=${2:-300}
[[ $CPS =~ ^[0-9]+$ && $CPS -ge 1 && $CPS -le 5000 ]] || { echo "cps: 1 to 5000" >&2; exit 1; }
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 10 && $DURATION -le 3600 ]] || { echo "seconds: 10 to 3600" >&2; exit 1; }
WINDOW=${WINDOW:-30}
WARMUP=${WARMUP:-30}
FLAT_PCT=${FLAT_PCT:-10}
SB_SIP_PORT=${SB_SIP_PORT:-36060}
SB_HTTP_PORT=${SB_HTTP_PORT:-38281}
SB_SSH_PORT=${SB_SSH_PORT:-38201}
SB_ICE_PORT=${SB_ICE_PORT:-13100}
SB_RTP_MIN=${SB_RTP_MIN:-32000}
SB_RTP_MAX=${SB_RTP_MAX:-33999}
CARRIER_PORT=${CARRIER_PORT:-15380}   # SIPp media ports derive from these (media_port_for): keep them low
AGENT_PORT=${AGENT_PORT:-15390}
SB_REST=http://127.0.0.1:$SB_HTTP_PORT/api/v1
REG_CP=${REG_CP:-36070} REG_MP=${REG_MP:-36150} OPTIONS_CP=${OPTIONS_CP:-36071} OPTIONS_MP=${OPTIONS_MP:-36160}
source "$(dirname "$0")/lib/common.sh"
ROOT=$(cd "$BENCH_DIR/.." && pwd)
[[ $WINDOW =~ ^[0-9]+$ && $WINDOW -ge 5 && $WINDOW -le $DURATION ]] || die "WINDOW: 5 to the run's seconds"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 600 ]] || die "WARMUP: 0 to 600 seconds"
for tool in curl jcmd ssh ssh-keygen tar; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
for p in "$SB_HTTP_PORT" "$SB_SSH_PORT"; do
  [[ -z $(ss -Hltn "sport = :$p") ]] || die "TCP $p is in use: set SB_HTTP_PORT / SB_SSH_PORT"
done
require_free_udp "$SB_SIP_PORT" "$SB_ICE_PORT" "$CARRIER_PORT" "$AGENT_PORT" "$REG_CP" "$OPTIONS_CP"
BENCH_AGENTS=${BENCH_AGENTS:-0}
[[ $BENCH_AGENTS =~ ^[0-9]+$ && $BENCH_AGENTS -le 9999 ]] || die "BENCH_AGENTS: 0 to 9999"
(( BENCH_AGENTS > 0 )) && SB_AGENTS=$("$BENCH_DIR/make-agents.sh" env "$BENCH_AGENTS")
parse_agents

# ---- a fresh instance of this checkout's distribution -----------------------------------------
DIST=${SB_DIST:-$(ls "$ROOT"/karaf-distribution/target/switchboard-distribution-*.tar.gz 2>/dev/null | head -1)}
[[ -f $DIST ]] || die "no distribution at ${DIST:-karaf-distribution/target}: mvn -B -ntp install -DskipTests first"
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
set_cfg org.switchboard.sip.cfg digestAlgorithms MD5,SHA-256   # SIPp 3.6.1 answers MD5 only
set_cfg org.switchboard.sip.trunk-pstn.cfg port "$CARRIER_PORT"
set_cfg org.switchboard.sip.trunk-pstn.cfg inbound "127.0.0.1:$CARRIER_PORT"
set_cfg org.switchboard.media.cfg portMin "$SB_RTP_MIN"
set_cfg org.switchboard.media.cfg portMax "$SB_RTP_MAX"
set_cfg org.switchboard.webrtc.cfg port "$SB_ICE_PORT"
set_cfg org.switchboard.crm.salesforce.cfg callbackUrl "http://localhost:$SB_HTTP_PORT/switchboard/crm-salesforce/oauth/callback"
if [[ -n ${STORE_URL:-} ]]; then
  set_cfg org.switchboard.store.cfg url "$STORE_URL"
  set_cfg org.switchboard.store.cfg user "${STORE_USER:-switchboard}"
  set_cfg org.switchboard.store.cfg password "${STORE_PASSWORD:-}"
  set_cfg org.switchboard.store.cfg dataSourceFactory.target "(osgi.jdbc.driver.class=org.postgresql.Driver)"
fi
KARAF_LOG=$SB_HOME/data/log/karaf.log
# an admin for the console, by key only (bin/client prints only "Closed" here: README)
ssh-keygen -q -t rsa -b 2048 -N '' -f "$WORK/ssh-key" -C switchboard-bench || die "ssh-keygen failed"
echo "benchadmin=$(cut -d' ' -f2 "$WORK/ssh-key.pub"),_g_:admingroup" >>"$ETC/keys.properties"
SSH=(ssh -p "$SB_SSH_PORT" -i "$WORK/ssh-key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
  -o BatchMode=yes benchadmin@127.0.0.1)

t0=$(now_ms)
SPAWN_CWD=$SB_HOME spawn "$WORK/karaf.out" "$SB_HOME/bin/karaf" server
KARAF_PGID=$SPAWNED_PID
until curl -sf -m 2 "$SB_REST/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$KARAF_PGID" 2>/dev/null || die "Switchboard stopped while starting: $(tail -n 5 "$KARAF_LOG" 2>/dev/null)"
  (( $(now_ms) - t0 < 240000 )) || die "Switchboard not UP after 240 s: $(curl -s -m 2 "$SB_REST/health" | head -c 600)"
  sleep 0.5
done
UP_S=$(( ($(now_ms) - t0) / 1000 ))
SB_PID=$(udp_port_pid "$SB_SIP_PORT")
[[ -n $SB_PID ]] || die "cannot see which process owns UDP $SB_SIP_PORT (the JVM)"
# a clean stop closes the database (stop_group would KILL after 3 s)
CLEANUP_HOOKS+=("kill -TERM -- -$KARAF_PGID 2>/dev/null; for _ in \$(seq 300); do group_alive $KARAF_PGID || break; sleep 0.1; done")

if (( BENCH_AGENTS > 0 )); then
  # 50 sb:agent-add per console session (each hashes a password: ~14 s for 200 agents)
  "$BENCH_DIR/make-agents.sh" commands "$BENCH_AGENTS" | paste -d';' -s - | sed 's/;/\n/50;P;D' >"$WORK/agents.karaf" ||
    die "cannot write the agent commands"
  while read -r line; do
    "${SSH[@]}" "${line//;/ ; }" </dev/null >>"$WORK/agents.out" 2>&1 || die "creating bench agents failed: $(tail -n 3 "$WORK/agents.out")"
  done <"$WORK/agents.karaf"
fi

# ---- the same start checks as sip-cps.sh ------------------------------------------------------
sb_check_options
{ echo SEQUENTIAL; for i in "${!AG_USER[@]}"; do echo "${AG_USER[i]};${AG_PASS[i]};$SB_DOMAIN"; done; } >"$WORK/agents.inf"
{ echo SEQUENTIAL; for i in "${!AG_NUM[@]}"; do echo "${AG_NUM[i]}"; done; } >"$WORK/dial.inf"
sb_register 3600 "$AGENT_PORT" "$WORK/agents.inf"
sb_presence_available
mkdir -p "$WORK/agent-uas"
sipp_files "$WORK/agent-uas"
spawn "$WORK/agent-uas/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$AGENT_PORT" -cp $(( AGENT_PORT + 1 )) \
  -mp "$(media_port_for "$AGENT_PORT")" -key rtp_port "$(media_port_for "$AGENT_PORT")" -default_behaviors all,-abortunexp \
  -max_recv_loops 10000 "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
AGENT_UAS_PID=$SPAWNED_PID
for _ in $(seq 50); do udp_port_busy "$AGENT_PORT" && break; sleep 0.1; done
sb_probe_call "$WORK/dial.inf"

# ---- probes ---------------------------------------------------------------------------------------
# outbox_counts: "<pending> <delivered+pending+parked+discarded>" from sb:outbox (one CRM: one row per call log)
outbox_counts() {
  "${SSH[@]}" 'sb:outbox --limit 1' 2>/dev/null | awk -F'[:,;] *' '/^Pending:/ {
    for (i = 1; i < NF; i++) v[$i] = $(i + 1) + 0
    printf "%d %d", v["Pending"], v["Pending"] + v["parked"] + v["delivered"] + v["discarded"]; found = 1 }
    END { if (!found) printf "? ?" }'
}
heap_mb() { jcmd "$SB_PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new|PSYoungGen|heap/ && /used/ {
  for (i = 1; i <= NF; i++) if ($i == "used") { u = $(i + 1); sub("K,?", "", u); printf "%.0f", u / 1024; exit } }'; }
jvm_ticks() { local s; s=$(<"/proc/$SB_PID/stat"); s=${s##*) }; local -a a; read -r -a a <<<"$s"; echo $(( a[11] + a[12] )); }
sipp_cum() { # "<successful> <failed>" so far, from the UAC's statistics
  echo "$(stat_col "$WORK/uac/stat.csv" 'SuccessfulCall(C)') $(stat_col "$WORK/uac/stat.csv" 'FailedCall(C)')"
}

if [[ ${JFR:-0} == 1 ]]; then
  jcmd "$SB_PID" JFR.start name=sustain settings=profile filename="$WORK/sustain.jfr" >/dev/null ||
    note "warning: JFR.start failed"
fi

echo "sip-sustain: $CPS cps for $DURATION s in ${WINDOW} s windows; Switchboard $(basename "$DIST") fresh in $WORK (UP in $UP_S s, JVM pid $SB_PID), store ${STORE_URL:-embedded H2}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$WORK/uac"
sipp_files "$WORK/uac"
TOTAL=$(( CPS * (WARMUP + DURATION) ))
spawn "$WORK/uac/sipp.log" timeout --kill-after=3 $(( WARMUP + DURATION + 30 )) sipp "$SB_HOST:$SB_SIP_PORT" \
  -sf "$SIPP_DIR/cps-uac.xml" -inf "$WORK/dial.inf" -p "$CARRIER_PORT" -cp $(( CARRIER_PORT + 1 )) \
  -mp "$(media_port_for "$CARRIER_PORT")" -r "$CPS" -rp 1000 -m "$TOTAL" -d 0 -recv_timeout 5000 -max_recv_loops 10000 \
  -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
UAC_PID=$SPAWNED_PID
START=$(now_ms)
prev_ticks=$(jvm_ticks)
printf '  %-9s %9s %7s %12s %10s %10s %8s %6s\n' window completed failed 'cpu ms/call' call_logs 'outbox pend' 'heap MB' load
read -r prev_ok prev_failed <<<"0 0"
if (( WARMUP > 0 )); then
  while (( $(now_ms) < START + WARMUP * 1000 )); do sleep 0.2; done
  ticks=$(jvm_ticks)
  read -r prev_ok prev_failed <<<"$(sipp_cum)"
  read -r pending logs <<<"$(outbox_counts)"
  printf '  %-9s %9d %7d %12s %10s %10s %8s %6s\n' warm-up "$prev_ok" "$prev_failed" \
    "$(awk -v t=$(( ticks - prev_ticks )) -v hz="$CLK_TCK" -v n="$prev_ok" 'BEGIN {printf "%.2f", n ? t/hz*1000/n : 0}')" \
    "$logs" "$pending" "$(heap_mb)" "$(cut -d' ' -f1 /proc/loadavg)"
  prev_ticks=$ticks
  START=$(( START + WARMUP * 1000 ))
fi
WARM_OK=$prev_ok
W=0 FIRST_MS= LAST_MS= FIRST_PEND= LAST_PEND= MAX_PEND=0 ALL_OK=0 ALL_FAILED=0
while :; do
  W=$(( W + 1 ))
  end=$(( START + W * WINDOW * 1000 ))
  (( W * WINDOW > DURATION )) && end=$(( START + DURATION * 1000 + 5000 ))  # the tail: calls still finishing
  while (( $(now_ms) < end )); do sleep 0.2; done
  ticks=$(jvm_ticks)
  read -r ok failed <<<"$(sipp_cum)"
  read -r pending logs <<<"$(outbox_counts)"
  heap=$(heap_mb)
  d_ok=$(( ok - prev_ok )) d_failed=$(( failed - prev_failed )) d_ticks=$(( ticks - prev_ticks ))
  ms=$(awk -v t="$d_ticks" -v hz="$CLK_TCK" -v n="$d_ok" 'BEGIN {printf "%.2f", n ? t/hz*1000/n : 0}')
  label="$(( (W - 1) * WINDOW ))-$(( W * WINDOW > DURATION ? DURATION : W * WINDOW ))s"
  (( W * WINDOW > DURATION )) && label=tail
  printf '  %-9s %9d %7d %12s %10s %10s %8s %6s\n' "$label" "$d_ok" "$d_failed" "$ms" "$logs" "$pending" "${heap:-?}" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  if [[ $label != tail ]]; then
    [[ -z $FIRST_MS ]] && (( d_ok > 0 )) && FIRST_MS=$ms FIRST_PEND=$pending
    LAST_MS=$ms LAST_PEND=$pending
    [[ $pending =~ ^[0-9]+$ ]] && (( pending > MAX_PEND )) && MAX_PEND=$pending
  fi
  prev_ok=$ok prev_failed=$failed prev_ticks=$ticks
  (( W * WINDOW > DURATION )) && break
done
wait "$UAC_PID" 2>/dev/null
read -r ALL_OK ALL_FAILED <<<"$(sipp_cum)"
if [[ ${JFR:-0} == 1 ]]; then
  jcmd "$SB_PID" JFR.stop name=sustain >/dev/null 2>&1 && note "JFR: $WORK/sustain.jfr (BENCH_KEEP=1 keeps it)"
fi
sleep 3
read -r END_PEND END_LOGS <<<"$(outbox_counts)"

echo
echo "== sip-sustain summary ($CPS cps for $DURATION s, ${WINDOW} s windows; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) =="
echo "calls (warm-up included): $ALL_OK of $TOTAL completed, $(( TOTAL - ALL_OK )) not completed ($ALL_FAILED failed in SIPp), $(awk -v f=$(( TOTAL - ALL_OK )) -v t="$TOTAL" 'BEGIN {printf "%.3f", 100*f/t}') %"
echo "calls in the windows: $(( ALL_OK - WARM_OK )) completed; call logs stored: $END_LOGS; outbox pending: first window $FIRST_PEND, last window $LAST_PEND, max $MAX_PEND, 3 s after the run $END_PEND"
awk -v a="$FIRST_MS" -v b="$LAST_MS" -v pct="$FLAT_PCT" 'BEGIN {
  g = a > 0 ? 100 * (b - a) / a : 0
  printf "jvm cpu per call: first window %.2f ms, last window %.2f ms (%+.1f %%): %s\n", a, b, g, (a > 0 && g <= pct ? "flat" : "GROWING") }'
# keeping pace: what is pending at the end is under 2 s of calls (delivery runs a batch behind at most)
if [[ $LAST_PEND =~ ^[0-9]+$ ]] && (( LAST_PEND <= 2 * CPS )); then PACE=1; echo "outbox keeps pace: $LAST_PEND pending in the last window (under 2 s of calls)"
else PACE=0; echo "outbox FALLS BEHIND: $LAST_PEND pending in the last window (more than 2 s of calls)"; fi
FLAT=$(awk -v a="$FIRST_MS" -v b="$LAST_MS" -v pct="$FLAT_PCT" 'BEGIN { print (a > 0 && 100 * (b - a) / a <= pct) ? 1 : 0 }')
(( TOTAL - ALL_OK <= TOTAL / 1000 && FLAT == 1 && PACE == 1 )) || exit 1
