#!/usr/bin/env bash
# N concurrent G.711 calls with RTP, through Switchboard's media relay and, in the same run, without
# any relay (the peer), so what the relay adds shows as a difference:
#   peer:        SIPp UAC ──SIP+RTP──> SIPp UAS (the phones) directly
#   switchboard: SIPp UAC as the carrier on trunk `pstn` (127.0.0.1:5080) → Switchboard (B2BUA,
#                media anchored on UDP 20000-20999) → agents' phones, SIPp UAS registered (digest)
# Audio: every call plays a G.711 µ-law pcap (generated at run time, 50 packets/s) with SIPp's
# play_pcap_audio. The phones answer with an RTP port served by lib/rtpecho.py (an RTP echo with
# 4 MB socket buffers; SIPp's own -rtp_echo keeps the kernel's ~208 KB default and drops packets
# when its thread waits for CPU), so each packet comes back to the port it was sent from — a
# distinct port per call ([auto_media_port]) — where lib/rtpcount.py counts it and computes RFC 3550
# jitter. Through Switchboard every packet crosses the relay twice (to the phone and back): loss
# and jitter are round-trip figures, in both halves. Drops inside the tools are reported apart.
# All calls hold together for <seconds>: calls are set up at MEDIA_RATE per second, each lasting
# <seconds> + the ramp time.
#
# Usage: bench/media.sh [calls, default 1000] [seconds, default 30]
# Env:   PEER_ONLY=1         measure the direct peer only (no Switchboard needed)
#        MEDIA_RATE=50       call setup rate;  MEDIA_UAS=2  SIPp phone instances
#        SB_AGENTS=alice:alice-secret:+15550101,bob:bob-secret:+15550102  agents the phones register
#                            as; calls go to their numbers round-robin (see bench/README.md to
#                            create N agents when one agent may hold only one call)
#        SB_HOST/SB_SIP_PORT (127.0.0.1:5060), SB_REST (http://127.0.0.1:8181/api/v1, empty: skip)
#        PHONE_PORT=15200 (peer phones), AGENT_PORT=15090 (agent phones), UAC_PORT=15250,
#        UAC_MP=22000 (RTP ports UAC_MP+4 … UAC_MP+4·calls)
#        BENCH_KEEP=1        keep the temp dir (pcap, SIPp CSVs, echo and counter JSON)
# Needs root (or CAP_NET_RAW): SIPp plays pcaps through a raw socket.
set -uo pipefail
SB_AGENTS=${SB_AGENTS:-alice:alice-secret:+15550101,bob:bob-secret:+15550102}
source "$(dirname "$0")/lib/common.sh"

CALLS=${1:-1000}
HOLD_TOGETHER=${2:-30}
PEER_ONLY=${PEER_ONLY:-0}
MEDIA_RATE=${MEDIA_RATE:-50}
MEDIA_UAS=${MEDIA_UAS:-2}
PHONE_PORT=${PHONE_PORT:-15200}
AGENT_PORT=${AGENT_PORT:-15090}
UAC_PORT=${UAC_PORT:-15250}
UAC_MP=${UAC_MP:-22000}
[[ $CALLS =~ ^[0-9]+$ && $CALLS -ge 1 && $CALLS -le 2499 ]] || die "calls: 1 to 2499 (SIPp's auto_media_port wraps after 2,500)"
[[ $HOLD_TOGETHER =~ ^[0-9]+$ && $HOLD_TOGETHER -ge 1 && $HOLD_TOGETHER -le 600 ]] || die "seconds: 1 to 600"
[[ $MEDIA_RATE =~ ^[0-9]+$ && $MEDIA_RATE -ge 1 ]] || die "MEDIA_RATE must be a positive number"
(( UAC_MP + 4 * CALLS + 4 < 65536 )) || die "UAC_MP + 4·calls exceeds the port range"
(( UAC_MP + 4 * CALLS < 20000 || UAC_MP > 20999 )) || die "UAC_MP range overlaps Switchboard's RTP range 20000-20999"
[[ $(id -u) == 0 ]] || note "warning: SIPp's play_pcap_audio sends through a raw socket: it needs root (or CAP_NET_RAW)"

