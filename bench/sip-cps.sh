#!/usr/bin/env bash
# Highest calls per second with < 0.1 % failed calls, for Switchboard and, in the same run, a peer:
#   (a) peer:        SIPp UAC → Kamailio 5.6 stateful proxy (record_route + t_relay) → SIPp UAS
#   (b) switchboard: SIPp UAC as the carrier on trunk `pstn` (from 127.0.0.1:5080) → Switchboard
#                    (B2BUA) → the agent's phone, a SIPp UAS registered (digest) as the agent
# Calls are short: 200 OK, ACK, BYE at once (call hold 0). Each step runs <seconds> at a fixed rate
# (SIPp -r, bounded by -m and an outer timeout): the rate doubles from CPS_START until a step fails,
# then a binary search narrows the limit between the last passing and the first failing rate.
# A step passes when failed calls < 0.1 % of the calls planned (calls that did not finish count as
# failed), SIPp kept the rate, and the step ended in time.
# CPU per process is utime+stime from /proc/<pid>/stat (the proxy and its workers; the JVM).
#
# Usage: bench/sip-cps.sh [seconds per step, default 5] [max cps, default 8000]
# Env:   PEER_ONLY=1           measure Kamailio only (no Switchboard needed)
#        CPS_START=100         first rate;   CPS_MAX_STEPS=14   bound on the number of steps
#        WARMUP_SECONDS=120 WARMUP_CPS=400  before each search, calls at that rate, not counted: a JVM
#                              compiles its hot paths in the first minutes (a server runs for weeks), and a
#                              5 s step on a JVM still compiling measures the compiler (0: no warm-up). 90 s
#                              at 200 cps was too little on a slow VM: C2 was still compiling through the
#                              first steps, which cost twice the CPU per call of the last (bench/README.md)
#        SB_AGENTS=alice:alice-secret:+15550101[,user:pass:number...]  numbers dialed round-robin
#        SB_HOST/SB_SIP_PORT (127.0.0.1:5060), SB_REST (http://127.0.0.1:8181/api/v1, empty: skip)
#        KAM_PORT=15070 UAS_PORT=15072 UAC_PORT=15074  (peer), AGENT_PORT=15090 (agent phones)
#        BENCH_KEEP=1          keep the temp dir with configs, SIPp CSVs and logs
#        OVERLOAD_SECONDS=20   after each search, offer twice the rate found for this long (0: skip)
#        SB_OVERLOAD_LIMIT=L   Switchboard's overload phase offers 2 x L whatever its search found (A/B of builds)
#        SB_SUPERVISOR=carol:carol-secret   REST user that sees every call (calls left ACTIVE)
#        DRAIN_SECONDS=60      when calls are left ACTIVE 10 s after the load, how long to keep looking
#                              (every 5 s) whether they end: a slow end (a 32 s SIP timer) or a leak
# Overload phase: 2x the limit found, with cps-uac-overload.xml (a 503 is ACKed and ends the call): completed
# calls per second and % of the limit, 503s, failed calls, retransmissions, the process's CPU in the
# 10 s after the load stops, and (Switchboard) calls still ACTIVE in GET /calls and media endpoints held;
# last, the process's CPU during the load (with the step's CPU per call: what each refusal cost).
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/jvm.sh"

SECONDS_PER_STEP=${1:-5}
MAX_CPS=${2:-8000}
CPS_START=${CPS_START:-100}
CPS_MAX_STEPS=${CPS_MAX_STEPS:-14}
WARMUP_SECONDS=${WARMUP_SECONDS:-120}
WARMUP_CPS=${WARMUP_CPS:-400}
PEER_ONLY=${PEER_ONLY:-0}
KAM_PORT=${KAM_PORT:-15070}
UAS_PORT=${UAS_PORT:-15072}
UAC_PORT=${UAC_PORT:-15074}
AGENT_PORT=${AGENT_PORT:-15090}
OVERLOAD_SECONDS=${OVERLOAD_SECONDS:-20}
DRAIN_SECONDS=${DRAIN_SECONDS:-60}
SB_OVERLOAD_LIMIT=${SB_OVERLOAD_LIMIT:-}
SB_SUPERVISOR=${SB_SUPERVISOR:-carol:carol-secret}
[[ $SECONDS_PER_STEP =~ ^[0-9]+$ && $SECONDS_PER_STEP -ge 1 && $SECONDS_PER_STEP -le 120 ]] || die "seconds per step: 1 to 120"
[[ $OVERLOAD_SECONDS =~ ^[0-9]+$ && $OVERLOAD_SECONDS -le 300 ]] || die "OVERLOAD_SECONDS: 0 to 300"
[[ $WARMUP_SECONDS =~ ^[0-9]+$ && $WARMUP_SECONDS -le 600 ]] || die "WARMUP_SECONDS: 0 to 600"
[[ $WARMUP_CPS =~ ^[0-9]+$ && $WARMUP_CPS -ge 1 ]] || die "WARMUP_CPS: a rate >= 1"
[[ $MAX_CPS =~ ^[0-9]+$ && $MAX_CPS -ge $CPS_START ]] || die "max cps must be a number >= CPS_START ($CPS_START)"
command -v kamailio >/dev/null || die "kamailio is not installed (Debian: kamailio)"

