#!/usr/bin/env bash
# The agents' browser phone lines (WebRTC: ICE on one UDP port, DTLS-SRTP, G.711) against the plain
# SIP path, in the same run, with headless Chromium as the browser:
#   1. lines: N agents log in in one Chromium page (lib/webrtc-lines.js injected into a page of
#      Switchboard's origin), each opens its phone line over /api/v1/ws; the JVM's CPU with the N
#      lines idle; then N carrier calls (SIPp UAC on trunk `pstn`, G.711 each from lib/rtpcount.py
#      over plain UDP, as in media.sh) to the agents' numbers, each answered by the page with
#      POST /calls/{id}/answer, all held together for <seconds>: calls answered, RTP packets the browser received/lost (getStats inbound-rtp), RTP
#      the browser sent back (counted at the carrier), JVM CPU per line-second.
#      Peer: the same N calls to the same agents with SIPp phones registered instead of browsers and
#      an RTP echo behind them (as in media.sh) → ratio of JVM CPU per call WebRTC/SIP.
#   2. INVITE at the trunk → RINGING on the agent's WebSocket (lib/RingProbe.java: it sends the
#      carrier's INVITE over UDP itself and hears the event on its own WebSocket of the agent, both
#      on one clock; CANCEL after RINGING, one call at a time). Browser leg: the agent's only device
#      is the page's line. Peer: the same probe while the agent's device is a SIPp phone (the SIP
#      leg's RINGING event, and INVITE→180 at the carrier through Switchboard to the SIPp phone).
#   3. POST answer → first audio packet at the browser: one call at a time to the first agent,
#      answered by the page; both moments are performance.now() of the page (fetch start, and the
#      first getStats poll, every 5 ms, whose inbound-rtp packetsReceived grew).
#
# Usage: bench/webrtc.sh [lines, default 10] [seconds, default 20]
# Env:   SB_AGENTS            user:password:number,… (default: bench0001… of make-agents.sh, N of them;
#                             create them first, see bench/README.md)
#        SB_HTTP_PORT=8181 SB_SIP_PORT=5060 SB_ICE_PORT=10000   where Switchboard listens
#        CARRIER_PORT=5080    the trunk's peer port;  SB_PID  the JVM (default: owner of UDP SB_SIP_PORT)
#        RING_CALLS=200  AUDIO_CALLS=50  MEDIA_RATE=10 (call setup rate of part 1)  MEDIA_UAS=2
#        AGENT_PORT=15090 (SIPp phones)  UAC_PORT=15250  UAC_MP=10100  WD_PORT=19515 (chromedriver)
#        LATENCY_LINES=1      lines kept up for parts 3 and 2 (the others are closed first)
#        SKIP_SIP=1  no SIP peer;  BENCH_KEEP=1  keep the temp dir (samples, SIPp logs, page status)
# Needs chromium + chromium-driver and a JDK 11+.
set -uo pipefail
SB_HTTP_PORT=${SB_HTTP_PORT:-8181}
SB_REST=${SB_REST:-http://127.0.0.1:$SB_HTTP_PORT/api/v1}
SB_ICE_PORT=${SB_ICE_PORT:-10000}
N=${1:-10}
[[ $N =~ ^[0-9]+$ && $N -ge 1 && $N -le 500 ]] || { echo "lines: 1 to 500" >&2; exit 1; }
SB_AGENTS=${SB_AGENTS:-$("$(dirname "$0")/make-agents.sh" env "$N")}
source "$(dirname "$0")/lib/common.sh"

HOLD_TOGETHER=${2:-20}
RING_CALLS=${RING_CALLS:-200}
AUDIO_CALLS=${AUDIO_CALLS:-50}
MEDIA_RATE=${MEDIA_RATE:-10}
MEDIA_UAS=${MEDIA_UAS:-2}
AGENT_PORT=${AGENT_PORT:-15090}
UAC_PORT=${UAC_PORT:-15250}
UAC_MP=${UAC_MP:-10100}   # below the SIP ports, outside Switchboard's RTP range 20000-29999
WD_PORT=${WD_PORT:-19515}
SKIP_SIP=${SKIP_SIP:-0}
LATENCY_LINES=${LATENCY_LINES:-1}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
[[ $HOLD_TOGETHER =~ ^[0-9]+$ && $HOLD_TOGETHER -ge 2 && $HOLD_TOGETHER -le 600 ]] || die "seconds: 2 to 600"
for tool in curl java; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ -x $CHROMIUM && -x $CHROMEDRIVER ]] || die "needs $CHROMIUM and $CHROMEDRIVER (Debian: chromium chromium-driver)"

