#!/usr/bin/env bash
# Call logs delivered to the CRM, on a fresh copy of the real distribution (built first if missing):
#   * a burst of N short calls: a SIPp carrier on trunk `pstn` calls alice's DID (+15550101), a SIPp
#     phone registered as alice answers; each call ends after CALL_MS;
#   * the outbox (etc/org.switchboard.core.outbox.cfg: pollMillis 1000, parallelDeliveries 8) delivers
#     every call log to every CRM connector present:
#       phase "local"      only the embedded CRM (crm-local; Salesforce not configured);
#       phase "salesforce" crm-salesforce configured against a SalesforceEmulator (test-support) run by
#                          lib/SalesforceBench.java, and crm-local beside it (the outbox feeds both).
#   Per phase two bursts:
#     live    the outbox running: hang-up -> Task latency p50/p99/max (target p99 < 2 s) and the rate
#             Tasks appeared at (bounded by the calls' own rate when the outbox keeps up);
#     backlog the outbox paused (paused = true) during the burst, then resumed: how fast it drains N
#             logs = the delivery capacity.
#   Hang-up = the call log's endedAt (GET /api/v1/call-logs/{id} as alice). Task = its CreatedDate in
#   the emulator (Salesforce), or the delivery's deliveredAt (crm-local; the moment the delivery began).
#   Peer, same run: the emulator hit directly by a trivial client inserting N Tasks, 8 in flight (also
#   with the connector's SOQL lookup before each insert) -> ratio outbox/peer = how much of the CRM's
#   capacity the outbox uses.
#
# Usage: bench/crm.sh [calls per burst, default 200]
# Env:   BURST_RATE=50 (calls/s)  CALL_MS=1000 (each call's length)  DIAL=+15550101 (the main number +15550100 queues calls for free agents: one at a time here)
#        WARMUP_CALLS=N/2 (a first burst, not measured; 0: none)
#        PEER_THREADS=8  DELIVERY_TIMEOUT=120 (s to wait for a burst's deliveries)
#        OUTBOX_POLL_MS=1000 OUTBOX_PARALLEL=8  the outbox's pollMillis and parallelDeliveries (shipped defaults)
#        SB_DIST=<tarball> (default karaf-distribution/target/switchboard-distribution-*.tar.gz; built when
#        missing, or always with SB_BUILD=1)  BENCH_MVN_ARGS="-Dmaven.repo.local=…" (extra mvn arguments)
#        Ports of the instance under test (all 127.0.0.1; moved off the defaults so a running Switchboard
#        does not matter): SB_SIP_PORT=25060 SB_HTTP_PORT=28181 SB_SSH_PORT=28101 SB_ICE_PORT=12000
#        SB_RTP_MIN=26000 SB_RTP_MAX=26999 CARRIER_PORT=25080 AGENT_PORT=25090
#        BENCH_KEEP=1  keep the temp dir (the instance, its log, SIPp logs, the logs' JSON, the Tasks)
set -uo pipefail
N=${1:-200}
[[ $N =~ ^[0-9]+$ && $N -ge 2 && $N -le 5000 ]] || { echo "calls per burst: 2 to 5000" >&2; exit 1; }
SB_SIP_PORT=${SB_SIP_PORT:-25060}
SB_HTTP_PORT=${SB_HTTP_PORT:-28181}
SB_SSH_PORT=${SB_SSH_PORT:-28101}
SB_ICE_PORT=${SB_ICE_PORT:-12000}
SB_RTP_MIN=${SB_RTP_MIN:-26000}
SB_RTP_MAX=${SB_RTP_MAX:-26999}
CARRIER_PORT=${CARRIER_PORT:-25080}
AGENT_PORT=${AGENT_PORT:-25090}
SB_REST=http://127.0.0.1:$SB_HTTP_PORT/api/v1
SB_AGENTS=alice:alice-secret:+15550101
# the helper SIPps of common.sh (REGISTER, OPTIONS, the probe call): ports next to ours
REG_CP=${REG_CP:-25070} REG_MP=${REG_MP:-25100} OPTIONS_CP=${OPTIONS_CP:-25071} OPTIONS_MP=${OPTIONS_MP:-25110}
source "$(dirname "$0")/lib/common.sh"
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RUN_T0=$(now_ms)