# Switchboard first: fail before spending a minute on the peer.
if [[ $PEER_ONLY != 1 ]]; then
  sb_check_options
  parse_agents
fi

# ---------------------------------------------------------------------------------------------
# One step: run_step <label> <rate> <target host:port> <uac port> <injection file> <proxy pid>
#   <uas pids...>  → prints a line, sets STEP_PASS (0/1), STEP_OK, STEP_CPU_TICKS
STEP_NO=0
run_step() {
  local label=$1 rate=$2 target=$3 uac_port=$4 inf=$5 proxy_pid=$6; shift 6
  local calls=$(( rate * SECONDS_PER_STEP )) dir cpu0 cpu1 t0 t1 rc ok failed created retrans achieved wall
  local -a uas0=() uas1=()
  local p
  STEP_NO=$(( STEP_NO + 1 ))
  dir=$WORK/$label-step$STEP_NO-$rate
  mkdir -p "$dir"
  sipp_files "$dir"
  cpu0=$(cpu_ticks "$proxy_pid")
  for p in "$@"; do uas0+=("$(cpu_ticks "$p")"); done
  local uac0 uac1
  children_cpu; uac0=$CHILDREN_TICKS
  t0=$(now_ms)
  # -recv_timeout: a call waiting 5 s for an answer fails (and ends), so a failing step ends too.
  run_bounded $(( SECONDS_PER_STEP + 15 )) "$dir/sipp.log" sipp "$target" -sf "$SIPP_DIR/cps-uac.xml" \
    -inf "$inf" -p "$uac_port" -cp $(( uac_port + 1 )) -mp "$(media_port_for "$uac_port")" \
    -r "$rate" -rp 1000 -m "$calls" -d 0 -recv_timeout 5000 -max_recv_loops 10000 \
    -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  rc=$?
  t1=$(now_ms)
  children_cpu; uac1=$CHILDREN_TICKS
  cpu1=$(cpu_ticks "$proxy_pid")
  for p in "$@"; do uas1+=("$(cpu_ticks "$p")"); done
  ok=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  created=$(stat_col "$dir/stat.csv" 'TotalCallCreated')
  retrans=$(stat_col "$dir/stat.csv" 'Retransmissions(C)')
  failed=$(( calls - ok ))                   # not finished = failed
  wall=$(( t1 - t0 ))
  # achieved creation rate: calls created over the configured step length, as SIPp saw it
  achieved=$(awk -v c="$created" -v s="$SECONDS_PER_STEP" 'BEGIN {printf "%d", c/s}')
  STEP_OK=$ok
  STEP_CPU_TICKS=$(( cpu1 - cpu0 ))
  STEP_PASS=0
  if (( failed * 1000 < calls && created >= calls && wall <= SECONDS_PER_STEP * 1500 + 4000 )); then STEP_PASS=1; fi
  local uas_cpu=0 i
  for i in "${!uas0[@]}"; do uas_cpu=$(( uas_cpu + uas1[i] - uas0[i] )); done
  printf '  %-11s %5d cps x %ds: %6d/%d ok, %5d failed, %5d retrans, %5.1f s, cpu %s %ss (%s ms/call), sipp uac %ss uas %ss, exit %d -> %s\n' \
    "$label" "$rate" "$SECONDS_PER_STEP" "$ok" "$calls" "$failed" "$retrans" "$(awk -v w="$wall" 'BEGIN{print w/1000}')" \
    "$label" "$(ticks_to_s "$STEP_CPU_TICKS")" \
    "$(awk -v t="$STEP_CPU_TICKS" -v hz="$CLK_TCK" -v n="$ok" 'BEGIN {printf "%.3f", n ? t/hz*1000/n : 0}')" \
    "$(ticks_to_s $(( uac1 - uac0 )))" "$(ticks_to_s "$uas_cpu")" "$rc" "$( ((STEP_PASS)) && echo pass || echo FAIL)"
  (( achieved < rate * 95 / 100 )) && note "    (SIPp created only $achieved calls/s of $rate)"
  sleep 2   # let retransmissions and timers of this step die out
  return 0
}