parse_agents
(( ${#AG_USER[@]} >= N )) || die "SB_AGENTS lists ${#AG_USER[@]} agents, $N lines need $N"
AG_USER=("${AG_USER[@]:0:N}") AG_PASS=("${AG_PASS[@]:0:N}") AG_NUM=("${AG_NUM[@]:0:N}")
SB_AGENTS=$(for i in "${!AG_USER[@]}"; do printf '%s%s:%s:%s' "$( ((i)) && echo ,)" "${AG_USER[i]}" "${AG_PASS[i]}" "${AG_NUM[i]}"; done)

RAMP=$(( (N + MEDIA_RATE - 1) / MEDIA_RATE ))
SETTLE=3                                    # after the last call is up, before the CPU window
CALL_S=$(( RAMP + SETTLE + HOLD_TOGETHER + 2 ))   # each call of part 1 lasts this long (= its audio)
RUN_LIMIT=$(( RAMP + CALL_S + 40 ))

sb_check_options
curl -sf -m 5 "$SB_REST/health" >/dev/null || die "Switchboard's REST does not answer at $SB_REST/health (SB_HTTP_PORT?)"
SB_PID=${SB_PID:-$(udp_port_pid "$SB_SIP_PORT")}
[[ -n $SB_PID ]] || die "cannot see which process owns UDP $SB_SIP_PORT: set SB_PID (the JVM's CPU is the point)"
udp_port_busy "$SB_ICE_PORT" || note "warning: nothing listens on UDP $SB_ICE_PORT: is the webrtc feature up (SB_ICE_PORT)?"
for i in "${!AG_USER[@]}"; do   # every agent must exist: a login each (also makes them AVAILABLE)
  curl -sf -m 5 -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"${AG_USER[i]}\",\"password\":\"${AG_PASS[i]}\"}" "$SB_REST/sessions" ||
    die "agent ${AG_USER[i]} cannot log in at $SB_REST: create the agents first (bench/make-agents.sh commands $N, see bench/README.md)"
done
require_free_udp "$CARRIER_PORT" "$UAC_PORT" "$AGENT_PORT"
[[ -z $(ss -Hltn "sport = :$WD_PORT") ]] || die "TCP $WD_PORT is in use: set WD_PORT"

# group_cpu_ticks <pgid>: utime+stime of every process of a process group (Chromium and its helpers)
group_cpu_ticks() {
  local pg=$1 total=0 f stat
  local -a a
  for f in /proc/[0-9]*/stat; do
    stat=$(<"$f") 2>/dev/null || continue
    stat=${stat##*) }
    read -r -a a <<<"$stat"
    [[ ${a[2]} == "$pg" ]] && total=$(( total + a[11] + a[12] ))
  done 2>/dev/null
  echo "$total"
}
json_get() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); [v:=v[k] if not k.isdigit() else v[int(k)] for k in sys.argv[2:]]; print(v)' "$@"; }

# ---- WebDriver (W3C, plain HTTP) ------------------------------------------------------------
WD=http://127.0.0.1:$WD_PORT
wd() { curl -s -m "${WD_TIMEOUT:-60}" -X "$1" -H 'Content-Type: application/json' "$WD$2" ${3:+-d "$3"}; }
# wd_exec <out json file> <script> [args json array]: runs the script in the page (a returned promise
# is awaited), writes the whole WebDriver answer ({"value": …}) to the file.
wd_exec() {
  local out=$1 script=$2 args=${3:-[]}
  python3 -c 'import json,sys; print(json.dumps({"script": sys.argv[1], "args": json.loads(sys.argv[2])}))' "$script" "$args" >"$WORK/.wd-body"
  curl -s -m "${WD_TIMEOUT:-120}" -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/.wd-body" \
    "$WD/session/$WD_SESSION/execute/sync" >"$out"
}
page_status() { WD_TIMEOUT=${WD_TIMEOUT:-150} wd_exec "$1" 'return SBB.status();'; }

mkdir -p "$WORK/chrome"
spawn "$WORK/chrome/chromedriver.log" "$CHROMEDRIVER" --port="$WD_PORT" --allowed-ips=127.0.0.1
CD_PGID=$SPAWNED_PID
for _ in $(seq 50); do wd GET /status 2>/dev/null | grep -q '"ready": *true' && break; sleep 0.2; done
CAPS=$(python3 -c 'import json,sys; print(json.dumps({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
  "binary": sys.argv[1], "args": ["--headless=new", "--no-sandbox", "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
  "--disable-gpu", "--mute-audio", "--user-data-dir=" + sys.argv[2]]},
  "timeouts": {"script": 300000}}}}))' "$CHROMIUM" "$WORK/chrome/profile")