BURST_RATE=${BURST_RATE:-50}
CALL_MS=${CALL_MS:-1000}
DIAL=${DIAL:-+15550101}
PEER_THREADS=${PEER_THREADS:-8}
DELIVERY_TIMEOUT=${DELIVERY_TIMEOUT:-120}
WARMUP_CALLS=${WARMUP_CALLS:-$(( N / 2 ))}
OUTBOX_POLL_MS=${OUTBOX_POLL_MS:-1000}      # the shipped defaults; other values are experiments
OUTBOX_PARALLEL=${OUTBOX_PARALLEL:-8}
[[ $OUTBOX_POLL_MS =~ ^[0-9]+$ && $OUTBOX_PARALLEL =~ ^[0-9]+$ && $WARMUP_CALLS =~ ^[0-9]+$ ]] ||
  die "OUTBOX_POLL_MS, OUTBOX_PARALLEL and WARMUP_CALLS: numbers"
read -r -a MVN_EXTRA <<<"${BENCH_MVN_ARGS:-}"
[[ $BURST_RATE =~ ^[0-9]+$ && $BURST_RATE -ge 1 ]] || die "BURST_RATE: calls per second, at least 1"
[[ $CALL_MS =~ ^[0-9]+$ ]] || die "CALL_MS: milliseconds"
for tool in curl java mvn tar; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
for p in "$SB_HTTP_PORT" "$SB_SSH_PORT"; do
  [[ -z $(ss -Hltn "sport = :$p") ]] || die "TCP $p is in use: set SB_HTTP_PORT / SB_SSH_PORT"
done
require_free_udp "$SB_SIP_PORT" "$SB_ICE_PORT" "$CARRIER_PORT" "$AGENT_PORT" "$REG_CP" "$OPTIONS_CP"

# ---- the distribution and the emulator's classpath ---------------------------------------------
mvn_q() { (cd "$ROOT" && mvn -B -ntp -q "${MVN_EXTRA[@]}" "$@"); }
DIST=${SB_DIST:-$(ls "$ROOT"/karaf-distribution/target/switchboard-distribution-*.tar.gz 2>/dev/null | head -1)}
TS_JAR=$(ls "$ROOT"/test-support/target/switchboard-test-support-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1)
if [[ ${SB_BUILD:-0} == 1 || -z $DIST || -z $TS_JAR ]]; then
  note "building the distribution and test-support (mvn install -DskipTests -pl karaf-distribution,test-support -am) ..."
  mvn_q install -DskipTests -pl karaf-distribution,test-support -am || die "the build failed"
  DIST=${SB_DIST:-$(ls "$ROOT"/karaf-distribution/target/switchboard-distribution-*.tar.gz | head -1)}
  TS_JAR=$(ls "$ROOT"/test-support/target/switchboard-test-support-*.jar | grep -v -e sources -e tests | head -1)
fi
[[ -f $DIST ]] || die "no distribution tarball at ${DIST:-karaf-distribution/target}"
mvn_q dependency:build-classpath -pl test-support -Dmdep.outputFile="$WORK/cp.txt" \
  -DincludeArtifactIds=nimbus-jose-jwt,jackson-databind,jackson-core,jackson-annotations >"$WORK/mvn-cp.log" 2>&1 ||
  die "mvn dependency:build-classpath for test-support failed: $(tail -n 5 "$WORK/mvn-cp.log")"
EMU_CP=$TS_JAR:$(cat "$WORK/cp.txt")

# ---- the Salesforce emulator ---------------------------------------------------------------------
mkdir -p "$WORK/salesforce"
spawn "$WORK/salesforce/emulator.log" java -Xmx512m -cp "$EMU_CP" "$BENCH_DIR/lib/SalesforceBench.java" serve "$WORK/salesforce"
EMU_PID=$SPAWNED_PID
# (kill -0 on the process, not its group: the group exists only once setsid has run)
for _ in $(seq 480); do [[ -f $WORK/salesforce/salesforce.properties ]] && break; kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.25; done
[[ -f $WORK/salesforce/salesforce.properties ]] || die "the Salesforce emulator did not start: $(tail -n 5 "$WORK/salesforce/emulator.log")"
emu_prop() { sed -n "s/^$1=//p" "$WORK/salesforce/salesforce.properties" | sed 's/\\//g'; }
EMU_URL=$(emu_prop url) EMU_CONTROL=$(emu_prop control)

