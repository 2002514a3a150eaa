#!/usr/bin/env bash
# N concurrent G.711 calls with RTP through Switchboard's media relay and, in the same run, through
# rtpengine and without any relay, so what each relay adds shows as a difference:
#   direct:      SIPp UAC ──SIP+RTP──> SIPp UAS (the phones), no relay
#   rtpengine:   SIPp UAC → Kamailio (rtpengine module: offer/answer/delete, record_route, t_relay)
#                → the same phones; RTP through rtpengine (Debian 10.5, userspace, --table=-1)
#   switchboard: SIPp UAC as the carrier on trunk `pstn` (127.0.0.1:5080) → Switchboard (B2BUA,
#                media anchored on UDP 20000-29999) → agents' phones, SIPp UAS registered (digest)
# Audio: every call sends G.711 µ-law, 50 packets/s (lib/rtpcount.py, from the call's own plain UDP
# port, once SIPp logs the answer: sipp/media-uac.xml; not SIPp's play_pcap_audio, whose raw
# socket per call made the kernel copy every UDP packet on the machine to each of them, a cost the
# relays paid per packet). The phones answer with an RTP port served by lib/rtpecho.py (an RTP echo with
# 4 MB socket buffers; SIPp's own -rtp_echo keeps the kernel's ~208 KB default and drops packets
# when its thread waits for CPU), so each packet comes back to the port it was sent from — a
# distinct port per call ([auto_media_port]) — where lib/rtpcount.py counts it and computes RFC 3550
# jitter. Through a relay every packet crosses it twice (to the phone and back): loss and jitter
# are round-trip figures, in every half. Drops inside the tools are reported apart.
# All calls hold together for <seconds>: calls are set up at MEDIA_RATE per second, each lasting
# <seconds> + the ramp time. Relay CPU (utime+stime from /proc of rtpengine's process, of the JVM)
# is taken over the steady window when all calls are up (ramp + 1 s … + seconds − 2 s): no call
# setup in it, so it is the cost of relaying; per forwarded packet = CPU / (calls · 100 packets/s ·
# window), since each call's relay forwards 50 packets/s each way.
#
# Usage: bench/media.sh [calls, default 1000] [seconds, default 30]
# Env:   PEER_ONLY=1         measure the peers only (no Switchboard needed)
#        RTPENGINE=0         skip the rtpengine half (default 1 when rtpengine and kamailio exist)
#        MEDIA_HEAP=1        JVM heap per active call: jcmd GC.run + GC.heap_info idle, and with all
#                            calls up at the end of the steady window (the full GC there disturbs
#                            the last seconds' jitter: use it on the largest run)
#        MEDIA_WARMUP=1      before the measured Switchboard half, the same calls for 4 s unmeasured, so the
#                            JIT has compiled call setup, relay and teardown (0: measure a cold JVM too)
#        MEDIA_RATE=50       call setup rate;  MEDIA_UAS=2  SIPp phone instances
#        SB_AGENTS=alice:alice-secret:+15550101,bob:bob-secret:+15550102  agents the phones register
#                            as; calls go to their numbers round-robin (see bench/README.md to
#                            create N agents when one agent may hold only one call)
#        SB_HOST/SB_SIP_PORT (127.0.0.1:5060), SB_REST (http://127.0.0.1:8181/api/v1, empty: skip)
#        SB_RTP_MIN=20000 SB_RTP_MAX=29999 (Switchboard's media range, as configured)
#        PHONE_PORT=15200 (peer phones), AGENT_PORT=15090 (agent phones), UAC_PORT=15250,
#        UAC_MP=10100 (RTP ports UAC_MP+4 … UAC_MP+4·calls, below the SIP ports 15000+)
#        KAM_PORT=15070 (Kamailio), RTPE_NG=15076 (rtpengine's ng control),
#        RTPE_MIN=40000 RTPE_MAX=49999 (rtpengine's RTP ports)
#        BENCH_KEEP=1        keep the temp dir (SIPp CSVs and logs, echo and counter JSON, configs)
set -uo pipefail
SB_AGENTS=${SB_AGENTS:-alice:alice-secret:+15550101,bob:bob-secret:+15550102}
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/jvm.sh"