wd POST /session "$CAPS" >"$WORK/chrome/session.json"
WD_SESSION=$(json_get "$WORK/chrome/session.json" value sessionId 2>/dev/null) ||
  die "chromedriver could not start Chromium: $(head -c 400 "$WORK/chrome/session.json")"
CLEANUP_HOOKS+=("WD_TIMEOUT=10 wd DELETE /session/$WD_SESSION >/dev/null 2>&1")
wd POST "/session/$WD_SESSION/url" "{\"url\":\"$SB_REST/health\"}" >/dev/null
wd_exec "$WORK/chrome/inject.json" "$(cat "$BENCH_DIR/lib/webrtc-lines.js"); return typeof SBB;"
[[ $(json_get "$WORK/chrome/inject.json" value 2>/dev/null) == object ]] || die "could not load lib/webrtc-lines.js into the page: $(head -c 400 "$WORK/chrome/inject.json")"

echo "webrtc: $N phone lines in one headless Chromium page, calls held together ${HOLD_TOGETHER} s; Switchboard REST $SB_REST, SIP $SB_HOST:$SB_SIP_PORT, ICE UDP $SB_ICE_PORT (pid $SB_PID); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the JVM with no line (its own background work: outbox, timers) -------------------------
BASE_S=5
c0=$(cpu_ticks "$SB_PID"); sleep "$BASE_S"; c1=$(cpu_ticks "$SB_PID")
BASE_PCT=$(awk -v t=$(( c1 - c0 )) -v hz="$CLK_TCK" -v s="$BASE_S" 'BEGIN {printf "%.1f", t/hz/s*100}')
echo "  baseline: JVM $BASE_PCT % of one core over $BASE_S s with no line and no call"

# ---- lines up -------------------------------------------------------------------------------
AGENTS_JSON=$(for i in "${!AG_USER[@]}"; do printf '%s["%s","%s"]' "$( ((i)) && echo ,)" "${AG_USER[i]}" "${AG_PASS[i]}"; done)
t0=$(now_ms)
WD_TIMEOUT=$(( 30 + N )) wd_exec "$WORK/chrome/start.json" 'return SBB.start(arguments[0]);' "[[${AGENTS_JSON}]]"
OPEN=0 BEST=0 STILL=0
for _ in $(seq $(( 20 + N ))); do   # until all are open, or no progress for 20 polls
  WD_TIMEOUT=30 wd_exec "$WORK/chrome/status.json" 'return SBB.lineStates();'
  OPEN=$(json_get "$WORK/chrome/status.json" value open 2>/dev/null || echo 0)
  (( OPEN >= N )) && break
  if (( OPEN > BEST )); then BEST=$OPEN STILL=0; else STILL=$(( STILL + 1 )); fi
  (( STILL >= 20 )) && break
  sleep 1
done
t1=$(now_ms)
LINES_S=$(awk -v w=$(( t1 - t0 )) 'BEGIN {printf "%.1f", w/1000}')
echo "  lines: $OPEN/$N connected in $LINES_S s (states $(json_get "$WORK/chrome/status.json" value states 2>/dev/null))"
(( OPEN < N )) && note "  warning: only $OPEN of $N lines connected; errors: $(json_get "$WORK/chrome/status.json" value errors 2>/dev/null | head -c 600)"
(( OPEN > 0 )) || die "no phone line connected"

IDLE_S=5
c0=$(cpu_ticks "$SB_PID"); sleep "$IDLE_S"; c1=$(cpu_ticks "$SB_PID")
IDLE_PCT=$(awk -v t=$(( c1 - c0 )) -v hz="$CLK_TCK" -v s="$IDLE_S" 'BEGIN {printf "%.1f", t/hz/s*100}')
IDLE_MS_PER_LINE_S=$(awk -v p="$IDLE_PCT" -v b="$BASE_PCT" -v n="$OPEN" 'BEGIN {printf "%.3f", (p - b)*10/n}')
echo "  idle lines: JVM $IDLE_PCT % of one core over $IDLE_S s = $IDLE_MS_PER_LINE_S ms per line-second above the baseline"

# ---- part 1: N calls with audio onto the lines ----------------------------------------------
{ echo SEQUENTIAL; for i in "${!AG_NUM[@]}"; do echo "${AG_NUM[i]};$SB_HOST;$SB_SIP_PORT"; done; } >"$WORK/calls.inf"