# ---- a fresh Switchboard ---------------------------------------------------------------------------
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
outbox_poll() { set_cfg org.switchboard.core.outbox.cfg pollMillis "$1"; }
outbox_paused() { set_cfg org.switchboard.core.outbox.cfg paused "$1"; }
outbox_poll "$OUTBOX_POLL_MS"
set_cfg org.switchboard.core.outbox.cfg parallelDeliveries "$OUTBOX_PARALLEL"
KARAF_LOG=$SB_HOME/data/log/karaf.log

t0=$(now_ms)
SPAWN_CWD=$SB_HOME spawn "$WORK/karaf.out" "$SB_HOME/bin/karaf" server
KARAF_PGID=$SPAWNED_PID
until curl -sf -m 2 "$SB_REST/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$KARAF_PGID" 2>/dev/null || die "Switchboard stopped while starting: $(tail -n 5 "$KARAF_LOG" 2>/dev/null)"
  (( $(now_ms) - t0 < 240000 )) || die "Switchboard not UP after 240 s: $(curl -s -m 2 "$SB_REST/health" | head -c 600)"
  sleep 0.5
done
SB_PID=$(udp_port_pid "$SB_SIP_PORT")
[[ -n $SB_PID ]] || die "cannot see which process owns UDP $SB_SIP_PORT (the JVM)"
# the JVM's CPU ticks every 100 ms (builtins only, so the sampler costs next to nothing)
spawn "$WORK/jvm-cpu" bash -c 'while read -r s </proc/$1/stat; do s=${s##*) }; read -r -a a <<<"$s"
  echo "$(( ${EPOCHREALTIME/./} / 1000 )) $(( a[11] + a[12] ))"; sleep 0.1; done' _ "$SB_PID"
CPU_FROM=0 CPU_TO=0
echo "crm: $N calls a burst at $BURST_RATE/s, ${CALL_MS} ms each, to $DIAL; Switchboard $(basename "$DIST") fresh in $WORK (UP in $(( ($(now_ms) - t0) / 1000 )) s, JVM pid ${SB_PID:-?}), Salesforce emulator $EMU_URL; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- alice's phone -------------------------------------------------------------------------------
parse_agents
sb_check_options
printf 'SEQUENTIAL\nalice;alice-secret;%s\n' "$SB_DOMAIN" >"$WORK/agents.inf"
printf 'SEQUENTIAL\n%s\n' "$DIAL" >"$WORK/dial.inf"
sb_register 3600 "$AGENT_PORT" "$WORK/agents.inf"
sb_presence_available
mkdir -p "$WORK/alice-uas"
sipp_files "$WORK/alice-uas"
spawn "$WORK/alice-uas/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$AGENT_PORT" -cp $(( AGENT_PORT + 1 )) \
  -mp $(( AGENT_PORT + 4 )) -key rtp_port $(( AGENT_PORT + 4 )) -default_behaviors all,-abortunexp -max_recv_loops 10000 \
  "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
for _ in $(seq 50); do udp_port_busy "$AGENT_PORT" && break; sleep 0.1; done
sb_probe_call "$WORK/dial.inf"

CRMLOGS=(python3 "$BENCH_DIR/lib/crmlogs.py")
REST_ARGS=(--rest "$SB_REST" --user alice --password alice-secret)

# burst <label>: N calls from the carrier; sets B_START B_END (epoch ms) B_OK B_FAILED
burst() {
  local dir=$WORK/$1
  mkdir -p "$dir"
  sipp_files "$dir"
  B_START=$(now_ms)
  run_bounded $(( N / BURST_RATE + CALL_MS / 1000 + 40 )) "$dir/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" -sf "$SIPP_DIR/cps-uac.xml" \
    -inf "$WORK/dial.inf" -p "$CARRIER_PORT" -cp $(( CARRIER_PORT + 1 )) -mp $(( CARRIER_PORT + 4 )) -r "$BURST_RATE" -m "$N" \
    -d "$CALL_MS" -recv_timeout 10000 -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  B_END=$(now_ms)
  B_OK=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  B_FAILED=$(( N - B_OK ))
  (( B_FAILED == 0 )) || note "  warning: $B_FAILED of $N calls failed at the carrier (SIPp errors: $(tail -n 2 "$dir/errors.log" 2>/dev/null | tr '\n' ' ' | head -c 300))"
}