CALLS=${1:-1000}
HOLD_TOGETHER=${2:-30}
PEER_ONLY=${PEER_ONLY:-0}
MEDIA_RATE=${MEDIA_RATE:-50}
MEDIA_UAS=${MEDIA_UAS:-2}
PHONE_PORT=${PHONE_PORT:-15200}
AGENT_PORT=${AGENT_PORT:-15090}
UAC_PORT=${UAC_PORT:-15250}
UAC_MP=${UAC_MP:-10100}
SB_RTP_MIN=${SB_RTP_MIN:-20000}
SB_RTP_MAX=${SB_RTP_MAX:-29999}
KAM_PORT=${KAM_PORT:-15070}
RTPE_NG=${RTPE_NG:-15076}
RTPE_MIN=${RTPE_MIN:-40000}
RTPE_MAX=${RTPE_MAX:-49999}
MEDIA_HEAP=${MEDIA_HEAP:-0}
MEDIA_WARMUP=${MEDIA_WARMUP:-1}
if [[ -z ${RTPENGINE:-} ]]; then
  RTPENGINE=1
  { command -v rtpengine && command -v kamailio; } >/dev/null || { RTPENGINE=0; note "rtpengine or kamailio missing (Debian: rtpengine, kamailio): no rtpengine half"; }
fi
[[ $CALLS =~ ^[0-9]+$ && $CALLS -ge 1 && $CALLS -le 2499 ]] || die "calls: 1 to 2499 (SIPp's auto_media_port wraps after 2,500)"
[[ $HOLD_TOGETHER =~ ^[0-9]+$ && $HOLD_TOGETHER -ge 4 && $HOLD_TOGETHER -le 600 ]] || die "seconds: 4 to 600"
[[ $MEDIA_RATE =~ ^[0-9]+$ && $MEDIA_RATE -ge 1 ]] || die "MEDIA_RATE must be a positive number"
(( UAC_MP + 4 * CALLS + 4 < 65536 )) || die "UAC_MP + 4·calls exceeds the port range"
(( UAC_MP + 4 * CALLS + 4 < SB_RTP_MIN || UAC_MP > SB_RTP_MAX )) || die "UAC_MP range overlaps Switchboard's RTP range $SB_RTP_MIN-$SB_RTP_MAX"
(( UAC_MP + 4 * CALLS + 4 < RTPE_MIN || UAC_MP > RTPE_MAX )) || die "UAC_MP range overlaps rtpengine's RTP range $RTPE_MIN-$RTPE_MAX"
(( UAC_MP >= 15000 || UAC_MP + 4 * CALLS + 4 < 15000 )) || die "UAC_MP + 4·calls reaches the SIP ports (15000 up): at most $(( (15000 - UAC_MP - 8) / 4 )) calls with UAC_MP=$UAC_MP, or set UAC_MP (e.g. 30000; ports from 32768 are the kernel's ephemeral ones)"
(( 4 * CALLS <= RTPE_MAX - RTPE_MIN + 1 )) || die "rtpengine's range $RTPE_MIN-$RTPE_MAX is too small for $CALLS calls (4 ports each)"

# timing <seconds together>: the call timing of one half
timing() {
  HOLD_TOGETHER=$1
  RAMP=$(( (CALLS + MEDIA_RATE - 1) / MEDIA_RATE ))
  HOLD=$(( HOLD_TOGETHER + RAMP ))          # seconds each call lasts = its audio's length
  PAUSE_MS=$(( HOLD * 1000 + 300 ))         # BYE once the last echo is back
  RUN_LIMIT=$(( RAMP + HOLD + 40 ))         # outer bound of one half
  PKTS=$(( HOLD * 50 ))
}

if [[ $PEER_ONLY != 1 ]]; then
  sb_check_options
fi
parse_agents

timing "$HOLD_TOGETHER"