# media_calls <label> <wait answered: 1 page / 0 sip>: N calls through Switchboard, CPU window of
# HOLD_TOGETHER s once all are up. Sets M_* results.
media_calls() {
  local label=$1 page=$2 dir=$WORK/$1-uac pid i up=0 ok c0 c1 g0 g1 t0 t1
  mkdir -p "$dir"
  caller_audio "$dir" "$N" $(( CALL_S * 50 )) "$RUN_LIMIT"
  local counter=$AUDIO_PID
  sipp_files "$dir"
  SPAWN_CWD=$dir spawn "$dir/sipp.log" timeout --kill-after=3 "$RUN_LIMIT" sipp "$SB_HOST:$SB_SIP_PORT" -sf "$SIPP_DIR/media-uac.xml" \
    -inf "$WORK/calls.inf" -p "$CARRIER_PORT" -cp $(( UAC_PORT + 1 )) -mp "$UAC_MP" -m "$N" -l "$N" -r "$MEDIA_RATE" \
    -d $(( CALL_S * 1000 )) -recv_timeout 10000 -default_behaviors all,-abortunexp "${AUDIO_SIPP[@]}" \
    "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  pid=$SPAWNED_PID
  local start=$(now_ms)
  # the CPU window: from ramp + SETTLE s after the first INVITE, HOLD_TOGETHER s long (each call lasts
  # CALL_S s from its answer, so every answered call is up throughout); how many are up is read just
  # before it (the page's answer count, no getStats: that is slow with many lines / SIPp's CurrentCall)
  sleep "$(awk -v s="$start" -v n="$(now_ms)" -v w=$(( (RAMP + SETTLE) * 1000 )) 'BEGIN {d = (s + w - n)/1000; print (d > 0 ? d : 0)}')"
  if (( page )); then
    wd_exec "$WORK/$label-up.json" 'return SBB.answered();'; up=$(json_get "$WORK/$label-up.json" value 2>/dev/null || echo 0)
  else
    up=$(stat_col "$dir/stat.csv" 'CurrentCall')
  fi
  c0=$(cpu_ticks "$SB_PID"); g0=$(group_cpu_ticks "$CD_PGID"); t0=$(now_ms)
  sleep "$HOLD_TOGETHER"
  c1=$(cpu_ticks "$SB_PID"); g1=$(group_cpu_ticks "$CD_PGID"); t1=$(now_ms)
  if (( page )); then
    wd_exec "$WORK/$label-up2.json" 'return SBB.answered();'
    (( $(json_get "$WORK/$label-up2.json" value 2>/dev/null || echo 0) > up )) && note "  warning: calls were still being answered after the window started (the page is slow): CPU per line is understated"
  fi
  wait "$pid"; M_RC=$?
  stop_group "$pid"
  sleep 0.5
  stop_group "$counter"
  M_UP=$up
  M_OK=$(stat_col "$dir/stat.csv" 'SuccessfulCall(C)')
  M_FAILED=$(stat_col "$dir/stat.csv" 'FailedCall(C)')
  M_WALL=$(awk -v w=$(( t1 - t0 )) 'BEGIN {printf "%.2f", w/1000}')
  M_CPU=$(ticks_to_s $(( c1 - c0 )))
  M_CHROME_CPU=$(ticks_to_s $(( g1 - g0 )))
  M_BACK=$(json_get "$dir/audio.json" packets_unique 2>/dev/null || echo 0)
  M_BACK_CALLS=$(json_get "$dir/audio.json" calls_with_media 2>/dev/null || echo 0)
  M_PCT=$(awk -v c="$M_CPU" -v w="$M_WALL" 'BEGIN {printf "%.1f", w ? c/w*100 : 0}')
  M_MS_PER_CALL_S=$(awk -v c="$M_CPU" -v w="$M_WALL" -v n="$up" 'BEGIN {printf "%.3f", (w && n) ? c*1000/(w*n) : 0}')
}