# stored <label>: waits until the burst's call logs are stored; writes $WORK/<label>/ids
stored() {
  local n
  n=$("${CRMLOGS[@]}" wait "${REST_ARGS[@]}" --since "$B_START" --until $(( B_END + 1000 )) --count "$N" \
    --timeout 60 --out "$WORK/$1/ids") || die "could not list the call logs"
  (( n == N )) || note "  warning: $n call logs stored for $N calls"
  STORED=$n
}

# delivered <label> <connectors>: waits until the newest call's log is delivered to the connectors, then
# until the outbox has nothing pending (health, as of the dispatcher's last round), and reads every log
delivered() {
  local deadline=$(( $(now_ms) + DELIVERY_TIMEOUT * 1000 )) zeros=0 pending supervisor
  # the outbox's backlog is in the health report's components, which only a supervisor sees
  supervisor=$(sb_token carol carol-secret) || supervisor=none
  "${CRMLOGS[@]}" follow "${REST_ARGS[@]}" --ids "$WORK/$1/ids" --connectors "$2" --timeout "$DELIVERY_TIMEOUT"
  thread_snapshot "$WORK/$1/threads-1"
  while (( $(now_ms) < deadline )); do
    pending=$("${CRMLOGS[@]}" pending --rest "$SB_REST" --token "$supervisor" 2>/dev/null || echo -1)
    if [[ $pending == 0 ]]; then zeros=$(( zeros + 1 )); (( zeros >= 2 )) && break; else zeros=0; fi
    [[ $pending == -1 ]] && break     # no outbox in the health report: collect polls the logs
    sleep 0.5
  done
  "${CRMLOGS[@]}" collect "${REST_ARGS[@]}" --ids "$WORK/$1/ids" --connectors "$2" --timeout 30 --out "$WORK/$1/logs.json" >"$WORK/$1/collect.log" ||
    die "could not read the call logs: $(cat "$WORK/$1/collect.log")"
}