# run_half <label> <target host> <target port> <uac port> <injection file> <cpu pid or 0> <phone pids...>
# Sets H_* results.
run_half() {
  local label=$1 host=$2 port=$3 uac_port=$4 inf=$5 cpu_pid=$6; shift 6
  local dir=$WORK/$label-uac edir=$WORK/$label-echo echo_ports=() p i t cpu0 cpu1 t0 t1 rc phones_cpu0=0 phones_cpu1=0
  mkdir -p "$dir" "$edir"
  for p in "$@"; do t=$(cpu_ticks "$p"); phones_cpu0=$(( phones_cpu0 + ${t:-0} )); done
  for i in "${!H_PHONE_PORTS[@]}"; do echo_ports+=("$(echo_port_for "${H_PHONE_PORTS[i]}")"); done
  require_free_udp "${echo_ports[@]}"
  spawn "$edir/echo.log" python3 "$BENCH_DIR/lib/rtpecho.py" --own-ssrc --ports "${echo_ports[@]}" \
    --seconds "$RUN_LIMIT" --out "$edir/summary.json" --ready "$edir/ready"
  local echo_pid=$SPAWNED_PID
  # every call's jitter is also taken at the end of the steady window (before the first call ends and
  # before MEDIA_HEAP's full GC): the end-of-call figure weighs the last packets, sent during teardown
  caller_audio "$dir" "$CALLS" "$PKTS" "$RUN_LIMIT" --steady-end "$(awk -v r="$RAMP" -v h="$HOLD_TOGETHER" 'BEGIN {print r + h - 1.5}')"
  local counter=$AUDIO_PID
  for _ in $(seq 100); do [[ -e $edir/ready ]] && break; sleep 0.1; done
  [[ -e $edir/ready ]] || die "the RTP echo did not start: $(tail -n 3 "$edir/echo.log")"
  sipp_files "$dir"
  cpu0=$(cpu_ticks "$cpu_pid")
  local uac0 uac1
  children_cpu; uac0=$CHILDREN_TICKS
  # steady window: all calls up, no call setup; the relay's CPU there is the cost of relaying
  local sampler=
  if (( cpu_pid > 0 )); then
    ( sleep "$(( RAMP + 1 ))"
      a=$(cpu_ticks "$cpu_pid"); ta=$(now_ms)
      sleep "$(( HOLD_TOGETHER - 2 ))"
      b=$(cpu_ticks "$cpu_pid"); tb=$(now_ms)
      echo "$a $b $ta $tb" >"$dir/window"
      if [[ $MEDIA_HEAP == 1 && $label == switchboard ]]; then jvm_heap_after_gc "$cpu_pid" >"$dir/heap"; fi
    ) &
    sampler=$!
  fi
  t0=$(now_ms)
  SPAWN_CWD=$dir run_bounded "$RUN_LIMIT" "$dir/sipp.log" sipp "$host:$port" -sf "$SIPP_DIR/media-uac.xml" \
    -inf "$inf" -p "$uac_port" -cp $(( uac_port + 1 )) -mp "$UAC_MP" -m "$CALLS" -l "$CALLS" -r "$MEDIA_RATE" -d "$PAUSE_MS" \
    -recv_timeout 10000 -default_behaviors all,-abortunexp "${AUDIO_SIPP[@]}" "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  rc=$?
  t1=$(now_ms)
  children_cpu; uac1=$CHILDREN_TICKS
  cpu1=$(cpu_ticks "$cpu_pid")
  for p in "$@"; do t=$(cpu_ticks "$p"); phones_cpu1=$(( phones_cpu1 + ${t:-0} )); done
  [[ -n $sampler ]] && wait "$sampler"
  H_WIN_CPU_S=nan H_WIN_S=nan H_US_PER_PKT=nan H_MS_PER_CALL_S=nan H_CORE_PCT=nan H_HEAP_KB=
  if [[ -s $dir/window ]]; then
    read -r H_WIN_CPU_S H_WIN_S H_US_PER_PKT H_MS_PER_CALL_S H_CORE_PCT < <(awk -v hz="$CLK_TCK" -v calls="$(stat_col "$dir/stat.csv" 'CurrentCall' max)" '
      { cpu = ($2 - $1) / hz; w = ($4 - $3) / 1000
        pkts = calls * 100 * w
        printf "%.2f %.1f %.2f %.3f %.1f\n", cpu, w, pkts ? cpu / pkts * 1e6 : 0, calls ? cpu / w / calls * 1000 : 0, cpu / w * 100 }' "$dir/window")
  fi
  [[ -s $dir/heap ]] && H_HEAP_KB=$(<"$dir/heap")
  sleep 0.5
  stop_group "$counter"
  stop_group "$echo_pid"
  [[ -s $dir/audio.json ]] || die "the RTP counter wrote no summary: $(tail -n 3 "$dir/audio.log")"
  [[ -s $edir/summary.json ]] || die "the RTP echo wrote no summary: $(tail -n 3 "$edir/echo.log")"
  H_OK=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  H_PEAK=$(stat_col "$dir/stat.csv" 'CurrentCall' max)
  H_RC=$rc
  H_WALL_S=$(awk -v w=$(( t1 - t0 )) 'BEGIN {printf "%.1f", w/1000}')
  H_CPU_S=$(ticks_to_s $(( cpu1 - cpu0 )))
  H_PHONES_CPU_S=$(ticks_to_s $(( phones_cpu1 - phones_cpu0 )))
  H_UAC_CPU_S=$(ticks_to_s $(( uac1 - uac0 )))
  H_JSON=$dir/audio.json
  read -r H_MEDIA_CALLS H_UNIQUE H_DUPS H_J_MEAN H_J_P99 H_J_MAX H_SRC_MIN H_SRC_MAX H_SRC_N H_CNT_DROPS H_CNT_CPU H_ECHOED H_ECHO_DROPS H_ECHO_CPU H_JS_MEAN H_JS_P99 H_MISS H_SENT H_SEND_FAIL < <(
    python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
e = json.load(open(sys.argv[2]))
f = lambda v: "nan" if v is None else "%.3f" % v
print(s["calls_with_media"], s["packets_unique"], s["duplicates"], f(s["jitter_ms_mean"]), f(s["jitter_ms_p99"]),
      f(s["jitter_ms_max"]), s["source_ports_min"], s["source_ports_max"], s["source_ports_distinct"],
      s["counter_socket_drops"], s["counter_cpu_s"], e["echoed"], e["socket_drops"] + e["send_failures"], e["cpu_s"],
      f(s.get("jitter_steady_ms_mean")), f(s.get("jitter_steady_ms_p99")),
      "%s/%s/%s" % (s["calls_short"], s["missing_inside"], s["missing_at_edges"]), s["packets_sent"], s["send_failures"])' \
      "$H_JSON" "$edir/summary.json")
  H_EXPECTED=$(( H_OK * PKTS ))
  H_LOSS=$(awk -v e="$H_EXPECTED" -v u="$H_UNIQUE" 'BEGIN {l = e ? (e - u) / e * 100 : 100; if (l < 0) l = 0; printf "%.3f", l}')
  printf '  %-11s %d/%d calls held (peak %d up), %d with media; RTP %d of %d back (loss %s %%), %d dups; jitter mean %s ms, p99 %s ms, max %s ms; %s s; sipp exit %d\n' \
    "$label" "$H_OK" "$CALLS" "$H_PEAK" "$H_MEDIA_CALLS" "$H_UNIQUE" "$H_EXPECTED" "$H_LOSS" "$H_DUPS" "$H_J_MEAN" "$H_J_P99" "$H_J_MAX" "$H_WALL_S" "$H_RC"
  printf '  %-11s jitter at the end of the steady window (all calls up, none ending): mean %s ms, p99 %s ms; calls short of packets / packets missing inside a call / at its start or end: %s\n' \
    "" "$H_JS_MEAN" "$H_JS_P99" "$H_MISS"
  printf '  %-11s tools: sipp uac cpu %s s, sipp phones cpu %s s, echo cpu %s s (%s packets echoed, %s dropped), caller audio and counter cpu %s s (%s packets sent, %s send failures, %s dropped); echoes came from ports %s-%s (%s ports)\n' \
    "" "$H_UAC_CPU_S" "$H_PHONES_CPU_S" "$H_ECHO_CPU" "$H_ECHOED" "$H_ECHO_DROPS" "$H_CNT_CPU" "$H_SENT" "$H_SEND_FAIL" "$H_CNT_DROPS" "$H_SRC_MIN" "$H_SRC_MAX" "$H_SRC_N"
  (( cpu_pid > 0 )) && printf '  %-11s relay cpu (pid %s) with all calls up: %s s over %s s = %s %% of one core; %s us per forwarded packet; %s ms per call-second; whole run %s s\n' \
    "" "$cpu_pid" "$H_WIN_CPU_S" "$H_WIN_S" "$H_CORE_PCT" "$H_US_PER_PKT" "$H_MS_PER_CALL_S" "$H_CPU_S"
  (( H_CNT_DROPS + H_ECHO_DROPS + H_SEND_FAIL > 0 )) && note "  warning: the measuring tools themselves dropped or could not send packets: loss is overstated"
  return 0
}

# start_rtpengine: rtpengine (userspace) and Kamailio driving it → RTPE_PID, KAMR_PID
start_rtpengine() {
  require_free_udp "$KAM_PORT" "$RTPE_NG"
  mkdir -p "$WORK/rtpengine" "$WORK/kamailio"
  spawn "$WORK/rtpengine/rtpengine.log" rtpengine --config-file=none --foreground --log-stderr --log-level=4 \
    --table=-1 --interface=127.0.0.1 --listen-ng="127.0.0.1:$RTPE_NG" --port-min="$RTPE_MIN" --port-max="$RTPE_MAX" \
    --delete-delay=0
  RTPE_PID=$SPAWNED_PID
  for _ in $(seq 50); do udp_port_busy "$RTPE_NG" && break; group_alive "$RTPE_PID" || break; sleep 0.1; done
  udp_port_busy "$RTPE_NG" || die "rtpengine did not start: $(tail -n 5 "$WORK/rtpengine/rtpengine.log")"
  cat >"$WORK/kamailio/kamailio.cfg" <<KAMEOF
#!KAMAILIO
# Stateful proxy with media through rtpengine for the media peer run; the dialed user is the
# port of the SIPp phone to reach on 127.0.0.1.
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
loadmodule "xlog.so"
loadmodule "rtpengine.so"
modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:$RTPE_NG")
# a busy machine delays rtpengine's answers: wait for them rather than disable it for a minute
modparam("rtpengine", "rtpengine_tout_ms", 5000)
modparam("rtpengine", "rtpengine_retr", 2)
modparam("rtpengine", "rtpengine_disable_tout", 1)

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }
    if (has_totag()) {
        if (loose_route()) {
            if (is_method("BYE")) {
                rtpengine_delete();
            }
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
            rtpengine_delete();
            t_relay();
        }
        exit;
    }
    t_check_trans();
    if (is_method("INVITE")) {
        record_route();
        # a call whose media rtpengine did not take fails, rather than bypass the relay
        if (!has_body("application/sdp") || !rtpengine_offer("replace-origin replace-session-connection")) {
            sl_send_reply("503", "rtpengine offer failed");
            exit;
        }
        t_on_reply("MEDIA_REPLY");
    }
    \$du = "sip:127.0.0.1:" + \$rU;
    if (!t_relay()) {
        sl_reply_error();
    }
}

onreply_route[MEDIA_REPLY] {
    if (has_body("application/sdp") && !rtpengine_answer("replace-origin replace-session-connection")) {
        xlog("L_WARN", "rtpengine answer failed for \$ci\n");
    }
}
KAMEOF
  kamailio -c -f "$WORK/kamailio/kamailio.cfg" >"$WORK/kamailio/check.log" 2>&1 ||
    die "kamailio rejects its config: $(tail -n 5 "$WORK/kamailio/check.log")"
  spawn "$WORK/kamailio/kamailio.log" kamailio -DD -E -f "$WORK/kamailio/kamailio.cfg" -x tlsf -m 256 -M 16 \
    -Y "$WORK/kamailio" -P "$WORK/kamailio/kamailio.pid"
  KAMR_PID=$SPAWNED_PID
  for _ in $(seq 50); do udp_port_busy "$KAM_PORT" && break; group_alive "$KAMR_PID" || break; sleep 0.1; done
  udp_port_busy "$KAM_PORT" || die "kamailio did not start: $(tail -n 5 "$WORK/kamailio/kamailio.log")"
}