echo "part 1, webrtc: $N carrier calls (SIPp UAC 127.0.0.1:$CARRIER_PORT, $MEDIA_RATE/s, each ${CALL_S} s of G.711) to the agents' numbers, answered by the page (POST answer)"
wd_exec "$WORK/chrome/conf.json" 'return SBB.configure(true, 20);'
page_status "$WORK/webrtc-start.json"
media_calls webrtc 1
page_status "$WORK/webrtc-end.json"
read -r W_ANSWERED W_AUDIO_LINES W_RECV W_LOST W_SENT W_ANS_FAIL W_ERRORS < <(python3 -c '
import json, sys
try:
    s, e = (json.load(open(f))["value"] for f in sys.argv[1:3])
    fails = sum(1 for x in e["samples"] if x["status"] != 200)
    print(e["answered"] - s["answered"], e["linesWithAudio"], e["received"] - s["received"], e["lost"] - s["lost"],
          e["sent"] - s["sent"], fails, len(e["errors"]))
except (KeyError, TypeError, ValueError):
    print("n/a n/a n/a n/a n/a n/a 1")  # the page did not answer (saturated)' "$WORK/webrtc-start.json" "$WORK/webrtc-end.json")
if [[ $W_ANSWERED == n/a ]]; then
  note "  warning: the page's getStats() snapshot failed ($(head -c 200 "$WORK/webrtc-end.json")): answered calls from the page's counter, no RTP figures"
  wd_exec "$WORK/webrtc-answered.json" 'return SBB.answered();'
  W_ANSWERED=$(json_get "$WORK/webrtc-answered.json" value 2>/dev/null || echo 0)
fi
W_UP=$M_UP W_OK=$M_OK W_CPU=$M_CPU W_WALL=$M_WALL W_PCT=$M_PCT W_MS=$M_MS_PER_CALL_S W_CHROME=$M_CHROME_CPU W_BACK=$M_BACK W_BACK_CALLS=$M_BACK_CALLS
W_LOSS_PCT=$(awk -v r="$W_RECV" -v l="$W_LOST" 'BEGIN {if (r == "n/a") print "n/a"; else printf "%.3f", (r + l) ? l/(r + l)*100 : 0}')
W_CHROME_PCT=$(awk -v c="$W_CHROME" -v w="$W_WALL" 'BEGIN {printf "%.0f", w ? c/w*100 : 0}')
printf '  webrtc      %s/%d answered (POST answer failed %s), %d/%d carrier calls completed; browser got %s RTP packets of ~%d the carrier sent (getStats packetsLost %s = %s %%), %s lines with audio; browser sent %s, %d came back to the carrier on %d calls\n' \
  "$W_ANSWERED" "$N" "$W_ANS_FAIL" "$W_OK" "$N" "$W_RECV" $(( W_OK * CALL_S * 50 )) "$W_LOST" "$W_LOSS_PCT" "$W_AUDIO_LINES" "$W_SENT" "$W_BACK" "$W_BACK_CALLS"
printf '  webrtc      JVM %s s CPU in %s s with %d calls up = %s %% of one core, %s ms per line-second; Chromium %s s (%s %% of one core)\n' \
  "$W_CPU" "$W_WALL" "$W_UP" "$W_PCT" "$W_MS" "$W_CHROME" "$W_CHROME_PCT"
(( W_ERRORS > 0 )) && note "  page errors: $(json_get "$WORK/webrtc-end.json" value errors 2>/dev/null | head -c 800)"

# ---- part 3: answer → first audio, one call at a time ---------------------------------------
if (( LATENCY_LINES < N )); then
  wd_exec "$WORK/chrome/keep.json" 'return SBB.keep(arguments[0]);' "[$LATENCY_LINES]"
  echo "  (parts 3 and 2 with $LATENCY_LINES line(s) up: the others are closed so Chromium's own CPU starvation does not enter the latencies; LATENCY_LINES=$N keeps them)"
  sleep 2
fi
echo "part 3: $AUDIO_CALLS calls one at a time to ${AG_NUM[0]} (${AG_USER[0]}), the page answers; POST answer → first inbound RTP (getStats every 5 ms)"
wd_exec "$WORK/chrome/conf.json" 'return SBB.configure(true, 5);'
mkdir -p "$WORK/first-audio"
{ echo SEQUENTIAL; echo "${AG_NUM[0]};$SB_HOST;$SB_SIP_PORT"; } >"$WORK/first.inf"
caller_audio "$WORK/first-audio" "$AUDIO_CALLS" 30 $(( AUDIO_CALLS * 4 + 20 ))   # 30 packets: the 0.6 s each call lasts
sipp_files "$WORK/first-audio"
SPAWN_CWD=$WORK/first-audio run_bounded $(( AUDIO_CALLS * 4 + 20 )) "$WORK/first-audio/sipp.log" sipp "$SB_HOST:$SB_SIP_PORT" \
  -sf "$SIPP_DIR/media-uac.xml" -inf "$WORK/first.inf" -p "$CARRIER_PORT" -cp $(( UAC_PORT + 1 )) -mp "$UAC_MP" \
  -m "$AUDIO_CALLS" -l 1 -r 10 -d 600 -recv_timeout 10000 -default_behaviors all,-abortunexp \
  "${AUDIO_SIPP[@]}" "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
stop_group "$AUDIO_PID"
page_status "$WORK/first-audio/status.json"
read -r F_N F_OK F_P50 F_P99 F_MAX H_P50 H_P99 FF_N FF_P50 FF_P99 FF_MAX < <(python3 -c '
import json, math, sys
s = json.load(open(sys.argv[1]))["value"]["samples"]
def pct(v, p):
    if not v: return "nan"
    v = sorted(v); return "%.1f" % v[max(0, min(len(v) - 1, math.ceil(p / 100 * len(v)) - 1))]
fa = [x["firstAudioMs"] for x in s if x["firstAudioMs"] is not None]
h = [x["answerHttpMs"] for x in s if x["answerHttpMs"] is not None]
ff = [x.get("firstFrameMs") for x in s if x.get("firstFrameMs") is not None]
print(len(s), len(fa), pct(fa, 50), pct(fa, 99), pct(fa, 100), pct(h, 50), pct(h, 99), len(ff), pct(ff, 50), pct(ff, 99), pct(ff, 100))' "$WORK/first-audio/status.json")
F_DONE=$(stat_col "$WORK/first-audio/stat.csv" 'SuccessfulCall(C)')
echo "  answer→first audio: $F_OK of $F_N answered calls had audio (SIPp completed $F_DONE/$AUDIO_CALLS): p50 $F_P50 ms, p99 $F_P99 ms, max $F_MAX ms (the POST itself: p50 $H_P50 ms, p99 $H_P99 ms)"
echo "  answer→first frame (receiver's encoded-transform hook, before the jitter buffer; getStats is cached by Chrome): $FF_N calls, p50 $FF_P50 ms, p99 $FF_P99 ms, max $FF_MAX ms"

# ---- part 2: INVITE → RINGING, browser leg --------------------------------------------------
wd_exec "$WORK/chrome/conf.json" 'return SBB.configure(false, 5);'
# ring_probe <label> : RingProbe against agent 0; sets R_* (p50 p99 max of RINGING, of 180, counts)
ring_probe() { # ring_probe <label> <wait for 180: true|false>
  local label=$1 dir=$WORK/ring-$1 line
  mkdir -p "$dir"
  run_bounded $(( RING_CALLS * 5 + 60 )) "$dir/probe.log" java "$BENCH_DIR/lib/RingProbe.java" --rest "$SB_REST" \
    --sip "$SB_HOST:$SB_SIP_PORT" --carrier-port "$CARRIER_PORT" --user "${AG_USER[0]}" --password "${AG_PASS[0]}" \
    --number "${AG_NUM[0]}" --calls "$RING_CALLS" --want-180 "$2" --out "$dir/samples.csv"
  line=$(grep '^probe ' "$dir/probe.log")
  [[ -n $line ]] || { note "  RingProbe failed: $(tail -n 3 "$dir/probe.log")"; line="probe calls=$RING_CALLS ringing=0 p50=nan p99=nan max=nan sip180=0 p50=nan p99=nan max=nan failed=$RING_CALLS"; }
  read -r R_N R_P50 R_P99 R_MAX S_N S_P50 S_P99 S_MAX R_FAILED < <(echo "$line" | awk '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[i] = kv[2] } print v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11] }')
}
echo "part 2: $RING_CALLS calls one at a time to ${AG_NUM[0]} (${AG_USER[0]}, whose only device is the page's line): INVITE at the trunk → RINGING on a WebSocket of the agent (lib/RingProbe.java), CANCEL after"
ring_probe browser false
B_N=$R_N B_P50=$R_P50 B_P99=$R_P99 B_MAX=$R_MAX B_180N=$S_N B_180P50=$S_P50 B_180P99=$S_P99 B_FAILED=$R_FAILED
(( B_180N == 0 )) && note "  (no 180 reached the carrier while only the browser rang: Switchboard sends 180 only when a SIP phone rings — $(grep -o 'responses=.*' "$WORK/ring-browser/probe.log"))"
echo "  browser leg: RINGING $B_N/$RING_CALLS, p50 $B_P50 ms, p99 $B_P99 ms, max $B_MAX ms; 180 at the carrier $B_180N, p50 $B_180P50 ms, p99 $B_180P99 ms; failed $B_FAILED"

# ---- the SIP peer: the same agents with SIPp phones, no browser -----------------------------
page_status "$WORK/final-page.json"
wd_exec "$WORK/chrome/stop.json" 'return SBB.stop();'
if [[ $SKIP_SIP != 1 ]]; then
  sleep 1
  K=$(( MEDIA_UAS < N ? MEDIA_UAS : N ))
  PHONE_PIDS=() ECHO_PORTS=()
  for (( k = 0; k < K; k++ )); do
    port=$(( AGENT_PORT + 2 * k ))
    require_free_udp "$port" "$(media_port_for "$port")" "$(echo_port_for "$port")"
    { echo SEQUENTIAL; for i in "${!AG_USER[@]}"; do (( i % K == k )) && echo "${AG_USER[i]};${AG_PASS[i]};$SB_DOMAIN"; done; } >"$WORK/agents-$port.inf"
    sb_register 3600 "$port" "$WORK/agents-$port.inf"
    CLEANUP_HOOKS+=("sb_register 0 $port $WORK/agents-$port.inf >/dev/null 2>&1")
    dir=$WORK/phone-$port; mkdir -p "$dir"; sipp_files "$dir"
    spawn "$dir/sipp.log" sipp -sf "$SIPP_DIR/phone-uas.xml" -p "$port" -cp $(( port + 1 )) -mp "$(media_port_for "$port")" \
      -key rtp_port "$(echo_port_for "$port")" -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
    PHONE_PIDS+=("$SPAWNED_PID") ECHO_PORTS+=("$(echo_port_for "$port")")
  done
  CLEANUP_HOOKS=("for p in ${PHONE_PIDS[*]}; do stop_group \$p; done" "${CLEANUP_HOOKS[@]}")
  sb_presence_available
  mkdir -p "$WORK/echo"
  spawn "$WORK/echo/echo.log" python3 "$BENCH_DIR/lib/rtpecho.py" --ports "${ECHO_PORTS[@]}" --seconds $(( RUN_LIMIT + RING_CALLS )) \
    --out "$WORK/echo/summary.json" --ready "$WORK/echo/ready"
  for _ in $(seq 50); do [[ -e $WORK/echo/ready ]] && break; sleep 0.1; done
  echo "part 1, sip peer: the same $N calls to the same agents, now with $K SIPp phones registered (RTP echo) instead of browsers"
  media_calls sip 0
  P_UP=$M_UP P_OK=$M_OK P_CPU=$M_CPU P_WALL=$M_WALL P_PCT=$M_PCT P_MS=$M_MS_PER_CALL_S P_BACK=$M_BACK P_BACK_CALLS=$M_BACK_CALLS
  printf '  sip         %d/%d calls up, %d completed; %d RTP packets back at the carrier on %d calls; JVM %s s CPU in %s s = %s %% of one core, %s ms per call-second\n' \
    "$P_UP" "$N" "$P_OK" "$P_BACK" "$P_BACK_CALLS" "$P_CPU" "$P_WALL" "$P_PCT" "$P_MS"
  # a phone that only rings (lib/RingProbe.java CANCELs): agent 0 registers it instead of its answering phone
  RING_PORT=$(( AGENT_PORT + 2 * K ))
  require_free_udp "$RING_PORT" "$(media_port_for "$RING_PORT")"
  { echo SEQUENTIAL; echo "${AG_USER[0]};${AG_PASS[0]};$SB_DOMAIN"; } >"$WORK/ring-$RING_PORT.inf"
  sb_register 3600 "$RING_PORT" "$WORK/ring-$RING_PORT.inf"   # from the phone's port, before it binds it
  dir=$WORK/ring-phone; mkdir -p "$dir"; sipp_files "$dir"
  spawn "$dir/sipp.log" sipp -sf "$SIPP_DIR/phone-ring-uas.xml" -p "$RING_PORT" -cp $(( RING_PORT + 1 )) -mp "$(media_port_for "$RING_PORT")" \
    -default_behaviors all,-abortunexp "${SIPP_COMMON[@]}" "${SIPP_FILES[@]}"
  RING_PID=$SPAWNED_PID
  for _ in $(seq 50); do udp_port_busy "$RING_PORT" && break; sleep 0.1; done
  udp_port_busy "$RING_PORT" || die "the ringing SIPp phone did not start: $(tail -n 3 "$dir/sipp.log" "$dir/errors.log" 2>/dev/null)"
  CLEANUP_HOOKS=("stop_group $RING_PID" "${CLEANUP_HOOKS[@]}" "sb_register 0 $RING_PORT $WORK/ring-$RING_PORT.inf >/dev/null 2>&1")
  echo "part 2, sip peer: the same probe while ${AG_USER[0]}'s device is a SIPp phone that rings (RINGING of the SIP leg; 180 = that phone's 180 through Switchboard)"
  ring_probe sip true
  echo "  sip leg: RINGING $R_N/$RING_CALLS, p50 $R_P50 ms, p99 $R_P99 ms, max $R_MAX ms; 180 at the carrier $S_N, p50 $S_P50 ms, p99 $S_P99 ms, max $S_MAX ms; failed $R_FAILED; $(grep -o "responses=.*" "$WORK/ring-sip/probe.log")"
fi

echo
echo "== webrtc summary ($N lines, $N calls together for ${HOLD_TOGETHER} s, G.711) =="
echo "lines connected: $OPEN/$N in $LINES_S s; idle: JVM $IDLE_MS_PER_LINE_S ms CPU per line-second"
echo "webrtc calls: $W_ANSWERED/$N answered, $W_OK/$N completed; browser RTP received $W_RECV of ~$(( W_OK * CALL_S * 50 )) sent by the carrier, lost $W_LOST ($W_LOSS_PCT %, getStats); $W_AUDIO_LINES lines with audio"
net() { awk -v p="$1" -v b="$BASE_PCT" -v n="$2" 'BEGIN {printf "%.3f", n ? (p - b)*10/n : 0}'; }
W_NET=$(net "$W_PCT" "$W_UP")
echo "webrtc JVM cpu (pid $SB_PID): $W_PCT % of one core with $W_UP lines in calls = $W_MS ms per line-second, $W_NET above the JVM's baseline ($BASE_PCT %); Chromium $W_CHROME_PCT % of one core"
if [[ $SKIP_SIP != 1 ]]; then
  P_NET=$(net "$P_PCT" "$P_UP")
  echo "sip JVM cpu: $P_PCT % of one core with $P_UP calls = $P_MS ms per call-second, $P_NET above the baseline; $P_BACK RTP packets echoed back"
fi
echo "invite→ringing, browser leg (WebSocket RINGING): p50 $B_P50 ms, p99 $B_P99 ms, max $B_MAX ms over $B_N calls; INVITE→180 p50 $B_180P50 ms, p99 $B_180P99 ms"
[[ $SKIP_SIP != 1 ]] && echo "invite→ringing, sip leg (WebSocket RINGING): p50 $R_P50 ms, p99 $R_P99 ms over $R_N calls; INVITE→180 from the SIPp phone: p50 $S_P50 ms, p99 $S_P99 ms"
echo "answer→first audio at the browser (getStats packetsReceived): p50 $F_P50 ms, p99 $F_P99 ms, max $F_MAX ms over $F_OK calls; first frame through the receiver: p50 $FF_P50 ms, p99 $FF_P99 ms over $FF_N calls"
if [[ $SKIP_SIP != 1 ]]; then
  awk -v a="$W_MS" -v b="$P_MS" 'BEGIN {printf "ratio jvm cpu per call webrtc/sip: %s\n", (b > 0) ? sprintf("%.2f", a/b) : "n/a"}'
  awk -v a="$W_NET" -v b="$P_NET" 'BEGIN {printf "ratio jvm cpu per call above baseline webrtc/sip: %s\n", (b > 0) ? sprintf("%.2f", a/b) : "n/a"}'
  awk -v a="$B_P99" -v b="$R_P99" 'BEGIN {printf "ratio invite→ringing p99 browser/sip leg: %s\n", (b + 0 > 0 && a != "nan") ? sprintf("%.2f", a/b) : "n/a"}'
fi
awk -v a="$W_ANSWERED" -v n="$N" 'BEGIN {printf "ratio lines in calls/requested: %.2f\n", a/n}'
awk -v p="$B_P99" 'BEGIN {print "target invite→ringing p99 < 20 ms: " ((p != "nan" && p + 0 < 20) ? "met" : "not met")}'
awk -v p="$F_P99" -v q="$FF_P99" 'BEGIN {print "target answer→first audio p99 < 150 ms: " ((p != "nan" && p + 0 < 150) ? "met" : "not met") " (getStats), " ((q != "nan" && q + 0 < 150) ? "met" : "not met") " (first frame)"}'
[[ $W_ANSWERED == "$N" && $OPEN == "$N" ]] || { echo "note: not every line was held in a call"; exit 1; }
exit 0