# search <label> <target> <uac port> <inf> <proxy pid> <uas pids...> → sets BEST (0 if none passed)
search() {
  local label=$1 target=$2 uac_port=$3 inf=$4 proxy_pid=$5; shift 5
  local rate=$CPS_START good=0 bad=0 steps=0 mid
  BEST=0 BEST_CPU_MS=0
  if (( WARMUP_SECONDS > 0 )); then
    SECONDS_PER_STEP=$WARMUP_SECONDS run_step "$label-warm" "$WARMUP_CPS" "$target" "$uac_port" "$inf" "$proxy_pid" "$@"
  fi
  while (( steps < CPS_MAX_STEPS )); do
    run_step "$label" "$rate" "$target" "$uac_port" "$inf" "$proxy_pid" "$@"; steps=$(( steps + 1 ))
    if (( STEP_PASS )); then
      good=$rate
      BEST_CPU_MS=$(awk -v t="$STEP_CPU_TICKS" -v hz="$CLK_TCK" -v n="$STEP_OK" 'BEGIN {printf "%.3f", n ? t/hz*1000/n : 0}')
    else bad=$rate; fi
    if (( bad == 0 )); then                       # still doubling
      (( rate >= MAX_CPS )) && break
      rate=$(( rate * 2 > MAX_CPS ? MAX_CPS : rate * 2 ))
    else                                          # bisect between good and bad
      (( bad - good <= (good / 20 > 25 ? good / 20 : 25) )) && break
      mid=$(( (good + bad) / 2 / 10 * 10 ))
      (( mid <= good )) && break
      rate=$mid
      (( good == 0 && rate < 10 )) && break
    fi
  done
  BEST=$good
}