# stats_of <label> <connector> [tasks file] → sets S_* from crmlogs.py stats
stats_of() {
  local line
  line=$("${CRMLOGS[@]}" stats --logs "$WORK/$1/logs.json" --connector "$2" ${3:+--tasks "$3"})
  echo "$line" >"$WORK/$1/stats-$2"
  S_DELIVERED=$(sed -n 's/.* delivered=\([^ ]*\).*/\1/p' <<<"$line")
  S_UNDELIVERED=$(sed -n 's/.*undelivered=\([^ ]*\).*/\1/p' <<<"$line")
  S_P50=$(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$line")
  S_P99=$(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$line")
  S_MAX=$(sed -n 's/.*max_ms=\([^ ]*\).*/\1/p' <<<"$line")
  S_RATE=$(sed -n 's/.* per_s=\([^ ]*\).*/\1/p' <<<"$line")
  S_SPAN=$(sed -n 's/.*task_span_s=\([^ ]*\).*/\1/p' <<<"$line")
  S_ENDED_RATE=$(sed -n 's/.*ended_per_s=\([^ ]*\).*/\1/p' <<<"$line")
  S_LAST=$(sed -n 's/.*last_task_ms=\([^ ]*\).*/\1/p' <<<"$line")
  [[ $S_LAST =~ ^[0-9]+$ ]] && (( S_LAST > CPU_TO )) && CPU_TO=$S_LAST
  return 0
}

# the JVM's CPU in seconds between CPU_FROM and CPU_TO (the burst's first call or the outbox's resume, and
# the burst's last Task over every connector), from the sampler's lines "epoch_ms ticks"
cpu_window() {
  awk -v from="$CPU_FROM" -v to="$CPU_TO" -v hz="$CLK_TCK" '
    $1 <= from { a = $2 } $1 >= to && b == "" { b = $2 } END { printf "%.2f", (a != "" && b != "") ? (b - a) / hz : -1 }' "$WORK/jvm-cpu"
}

# thread_snapshot <file>: "name<TAB>ticks" of each JVM thread (digits in names as #: pools add up)
thread_snapshot() {
  local f st name
  local -a a
  for f in /proc/"$SB_PID"/task/*/stat; do
    read -r st <"$f" 2>/dev/null || continue
    name=${st#*(}; name=${name%)*}; st=${st##*) }
    read -r -a a <<<"$st"
    printf '%s\t%s\n' "${name//[0-9]/#}" $(( a[11] + a[12] ))
  done >"$1"
}
# top_threads <before> <after>: the JVM's threads that used the most CPU in between
top_threads() {
  awk -F'\t' -v hz="$CLK_TCK" 'NR == FNR { b[$1] += $2; next } { a[$1] += $2 }
    END { for (k in a) if (a[k] - b[k] > 0) printf "%.2f\t%s\n", (a[k] - b[k]) / hz, k }' "$1" "$2" |
    sort -rn | head -n 8 | awk -F'\t' '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $2, $1 } END { print "" }'
}

tasks_file() { curl -sf -m 30 "$EMU_CONTROL/tasks" >"$1" || die "the emulator's control port did not answer"; }

# live <label> <connectors>: one burst with the outbox running
live() {
  echo "  $1: $N calls at $BURST_RATE/s with the outbox running ..."
  mkdir -p "$WORK/$1"
  thread_snapshot "$WORK/$1/threads-0"
  burst "$1"
  CPU_FROM=$B_START CPU_TO=0
  stored "$1"
  delivered "$1" "$2"
  echo "    $B_OK/$N calls ok in $(( (B_END - B_START) / 1000 )) s, $STORED logs; the JVM's busiest threads from the first call to the last delivery:"
  echo "    $(top_threads "$WORK/$1/threads-0" "$WORK/$1/threads-1")"
}

# backlog <label> <connectors>: the burst with the outbox paused, then the drain
backlog() {
  local early
  echo "  $1: $N calls with the outbox paused (paused = true), then resumed ..."
  outbox_paused true
  sleep 4   # file install (1 s) + the dispatcher's reactivation
  burst "$1"
  stored "$1"
  "${CRMLOGS[@]}" collect "${REST_ARGS[@]}" --ids <(head -n 20 "$WORK/$1/ids") --connectors "" --timeout 0 --out "$WORK/$1/early.json" >/dev/null
  early=$(python3 -c 'import json,sys; print(sum(1 for l in json.load(open(sys.argv[1])) for d in l["deliveries"].values() if d["status"] != "PENDING"))' "$WORK/$1/early.json")
  (( early == 0 )) || note "  warning: $early deliveries of the first 20 logs happened while the outbox should be paused: the drain rate is overstated"
  CPU_FROM=$(now_ms) CPU_TO=0
  outbox_paused false
  delivered "$1" "$2"
  echo "    $B_OK/$N calls ok, $STORED logs"
}

fmt_latency() { echo "p50 ${S_P50} ms, p99 ${S_P99} ms, max ${S_MAX} ms"; }
target() { [[ $S_P99 != n/a && $S_UNDELIVERED == 0 ]] && (( S_P99 < 2000 )) && echo "met" || echo "NOT met"; }

# ---- warm-up: the fresh JVM compiles the call and delivery paths on these calls, not on the measured ones
if (( WARMUP_CALLS > 0 )); then
  echo "warm-up: $WARMUP_CALLS calls, not measured"
  N_MEASURED=$N N=$WARMUP_CALLS
  burst warmup
  stored warmup
  delivered warmup local
  N=$N_MEASURED
fi

# ---- phase 1: the embedded CRM alone ----------------------------------------------------------
echo "phase local: crm-local alone (Salesforce not configured)"
live local-live local
stats_of local-live local
LL_RATE=$S_RATE LL_ENDED=$S_ENDED_RATE LL_LAT=$(fmt_latency) LL_TARGET=$(target) LL_UND=$S_UNDELIVERED LL_CPU=$(cpu_window)
echo "    crm-local: $S_DELIVERED delivered ($S_UNDELIVERED not), hang-up -> Task $(fmt_latency); Tasks at $S_RATE/s over $S_SPAN s (calls ended at $S_ENDED_RATE/s)"
backlog local-backlog local
stats_of local-backlog local
LB_RATE=$S_RATE LB_UND=$S_UNDELIVERED LB_CPU=$(cpu_window) LB_N=$S_DELIVERED
echo "    crm-local: $S_DELIVERED delivered ($S_UNDELIVERED not) at $S_RATE/s over $S_SPAN s"

# ---- phase 2: Salesforce (and crm-local beside it) ---------------------------------------------
echo "phase salesforce: crm-salesforce -> emulator $EMU_URL, crm-local beside it"
log_lines=$(wc -l <"$KARAF_LOG" 2>/dev/null || echo 0)
cat >"$ETC/org.switchboard.crm.salesforce.cfg" <<EOF
loginUrl = $EMU_URL
clientId = $(emu_prop clientId)
clientSecret =
username = $(emu_prop username)
privateKeyFile = $(emu_prop privateKeyFile)
apiVersion = 62.0
callbackUrl = http://localhost:$SB_HTTP_PORT/switchboard/crm-salesforce/oauth/callback
requestTimeoutSeconds = 10
EOF
for _ in $(seq 60); do
  tail -n +"$(( log_lines + 1 ))" "$KARAF_LOG" 2>/dev/null | grep -q 'CRM connector salesforce receives call logs' && break
  sleep 0.5
done
tail -n +"$(( log_lines + 1 ))" "$KARAF_LOG" | grep -q 'CRM connector salesforce receives call logs' ||
  die "the Salesforce connector did not start receiving call logs within 30 s: $(tail -n +"$(( log_lines + 1 ))" "$KARAF_LOG" | grep -i -e salesforce -e error | tail -n 3)"
# one call through both, before measuring: the connector's token and first Task
B_START=$(now_ms); sb_probe_call "$WORK/dial.inf"; B_END=$(now_ms)
mkdir -p "$WORK/sf-probe"
"${CRMLOGS[@]}" wait "${REST_ARGS[@]}" --since "$B_START" --until $(( B_END + 1000 )) --count 1 --timeout 20 --out "$WORK/sf-probe/ids" >/dev/null
"${CRMLOGS[@]}" collect "${REST_ARGS[@]}" --ids "$WORK/sf-probe/ids" --connectors local,salesforce --timeout 20 --out "$WORK/sf-probe/logs.json" >/dev/null
python3 -c '
import json, sys
logs = json.load(open(sys.argv[1]))
d = logs[0]["deliveries"].get("salesforce") if logs else None
if not d or d["status"] != "DELIVERED":
    sys.exit("the probe call was not delivered to Salesforce: %s" % (d or "no delivery"))' "$WORK/sf-probe/logs.json" ||
  die "Salesforce delivery does not work (see $KARAF_LOG)"
curl -sf -m 10 "$EMU_CONTROL/requests" >"$WORK/salesforce/requests-before"

live sf-live local,salesforce
tasks_file "$WORK/sf-live/tasks"
stats_of sf-live salesforce "$WORK/sf-live/tasks"
SL_RATE=$S_RATE SL_ENDED=$S_ENDED_RATE SL_LAT=$(fmt_latency) SL_TARGET=$(target) SL_UND=$S_UNDELIVERED
echo "    crm-salesforce: $S_DELIVERED delivered ($S_UNDELIVERED not), hang-up -> Task $(fmt_latency); Tasks at $S_RATE/s over $S_SPAN s (calls ended at $S_ENDED_RATE/s)"
stats_of sf-live local
SLL_RATE=$S_RATE SLL_LAT=$(fmt_latency) SLL_TARGET=$(target) SLL_UND=$S_UNDELIVERED SL_CPU=$(cpu_window)
echo "    crm-local beside it: $S_DELIVERED delivered ($S_UNDELIVERED not), hang-up -> Task $(fmt_latency); at $S_RATE/s"

backlog sf-backlog local,salesforce
tasks_file "$WORK/sf-backlog/tasks"
stats_of sf-backlog salesforce "$WORK/sf-backlog/tasks"
SFB_RATE=$S_RATE SFB_UND=$S_UNDELIVERED SFB_N=$S_DELIVERED
echo "    crm-salesforce: $S_DELIVERED delivered ($S_UNDELIVERED not) at $S_RATE/s over $S_SPAN s"
stats_of sf-backlog local
SBL_RATE=$S_RATE SBL_UND=$S_UNDELIVERED SFB_CPU=$(cpu_window)
echo "    crm-local beside it: $S_DELIVERED delivered ($S_UNDELIVERED not) at $S_RATE/s over $S_SPAN s"
curl -sf -m 10 "$EMU_CONTROL/requests" >"$WORK/salesforce/requests-after"
# what the connector asked per call log, over the two bursts (the emulator's request log, before/after)
REQUESTS=$(python3 -c '
import sys
def read(f):
    out = {}
    for line in open(f):
        count, shape = line.rstrip("\n").split("\t", 1)
        out[shape] = int(count)
    return out
a, b = read(sys.argv[1]), read(sys.argv[2])
n = int(sys.argv[3])
diff = {k: b[k] - a.get(k, 0) for k in b if b[k] - a.get(k, 0) > 0}
print(", ".join("%s %.2f" % (k.replace("/services/data/v62.0/", ""), v / n) for k, v in sorted(diff.items(), key=lambda e: -e[1])))
' "$WORK/salesforce/requests-before" "$WORK/salesforce/requests-after" $(( 2 * N )))

# ---- the peer: the emulator hit directly -----------------------------------------------------------
echo "peer: a trivial client inserting $N Tasks into the emulator, $PEER_THREADS in flight (after an uncounted warm-up)"
PEER=$(java -cp "$EMU_CP" "$BENCH_DIR/lib/SalesforceBench.java" peer "$WORK/salesforce" "$N" "$PEER_THREADS" 2>"$WORK/peer.err") ||
  die "the peer failed: $(tail -n 3 "$WORK/peer.err")"
PEER_RATE=$(awk '{for (i = 1; i < NF; i++) if ($i == "per_second") print $(i + 1)}' <<<"$PEER")
echo "  inserts only:           $PEER"
PEERQ=$(java -cp "$EMU_CP" "$BENCH_DIR/lib/SalesforceBench.java" peer "$WORK/salesforce" "$N" "$PEER_THREADS" query 2>>"$WORK/peer.err") ||
  die "the peer (query) failed: $(tail -n 3 "$WORK/peer.err")"
PEERQ_RATE=$(awk '{for (i = 1; i < NF; i++) if ($i == "per_second") print $(i + 1)}' <<<"$PEERQ")
echo "  SOQL lookup + insert:   $PEERQ"

ms_per() { awk -v c="$1" -v n="$2" 'BEGIN {printf "%.1f", n ? c * 1000 / n : 0}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%s", (b + 0 > 0 && a != "n/a") ? sprintf("%.2f", a / b) : "n/a"}'; }

echo
echo "== crm summary ($N calls a burst at $BURST_RATE/s, ${CALL_MS} ms each; outbox pollMillis $OUTBOX_POLL_MS, parallelDeliveries $OUTBOX_PARALLEL; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) =="
printf '%-34s | %-24s | %-40s | %-8s | %-22s\n' "CRM" "live: Tasks/s (calls/s)" "hang-up -> Task" "p99<2 s" "backlog of $N: Tasks/s"
printf '%-34s | %-24s | %-40s | %-8s | %-22s\n' "crm-local, alone" "$LL_RATE ($LL_ENDED)" "$LL_LAT" "$LL_TARGET" "$LB_RATE"
printf '%-34s | %-24s | %-40s | %-8s | %-22s\n' "crm-salesforce (emulator)" "$SL_RATE ($SL_ENDED)" "$SL_LAT" "$SL_TARGET" "$SFB_RATE"
printf '%-34s | %-24s | %-40s | %-8s | %-22s\n' "crm-local, beside salesforce" "$SLL_RATE" "$SLL_LAT" "$SLL_TARGET" "$SBL_RATE"
printf '%-34s | %-24s | %-40s | %-8s | %-22s\n' "peer: emulator, direct inserts" "" "" "" "$PEER_RATE ($PEERQ_RATE with the SOQL lookup)"
echo "undelivered: local ${LL_UND}/${LB_UND}, salesforce ${SL_UND}/${SFB_UND}, local beside salesforce ${SLL_UND}/${SBL_UND} (live/backlog)"
echo "JVM CPU per call (live, from the first call to the last Task: calls + deliveries): local $(ms_per "$LL_CPU" "$N") ms, with salesforce $(ms_per "$SL_CPU" "$N") ms; per drained log: local $(ms_per "$LB_CPU" "$LB_N") ms, local+salesforce $(ms_per "$SFB_CPU" "$SFB_N") ms"
echo "Salesforce requests per call log (connector and caller match): $REQUESTS"
echo "ratio salesforce backlog drain/peer inserts: $(ratio "$SFB_RATE" "$PEER_RATE")"
echo "ratio salesforce backlog drain/peer lookup+insert: $(ratio "$SFB_RATE" "$PEERQ_RATE")"
echo "ratio salesforce live/peer inserts: $(ratio "$SL_RATE" "$PEER_RATE")"
echo "target hang-up -> Task p99 < 2 s with the CRM up: salesforce $SL_TARGET, crm-local $LL_TARGET"
echo "(run took $(( ($(now_ms) - RUN_T0) / 1000 )) s)"
[[ $LL_UND == 0 && $LB_UND == 0 && $SL_UND == 0 && $SFB_UND == 0 ]] || exit 1