# start_phones <first SIP port> <count> [rtp echo] → H_PHONE_PORTS, H_PHONE_PIDS
start_phones() {
  local first=$1 count=$2 i port dir
  H_PHONE_PORTS=() H_PHONE_PIDS=()
  for (( i = 0; i < count; i++ )); do
    port=$(( first + 2 * i ))
    require_free_udp "$port" "$(media_port_for "$port")"
    dir=$WORK/phone-$port
    mkdir -p "$dir"
    sipp_files "$dir"
    spawn "$dir/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$port" -cp $(( port + 1 )) -mp "$(media_port_for "$port")" \
      -key rtp_port "$(echo_port_for "$port")" -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
    H_PHONE_PORTS+=("$port") H_PHONE_PIDS+=("$SPAWNED_PID")
  done
  for port in "${H_PHONE_PORTS[@]}"; do
    for _ in $(seq 50); do udp_port_busy "$port" && break; sleep 0.1; done
  done
}

echo "media: $CALLS calls holding together for ${HOLD_TOGETHER} s (set up at $MEDIA_RATE/s, each call ${HOLD} s, $PKTS RTP packets of G.711 each way), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Phones per half: K SIPp instances, the same number in both halves (each Switchboard agent's phone
# is one of them, so no more than there are agents).
K=$(( MEDIA_UAS < ${#AG_USER[@]} ? MEDIA_UAS : ${#AG_USER[@]} ))
(( PEER_ONLY == 1 )) && K=$MEDIA_UAS

# ---- Switchboard's side first: agents' phones registered and one test call, so a Switchboard that
# cannot take the calls stops the run before the peer's half.
if [[ $PEER_ONLY != 1 ]]; then
  SB_PID=${SB_PID:-$(udp_port_pid "$SB_SIP_PORT")}
  [[ -n $SB_PID ]] || note "warning: cannot see which process owns UDP $SB_SIP_PORT: no Switchboard CPU figures (set SB_PID)"
  require_free_udp "$CARRIER_PORT"
  # agent i's phone is SIPp instance i mod K; each instance registers its agents from its own port
  for (( k = 0; k < K; k++ )); do
    port=$(( AGENT_PORT + 2 * k ))
    require_free_udp "$port"
    { echo SEQUENTIAL; for i in "${!AG_USER[@]}"; do (( i % K == k )) && echo "${AG_USER[i]};${AG_PASS[i]};$SB_DOMAIN"; done; } >"$WORK/agents-$port.inf"
    sb_register 3600 "$port" "$WORK/agents-$port.inf"
    CLEANUP_HOOKS+=("sb_register 0 $port $WORK/agents-$port.inf >/dev/null 2>&1")
  done
  sb_presence_available
  start_phones "$AGENT_PORT" "$K"
  # the phones must stop before the unregistration hooks send from their ports
  CLEANUP_HOOKS=("for p in ${H_PHONE_PIDS[*]}; do stop_group \$p; done" "${CLEANUP_HOOKS[@]}")
  { echo SEQUENTIAL; for i in "${!AG_NUM[@]}"; do echo "${AG_NUM[i]};$SB_HOST;$SB_SIP_PORT"; done; } >"$WORK/sb.inf"
  { echo SEQUENTIAL; echo "${AG_NUM[0]}"; } >"$WORK/probe.inf"
  sb_probe_call "$WORK/probe.inf"
  SB_PHONE_PORTS=("${H_PHONE_PORTS[@]}") SB_PHONE_PIDS=("${H_PHONE_PIDS[@]}")
fi

# ---- peers: UAC → phones directly, then UAC → Kamailio + rtpengine → the same phones ----------
require_free_udp "$UAC_PORT"
start_phones "$PHONE_PORT" "$K"
{ echo SEQUENTIAL; for i in "${!H_PHONE_PORTS[@]}"; do echo "bench;127.0.0.1;${H_PHONE_PORTS[i]}"; done; } >"$WORK/peer.inf"
echo "peer: SIPp UAC 127.0.0.1:$UAC_PORT -> $K SIPp phones (RTP echo) at 127.0.0.1:${H_PHONE_PORTS[*]}, no relay"
run_half direct 127.0.0.1 "${H_PHONE_PORTS[0]}" "$UAC_PORT" "$WORK/peer.inf" 0 "${H_PHONE_PIDS[@]}"
P_OK=$H_OK P_LOSS=$H_LOSS P_J_MEAN=$H_J_MEAN P_J_P99=$H_J_P99 P_PEAK=$H_PEAK P_JS_P99=$H_JS_P99
if (( RTPENGINE == 1 )); then
  start_rtpengine
  # the dialed user is the phone's SIP port: Kamailio relays there
  { echo SEQUENTIAL; for i in "${!H_PHONE_PORTS[@]}"; do echo "${H_PHONE_PORTS[i]};127.0.0.1;$KAM_PORT"; done; } >"$WORK/rtpe.inf"
  echo "rtpengine: SIPp UAC 127.0.0.1:$UAC_PORT -> kamailio 127.0.0.1:$KAM_PORT (pid $KAMR_PID) + rtpengine $(rtpengine --version 2>&1 | awk '{print $2}') userspace (pid $RTPE_PID, ports $RTPE_MIN-$RTPE_MAX) -> the same $K phones"
  kam_cpu0=$(cpu_ticks "$KAMR_PID")
  run_half rtpengine 127.0.0.1 "$KAM_PORT" "$UAC_PORT" "$WORK/rtpe.inf" "$RTPE_PID" "${H_PHONE_PIDS[@]}"
  R_OK=$H_OK R_LOSS=$H_LOSS R_J_MEAN=$H_J_MEAN R_J_P99=$H_J_P99 R_PEAK=$H_PEAK R_JS_P99=$H_JS_P99 R_US=$H_US_PER_PKT R_MSCALL=$H_MS_PER_CALL_S R_PCT=$H_CORE_PCT
  echo "  kamailio (SIP only) cpu over the run: $(ticks_to_s $(( $(cpu_ticks "$KAMR_PID") - kam_cpu0 ))) s"
  if [[ $H_SRC_MIN == None ]] || (( H_SRC_MIN < RTPE_MIN || H_SRC_MAX > RTPE_MAX )); then
    note "warning: RTP came back from ports $H_SRC_MIN-$H_SRC_MAX, not from rtpengine's $RTPE_MIN-$RTPE_MAX: media did not go through rtpengine"
    R_US=nan
  fi
  stop_group "$KAMR_PID"
  stop_group "$RTPE_PID"
fi
for p in "${H_PHONE_PIDS[@]}"; do stop_group "$p"; done

# ---- Switchboard: carrier UAC → Switchboard → registered agent phones -------------------------
if [[ $PEER_ONLY != 1 ]]; then
  H_PHONE_PORTS=("${SB_PHONE_PORTS[@]}") H_PHONE_PIDS=("${SB_PHONE_PIDS[@]}")
  HEAP_IDLE_KB=
  if [[ $MEDIA_HEAP == 1 && -n ${SB_PID:-} ]]; then HEAP_IDLE_KB=$(jvm_heap_after_gc "$SB_PID"); sleep 2; fi
  if [[ $MEDIA_WARMUP == 1 ]]; then
    # a fresh JVM compiles call setup, relay and teardown during its first calls: C2 then takes a
    # core of two while the calls run (measured: added jitter p99 +4.3 ms cold, -0.8 ms warm)
    SAVED_HOLD=$HOLD_TOGETHER; timing 4
    echo "switchboard warm-up: the same $CALLS calls for 4 s (not counted)"
    run_half warm-up "$SB_HOST" "$SB_SIP_PORT" "$CARRIER_PORT" "$WORK/sb.inf" 0 "${H_PHONE_PIDS[@]}"
    timing "$SAVED_HOLD"; sleep 2
  fi
  echo "switchboard: SIPp UAC 127.0.0.1:$CARRIER_PORT (trunk pstn) -> Switchboard $SB_HOST:$SB_SIP_PORT (pid ${SB_PID:-?}) -> $K SIPp phones (RTP echo) at 127.0.0.1:${H_PHONE_PORTS[*]} registered as ${AG_USER[*]}"
  run_half switchboard "$SB_HOST" "$SB_SIP_PORT" "$CARRIER_PORT" "$WORK/sb.inf" "${SB_PID:-0}" "${H_PHONE_PIDS[@]}"
  S_OK=$H_OK S_LOSS=$H_LOSS S_J_MEAN=$H_J_MEAN S_J_P99=$H_J_P99 S_PEAK=$H_PEAK S_JS_P99=$H_JS_P99 S_CPU=$H_CPU_S S_WALL=$H_WALL_S
  S_US=$H_US_PER_PKT S_MSCALL=$H_MS_PER_CALL_S S_PCT=$H_CORE_PCT S_HEAP_KB=$H_HEAP_KB
  ANCHORED=1
  for p in "${H_PHONE_PORTS[@]}"; do
    e=$(echo_port_for "$p")
    if [[ $H_SRC_MIN != None ]] && (( H_SRC_MIN <= e && e <= H_SRC_MAX )); then ANCHORED=0; fi
  done
  if [[ $H_SRC_MIN == None ]]; then
    note "warning: no RTP came back through Switchboard"
  elif (( ANCHORED == 0 )); then
    note "warning: the echo came straight from the phones' port, not through Switchboard's relay ($SB_RTP_MIN-$SB_RTP_MAX): media was not anchored"
  elif (( H_SRC_MIN < SB_RTP_MIN || H_SRC_MAX > SB_RTP_MAX )); then
    note "warning: RTP came back from ports $H_SRC_MIN-$H_SRC_MAX, outside Switchboard's range $SB_RTP_MIN-$SB_RTP_MAX"
  fi
fi

# relay_line <label> <ok> <peak> <loss> <jitter mean> <jitter p99> <us/pkt> <ms per call-s> <% core> <steady jitter p99>
relay_line() {
  awk -v l="$1" -v ok="$2" -v pk="$3" -v loss="$4" -v jm="$5" -v jp="$6" -v us="$7" -v ms="$8" -v pct="$9" -v js="${10}" \
      -v pjm="$P_J_MEAN" -v pjp="$P_J_P99" -v pjs="$P_JS_P99" -v ploss="$P_LOSS" -v calls="$CALLS" 'BEGIN {
    printf "%s: %d calls held (peak %d), loss %s %% (added %.3f points), jitter mean %s ms, p99 %s ms (added p99 %.3f ms), steady-window p99 %s ms (added %.3f ms)", l, ok, pk, loss, loss - ploss, jm, jp, jp - pjp, js, js - pjs
    if (us != "nan" && us != "") printf "; relay cpu %s us per forwarded packet, %s ms per call-second, %s %% of one core at %d calls -> 1,000 calls: %.0f %% of one core", us, ms, pct, pk, ms * 1000 / 10
    printf "\n" }'
}

echo
echo "== media summary ($CALLS calls together for ${HOLD_TOGETHER} s, G.711 round trip through an RTP echo; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) =="
echo "direct (no relay): $P_OK calls held (peak $P_PEAK), loss $P_LOSS %, jitter mean $P_J_MEAN ms, p99 $P_J_P99 ms, steady-window p99 $P_JS_P99 ms"
if (( RTPENGINE == 1 )); then
  relay_line rtpengine "$R_OK" "$R_PEAK" "$R_LOSS" "$R_J_MEAN" "$R_J_P99" "$R_US" "$R_MSCALL" "$R_PCT" "$R_JS_P99"
fi
if [[ $PEER_ONLY != 1 ]]; then
  relay_line switchboard "$S_OK" "$S_PEAK" "$S_LOSS" "$S_J_MEAN" "$S_J_P99" "$S_US" "$S_MSCALL" "$S_PCT" "$S_JS_P99"
  echo "switchboard JVM cpu over the whole run (pid ${SB_PID:-?}, call setup included): $S_CPU s over $S_WALL s = $(awk -v c="$S_CPU" -v w="$S_WALL" 'BEGIN {printf "%.0f", w ? c/w*100 : 0}') % of one core"
  if [[ -n ${S_HEAP_KB:-} && -n ${HEAP_IDLE_KB:-} ]]; then
    awk -v up="$S_HEAP_KB" -v idle="$HEAP_IDLE_KB" -v n="$S_PEAK" 'BEGIN {printf "switchboard heap after full GC: idle %d KB, %d calls up %d KB -> %.1f KB per active call\n", idle, n, up, n ? (up - idle) / n : 0}'
  fi
  awk -v a="$S_OK" -v b="$P_OK" 'BEGIN {printf "ratio calls held switchboard/direct: %s\n", b ? sprintf("%.2f", a/b) : "n/a"}'
  if (( RTPENGINE == 1 )); then
    awk -v a="$S_US" -v b="$R_US" 'BEGIN {printf "ratio cpu per forwarded packet switchboard/rtpengine: %s\n", (a != "nan" && b != "nan" && b > 0) ? sprintf("%.2f", a/b) : "n/a"}'
    awk -v a="$S_OK" -v b="$R_OK" 'BEGIN {printf "ratio calls held switchboard/rtpengine: %s\n", b ? sprintf("%.2f", a/b) : "n/a"}'
  fi
  if (( ANCHORED == 0 )) || [[ $H_SRC_MIN == None ]]; then
    echo "target ($CALLS calls, 0 loss, through the relay): not met (media did not go through Switchboard's relay)"
  elif (( S_OK == CALLS )) && awk -v l="$S_LOSS" 'BEGIN {exit !(l == 0)}'; then
    echo "target ($CALLS calls, 0 loss, through the relay): met"
  else
    echo "target ($CALLS calls, 0 loss, through the relay): not met"
  fi
else
  echo "switchboard: not measured (PEER_ONLY=1)"
fi
(( P_OK > 0 )) || exit 1