RAMP=$(( (CALLS + MEDIA_RATE - 1) / MEDIA_RATE ))
HOLD=$(( HOLD_TOGETHER + RAMP ))          # seconds each call lasts = pcap length
PAUSE_MS=$(( HOLD * 1000 + 300 ))         # BYE once the last echo is back
RUN_LIMIT=$(( RAMP + HOLD + 40 ))         # outer bound of one half

if [[ $PEER_ONLY != 1 ]]; then
  sb_check_options
fi
parse_agents

python3 "$BENCH_DIR/lib/g711pcap.py" "$WORK/g711u.pcap" "$HOLD" >/dev/null || die "could not write the pcap"
PKTS=$(( HOLD * 50 ))

# run_half <label> <target host> <target port> <uac port> <injection file> <cpu pid or 0> <phone pids...>
# Sets H_* results.
run_half() {
  local label=$1 host=$2 port=$3 uac_port=$4 inf=$5 cpu_pid=$6; shift 6
  local dir=$WORK/$label-uac cdir=$WORK/$label-counter edir=$WORK/$label-echo echo_ports=() p i cpu0 cpu1 t0 t1 rc phones_cpu0=0 phones_cpu1=0
  mkdir -p "$dir" "$cdir" "$edir"
  for p in "$@"; do phones_cpu0=$(( phones_cpu0 + $(cpu_ticks "$p") )); done
  for i in "${!H_PHONE_PORTS[@]}"; do echo_ports+=("$(echo_port_for "${H_PHONE_PORTS[i]}")"); done
  require_free_udp "${echo_ports[@]}"
  spawn "$edir/echo.log" python3 "$BENCH_DIR/lib/rtpecho.py" --ports "${echo_ports[@]}" \
    --seconds "$RUN_LIMIT" --out "$edir/summary.json" --ready "$edir/ready"
  local echo_pid=$SPAWNED_PID
  spawn "$cdir/counter.log" python3 "$BENCH_DIR/lib/rtpcount.py" --base "$UAC_MP" --calls "$CALLS" \
    --seconds "$RUN_LIMIT" --out "$cdir/summary.json" --ready "$cdir/ready"
  local counter=$SPAWNED_PID
  for _ in $(seq 100); do [[ -e $cdir/ready && -e $edir/ready ]] && break; sleep 0.1; done
  [[ -e $cdir/ready ]] || die "the RTP counter did not start: $(tail -n 3 "$cdir/counter.log")"
  [[ -e $edir/ready ]] || die "the RTP echo did not start: $(tail -n 3 "$edir/echo.log")"
  cp "$WORK/g711u.pcap" "$dir/"
  sipp_files "$dir"
  cpu0=$(cpu_ticks "$cpu_pid")
  local uac0 uac1
  children_cpu; uac0=$CHILDREN_TICKS
  t0=$(now_ms)
  SPAWN_CWD=$dir run_bounded "$RUN_LIMIT" "$dir/sipp.log" sipp "$host:$port" -sf "$SIPP_DIR/media-uac.xml" \
    -inf "$inf" -p "$uac_port" -cp $(( uac_port + 1 )) -mp "$UAC_MP" -m "$CALLS" -l "$CALLS" -r "$MEDIA_RATE" -d "$PAUSE_MS" \
    -recv_timeout 10000 -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  rc=$?
  t1=$(now_ms)
  children_cpu; uac1=$CHILDREN_TICKS
  cpu1=$(cpu_ticks "$cpu_pid")
  for p in "$@"; do phones_cpu1=$(( phones_cpu1 + $(cpu_ticks "$p") )); done
  sleep 0.5
  stop_group "$counter"
  stop_group "$echo_pid"
  [[ -s $cdir/summary.json ]] || die "the RTP counter wrote no summary: $(tail -n 3 "$cdir/counter.log")"
  [[ -s $edir/summary.json ]] || die "the RTP echo wrote no summary: $(tail -n 3 "$edir/echo.log")"
  H_OK=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  H_PEAK=$(stat_col "$dir/stat.csv" 'CurrentCall' max)
  H_RC=$rc
  H_WALL_S=$(awk -v w=$(( t1 - t0 )) 'BEGIN {printf "%.1f", w/1000}')
  H_CPU_S=$(ticks_to_s $(( cpu1 - cpu0 )))
  H_PHONES_CPU_S=$(ticks_to_s $(( phones_cpu1 - phones_cpu0 )))
  H_UAC_CPU_S=$(ticks_to_s $(( uac1 - uac0 )))
  H_JSON=$cdir/summary.json
  read -r H_MEDIA_CALLS H_UNIQUE H_DUPS H_J_MEAN H_J_P99 H_J_MAX H_SRC_MIN H_SRC_MAX H_SRC_N H_CNT_DROPS H_CNT_CPU H_ECHOED H_ECHO_DROPS H_ECHO_CPU < <(
    python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
e = json.load(open(sys.argv[2]))
f = lambda v: "nan" if v is None else "%.3f" % v
print(s["calls_with_media"], s["packets_unique"], s["duplicates"], f(s["jitter_ms_mean"]), f(s["jitter_ms_p99"]),
      f(s["jitter_ms_max"]), s["source_ports_min"], s["source_ports_max"], s["source_ports_distinct"],
      s["counter_socket_drops"], s["counter_cpu_s"], e["echoed"], e["socket_drops"] + e["send_failures"], e["cpu_s"])' \
      "$H_JSON" "$edir/summary.json")
  H_EXPECTED=$(( H_OK * PKTS ))
  H_LOSS=$(awk -v e="$H_EXPECTED" -v u="$H_UNIQUE" 'BEGIN {l = e ? (e - u) / e * 100 : 100; if (l < 0) l = 0; printf "%.3f", l}')
  printf '  %-11s %d/%d calls held (peak %d up), %d with media; RTP %d of %d back (loss %s %%), %d dups; jitter mean %s ms, p99 %s ms, max %s ms; %s s; sipp exit %d\n' \
    "$label" "$H_OK" "$CALLS" "$H_PEAK" "$H_MEDIA_CALLS" "$H_UNIQUE" "$H_EXPECTED" "$H_LOSS" "$H_DUPS" "$H_J_MEAN" "$H_J_P99" "$H_J_MAX" "$H_WALL_S" "$H_RC"
  printf '  %-11s tools: sipp uac cpu %s s, sipp phones cpu %s s, echo cpu %s s (%s packets echoed, %s dropped), counter cpu %s s (%s dropped); echoes came from ports %s-%s (%s ports)\n' \
    "" "$H_UAC_CPU_S" "$H_PHONES_CPU_S" "$H_ECHO_CPU" "$H_ECHOED" "$H_ECHO_DROPS" "$H_CNT_CPU" "$H_CNT_DROPS" "$H_SRC_MIN" "$H_SRC_MAX" "$H_SRC_N"
  (( H_CNT_DROPS + H_ECHO_DROPS > 0 )) && note "  warning: the measuring tools themselves dropped packets (kernel socket drops): loss is overstated"
  return 0
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

# ---- peer: UAC → phones directly ------------------------------------------------------------
require_free_udp "$UAC_PORT"
start_phones "$PHONE_PORT" "$K"
{ echo SEQUENTIAL; for i in "${!H_PHONE_PORTS[@]}"; do echo "bench;127.0.0.1;${H_PHONE_PORTS[i]}"; done; } >"$WORK/peer.inf"
echo "peer: SIPp UAC 127.0.0.1:$UAC_PORT -> $K SIPp phones (RTP echo) at 127.0.0.1:${H_PHONE_PORTS[*]}, no relay"
run_half direct 127.0.0.1 "${H_PHONE_PORTS[0]}" "$UAC_PORT" "$WORK/peer.inf" 0 "${H_PHONE_PIDS[@]}"
P_OK=$H_OK P_LOSS=$H_LOSS P_J_MEAN=$H_J_MEAN P_J_P99=$H_J_P99 P_PEAK=$H_PEAK
for p in "${H_PHONE_PIDS[@]}"; do stop_group "$p"; done

# ---- Switchboard: carrier UAC → Switchboard → registered agent phones -------------------------
if [[ $PEER_ONLY != 1 ]]; then
  H_PHONE_PORTS=("${SB_PHONE_PORTS[@]}") H_PHONE_PIDS=("${SB_PHONE_PIDS[@]}")
  echo "switchboard: SIPp UAC 127.0.0.1:$CARRIER_PORT (trunk pstn) -> Switchboard $SB_HOST:$SB_SIP_PORT (pid ${SB_PID:-?}) -> $K SIPp phones (RTP echo) at 127.0.0.1:${H_PHONE_PORTS[*]} registered as ${AG_USER[*]}"
  run_half switchboard "$SB_HOST" "$SB_SIP_PORT" "$CARRIER_PORT" "$WORK/sb.inf" "${SB_PID:-0}" "${H_PHONE_PIDS[@]}"
  S_OK=$H_OK S_LOSS=$H_LOSS S_J_MEAN=$H_J_MEAN S_J_P99=$H_J_P99 S_PEAK=$H_PEAK S_CPU=$H_CPU_S S_WALL=$H_WALL_S
  ANCHORED=1
  for p in "${H_PHONE_PORTS[@]}"; do
    e=$(echo_port_for "$p")
    if [[ $H_SRC_MIN != None ]] && (( H_SRC_MIN <= e && e <= H_SRC_MAX )); then ANCHORED=0; fi
  done
  if [[ $H_SRC_MIN == None ]]; then
    note "warning: no RTP came back through Switchboard"
  elif (( ANCHORED == 0 )); then
    note "warning: the echo came straight from the phones' port, not through Switchboard's relay (20000-20999): media was not anchored"
  elif (( H_SRC_MIN < 20000 || H_SRC_MAX > 20999 )); then
    note "warning: RTP came back from ports $H_SRC_MIN-$H_SRC_MAX, outside Switchboard's documented range 20000-20999"
  fi
fi

echo
echo "== media summary ($CALLS calls together for ${HOLD_TOGETHER} s, G.711 round trip through an RTP echo) =="
echo "direct (no relay): $P_OK calls held (peak $P_PEAK), loss $P_LOSS %, jitter mean $P_J_MEAN ms, p99 $P_J_P99 ms"
if [[ $PEER_ONLY != 1 ]]; then
  echo "switchboard: $S_OK calls held (peak $S_PEAK), loss $S_LOSS %, jitter mean $S_J_MEAN ms, p99 $S_J_P99 ms"
  echo "switchboard JVM cpu (pid ${SB_PID:-?}): $S_CPU s over $S_WALL s = $(awk -v c="$S_CPU" -v w="$S_WALL" 'BEGIN {printf "%.0f", w ? c/w*100 : 0}') % of one core"
  awk -v a="$S_OK" -v b="$P_OK" 'BEGIN {printf "ratio calls held switchboard/direct: %s\n", b ? sprintf("%.2f", a/b) : "n/a"}'
  awk -v a="$S_LOSS" -v b="$P_LOSS" 'BEGIN {printf "added loss by switchboard: %.3f percentage points\n", a - b}'
  awk -v a="$S_J_MEAN" -v b="$P_J_MEAN" -v c="$S_J_P99" -v d="$P_J_P99" 'BEGIN {printf "added jitter by switchboard: mean %.3f ms, p99 %.3f ms\n", a - b, c - d}'
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