# counts_col <dir> <column suffix>: last value of the SIPp -trace_counts column ending in <suffix> (e.g. _503_Recv)
counts_col() {
  local file
  file=$(ls "$1"/*_counts.csv 2>/dev/null | head -1)
  [[ -n $file ]] || { echo 0; return; }
  awk -F';' -v suf="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) if (substr($i, length($i) - length(suf) + 1) == suf) c = i; next }
    c && $c != "" { v = $c + 0 }
    END { print v + 0 }' "$file"
}

# sb_calls_left: live calls in GET /calls as a supervisor, and the media health line ("- -" without REST)
sb_calls_left() {
  local token calls media
  [[ -n $SB_REST ]] || { echo "- -"; return; }
  token=$(sb_token "${SB_SUPERVISOR%%:*}" "${SB_SUPERVISOR#*:}") || token=
  calls=$(curl -sf -m 5 -H "Authorization: Bearer $token" "$SB_REST/calls" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' 2>/dev/null) || calls=?
  # the health report names its components (media's endpoints) to supervisors only
  media=$(curl -s -m 5 -H "Authorization: Bearer $token" "$SB_REST/health" | python3 -c '
import json, re, sys
def walk(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str) and re.match(r"\d+ endpoints", v): return v.split(" ")[0]
            r = walk(v)
            if r is not None: return r
    elif isinstance(node, list):
        for v in node:
            r = walk(v)
            if r is not None: return r
print(walk(json.load(sys.stdin)) or "?")' 2>/dev/null) || media=?
  echo "$calls $media"
}

# overload <label> <limit cps> <target> <uac port> <inf> <pid> <sb: 1 to ask REST for calls left> → one line
# (and a "drain" line when calls were left ACTIVE);
# sets OVL_PCT (completed cps in % of the limit)
overload() {
  local label=$1 limit=$2 target=$3 uac_port=$4 inf=$5 pid=$6 rest=$7
  local rate=$(( limit * 2 )) calls dir t0 t1 rc ok refused failed retrans completed cpu0 cpu1 idle left
  OVL_PCT=0
  (( limit > 0 && OVERLOAD_SECONDS > 0 )) || return 0
  calls=$(( rate * OVERLOAD_SECONDS ))
  dir=$WORK/$label-overload-$rate
  mkdir -p "$dir"
  sipp_files "$dir"
  t0=$(now_ms)
  cpu0=$(cpu_ticks "$pid")
  run_bounded $(( OVERLOAD_SECONDS + 30 )) "$dir/sipp.log" sipp "$target" -sf "$SIPP_DIR/cps-uac-overload.xml" \
    -inf "$inf" -p "$uac_port" -cp $(( uac_port + 1 )) -mp "$(media_port_for "$uac_port")" \
    -r "$rate" -rp 1000 -m "$calls" -d 0 -recv_timeout 5000 -max_recv_loops 10000 -trace_counts \
    -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  rc=$?
  t1=$(now_ms)
  cpu1=$(cpu_ticks "$pid")
  sleep 10                                   # back to idle? CPU of the 10 s after the load
  idle=$(( $(cpu_ticks "$pid") - cpu1 ))
  ok=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  retrans=$(stat_col "$dir/stat.csv" 'Retransmissions(C)')
  refused=$(counts_col "$dir" '_503_Recv')
  completed=$(( ok - refused ))
  failed=$(( calls - ok ))                   # not finished = failed
  left="- -"
  (( rest )) && left=$(sb_calls_left)
  OVL_PCT=$(awk -v c="$completed" -v s="$OVERLOAD_SECONDS" -v l="$limit" 'BEGIN {printf "%.1f", c / s / l * 100}')
  printf 'overload %s: offered %d cps (2 x %d) for %d s: completed %s cps (%s %% of the limit), %d refused with 503, %d failed, %d retrans, %.1f s, cpu in the 10 s after the load %s %% of a core, calls left ACTIVE %s, media endpoints held %s, cpu during the load %s s, exit %d\n' \
    "$label" "$rate" "$limit" "$OVERLOAD_SECONDS" "$(awk -v c="$completed" -v s="$OVERLOAD_SECONDS" 'BEGIN {printf "%.0f", c / s}')" \
    "$OVL_PCT" "$refused" "$failed" "$retrans" "$(awk -v w=$(( t1 - t0 )) 'BEGIN{print w/1000}')" \
    "$(awk -v t="$idle" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz / 10 * 100}')" "${left% *}" "${left#* }" "$(ticks_to_s $(( cpu1 - cpu0 )))" "$rc"
  if (( rest )) && [[ ${left% *} =~ ^[1-9][0-9]*$ ]]; then
    drain_calls_left "$label"
  fi
}

# drain_calls_left <label> → one line: when the calls left after the load ended, or how many are still up
drain_calls_left() {
  local waited=0 left
  while (( waited < DRAIN_SECONDS )); do
    sleep 5
    waited=$(( waited + 5 ))
    left=$(sb_calls_left)
    if [[ ${left% *} == 0 && ${left#* } == 0 ]]; then
      echo "drain $1: the calls left had ended, and their media endpoints were released, $(( waited + 10 )) s after the load"
      return
    fi
  done
  echo "drain $1: still ACTIVE ${left% *} calls, ${left#* } media endpoints held, $(( waited + 10 )) s after the load"
}

print_cpu_total() { # <label> <pid> <ticks at start>
  echo "cpu $1 (pid $2 and children) over its whole run: $(ticks_to_s $(( $(cpu_ticks "$2") - $3 ))) s"
}

# ---------------------------------------------------------------------------------------------
echo "sip-cps: ${WARMUP_SECONDS} s warm-up at $WARMUP_CPS cps, then ${SECONDS_PER_STEP} s steps from $CPS_START up to $MAX_CPS cps, < 0.1 % failed calls to pass ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

# Switchboard's side first (registered agent phones and one test call), so a Switchboard that
# cannot take the calls stops the run before the peer's minute.
if [[ $PEER_ONLY != 1 ]]; then
  SB_PID=${SB_PID:-$(udp_port_pid "$SB_SIP_PORT")}
  [[ -n $SB_PID ]] || note "warning: cannot see which process owns UDP $SB_SIP_PORT: no Switchboard CPU figures (set SB_PID)"
  # One SIPp UAS plays every agent's phone: all agents register with their contact on AGENT_PORT.
  require_free_udp "$AGENT_PORT" "$CARRIER_PORT"
  { echo SEQUENTIAL; for i in "${!AG_USER[@]}"; do echo "${AG_USER[i]};${AG_PASS[i]};$SB_DOMAIN"; done; } >"$WORK/agents.inf"
  { echo SEQUENTIAL; for i in "${!AG_NUM[@]}"; do echo "${AG_NUM[i]}"; done; } >"$WORK/dial.inf"
  sb_register 3600 "$AGENT_PORT" "$WORK/agents.inf"
  CLEANUP_HOOKS+=("[[ -n \${AGENT_UAS_PID:-} ]] && stop_group \$AGENT_UAS_PID; sb_register 0 $AGENT_PORT $WORK/agents.inf >/dev/null 2>&1")
  sb_presence_available
  mkdir -p "$WORK/agent-uas"
  sipp_files "$WORK/agent-uas"
  spawn "$WORK/agent-uas/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$AGENT_PORT" -cp $(( AGENT_PORT + 1 )) \
    -mp "$(media_port_for "$AGENT_PORT")" -key rtp_port "$(media_port_for "$AGENT_PORT")" -default_behaviors all,-abortunexp -max_recv_loops 10000 "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  AGENT_UAS_PID=$SPAWNED_PID
  for _ in $(seq 50); do udp_port_busy "$AGENT_PORT" && break; sleep 0.1; done
  sb_probe_call "$WORK/dial.inf"
fi

# (a) peer: Kamailio stateful proxy
require_free_udp "$KAM_PORT" "$UAS_PORT" "$UAC_PORT"
mkdir -p "$WORK/kamailio"
cat >"$WORK/kamailio/kamailio.cfg" <<EOF
#!KAMAILIO
# Stateful proxy for the CPS peer run: record_route + t_relay to the SIPp UAS.
debug=1
log_stderror=yes
children=2
dns=no
rev_dns=no
auto_aliases=no
listen=udp:127.0.0.1:$KAM_PORT
alias="127.0.0.1:$KAM_PORT"

loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }
    if (has_totag()) {
        if (loose_route()) {
            t_relay();
            exit;
        }
        if (is_method("ACK")) {
            if (t_check_trans()) {
                t_relay();
            }
            exit;
        }
        sl_send_reply("404", "Not here");
        exit;
    }
    if (is_method("CANCEL")) {
        if (t_check_trans()) {
            t_relay();
        }
        exit;
    }
    t_check_trans();
    if (is_method("INVITE")) {
        record_route();
    }
    \$du = "sip:127.0.0.1:$UAS_PORT";
    if (!t_relay()) {
        sl_reply_error();
    }
}
EOF
kamailio -c -f "$WORK/kamailio/kamailio.cfg" >"$WORK/kamailio/check.log" 2>&1 ||
  die "kamailio rejects its config: $(tail -n 5 "$WORK/kamailio/check.log")"
# -x tlsf: the default memory manager of the Debian build costs ~4x the CPU; -m 1024 MB of shm
# (256 MB runs out at 2,000 cps). -Y: its own runtime dir, -DD: stay in the foreground (with workers).
spawn "$WORK/kamailio/kamailio.log" kamailio -DD -E -f "$WORK/kamailio/kamailio.cfg" -x tlsf -m 1024 -M 16 \
  -Y "$WORK/kamailio" -P "$WORK/kamailio/kamailio.pid"
KAM_PID=$SPAWNED_PID
# kill -0, not group_alive: right after spawn the group may not exist yet (setsid), which read as "died"
for _ in $(seq 100); do udp_port_busy "$KAM_PORT" && break; kill -0 "$KAM_PID" 2>/dev/null || break; sleep 0.1; done
udp_port_busy "$KAM_PORT" || die "kamailio did not start: $(tail -n 5 "$WORK/kamailio/kamailio.log")"
KAM_CPU0=$(cpu_ticks "$KAM_PID")

mkdir -p "$WORK/peer-uas"
sipp_files "$WORK/peer-uas"
spawn "$WORK/peer-uas/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$UAS_PORT" -cp $(( UAS_PORT + 1 )) \
  -mp "$(media_port_for "$UAS_PORT")" -key rtp_port "$(media_port_for "$UAS_PORT")" -default_behaviors all,-abortunexp -max_recv_loops 10000 "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
PEER_UAS_PID=$SPAWNED_PID
for _ in $(seq 50); do udp_port_busy "$UAS_PORT" && break; sleep 0.1; done
printf 'SEQUENTIAL\nbench\n' >"$WORK/peer.inf"

echo "peer: SIPp UAC 127.0.0.1:$UAC_PORT -> kamailio $(kamailio -v 2>/dev/null | head -1 | awk '{print $3}') 127.0.0.1:$KAM_PORT (pid $KAM_PID, children=2, tlsf, 1024 MB) -> SIPp UAS 127.0.0.1:$UAS_PORT"
search kamailio "127.0.0.1:$KAM_PORT" "$UAC_PORT" "$WORK/peer.inf" "$KAM_PID" "$PEER_UAS_PID"
KAM_BEST=$BEST KAM_CPU_MS=$BEST_CPU_MS
print_cpu_total kamailio "$KAM_PID" "$KAM_CPU0"
KAM_OVL_LINE=$(overload kamailio "$KAM_BEST" "127.0.0.1:$KAM_PORT" "$UAC_PORT" "$WORK/peer.inf" "$KAM_PID" 0)
echo "$KAM_OVL_LINE"
stop_group "$PEER_UAS_PID"
stop_group "$KAM_PID"

# (b) Switchboard
SB_BEST=
if [[ $PEER_ONLY != 1 ]]; then
  SB_CPU0=$(cpu_ticks "${SB_PID:-0}")
  echo "switchboard: SIPp UAC 127.0.0.1:$CARRIER_PORT (trunk pstn) -> Switchboard $SB_HOST:$SB_SIP_PORT (pid ${SB_PID:-?}) -> agent phone SIPp UAS 127.0.0.1:$AGENT_PORT as ${AG_USER[*]}, dialing ${AG_NUM[*]}"
  SB_GC_FROM=$(jvm_gc_mark "${SB_PID:-0}")
  search switchboard "$SB_HOST:$SB_SIP_PORT" "$CARRIER_PORT" "$WORK/dial.inf" "${SB_PID:-0}" "$AGENT_UAS_PID"
  SB_GC_LINE=$(jvm_gc_report switchboard "${SB_PID:-0}" "$SB_GC_FROM") && echo "$SB_GC_LINE"
  SB_BEST=$BEST SB_CPU_MS=$BEST_CPU_MS
  [[ -n $SB_PID ]] && print_cpu_total switchboard "$SB_PID" "$SB_CPU0"
  SB_OVL_LINE=$(overload switchboard "${SB_OVERLOAD_LIMIT:-$SB_BEST}" "$SB_HOST:$SB_SIP_PORT" "$CARRIER_PORT" "$WORK/dial.inf" "${SB_PID:-0}" 1)
  echo "$SB_OVL_LINE"
fi

echo
echo "== sip-cps summary (${SECONDS_PER_STEP} s steps, max $MAX_CPS cps, < 0.1 % failed) =="
echo "kamailio: $KAM_BEST cps (cpu $KAM_CPU_MS ms/call at that rate)"
if [[ -n $SB_BEST ]]; then
  echo "switchboard: $SB_BEST cps (cpu ${SB_CPU_MS} ms/call at that rate)"
  awk -v a="$SB_BEST" -v b="$KAM_BEST" 'BEGIN {printf "ratio switchboard/kamailio: %s\n", b ? sprintf("%.2f", a/b) : "n/a"}'
  [[ -n ${SB_GC_LINE:-} ]] && echo "$SB_GC_LINE"
  (( KAM_BEST >= MAX_CPS )) && echo "note: kamailio passed max_cps ($MAX_CPS), its limit is higher: the ratio overstates switchboard; raise max_cps"
else
  echo "switchboard: not measured (PEER_ONLY=1)"
fi
if (( OVERLOAD_SECONDS > 0 )); then
  [[ -n ${KAM_OVL_LINE:-} ]] && echo "$KAM_OVL_LINE"
  [[ -n ${SB_OVL_LINE:-} ]] && echo "$SB_OVL_LINE"
  KAM_PCT=$(sed -n 's/.*(\([0-9.]*\) % of the limit).*/\1/p' <<<"${KAM_OVL_LINE:-}")
  SB_PCT=$(sed -n 's/.*(\([0-9.]*\) % of the limit).*/\1/p' <<<"${SB_OVL_LINE:-}")
  [[ -n $SB_PCT && -n $KAM_PCT ]] &&
    awk -v a="$SB_PCT" -v b="$KAM_PCT" 'BEGIN {printf "ratio overload switchboard/kamailio (%% of own limit completed at 2x): %s\n", (b > 0) ? sprintf("%.2f", a/b) : "n/a"}'
fi
(( KAM_BEST > 0 )) || exit 1
