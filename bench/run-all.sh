#!/usr/bin/env bash
# All benchmarks in turn — boot, sip-cps (with its overload phase), sip-sustain, media, webrtc, crm,
# recording — then every summary and ratio, and one table of issue 15's targets:
#   target | measured | peer | ratio | met?
# The table is read from the lines the scripts print (formats in bench/README.md, "run-all.sh"),
# with tolerant patterns: a figure a script did not print shows as "-" and its row as "n/a".
# Build and start Switchboard first (see bench/README.md); boot.sh, sip-sustain.sh, crm.sh and
# recording.sh start their own copies.
# Env: SKIP_BOOT=1 SKIP_CPS=1 SKIP_SUSTAIN=1 SKIP_MEDIA=1 SKIP_WEBRTC=1 SKIP_CRM=1 SKIP_RECORDING=1
#      BOOT_RUNS=5  CPS_SECONDS=5  CPS_MAX=8000  SUSTAIN_CPS=200 SUSTAIN_SECONDS=300
#      MEDIA_CALLS=1000  MEDIA_SECONDS=30
#      WEBRTC_LINES=10  WEBRTC_SECONDS=20 (webrtc.sh needs the bench agents: see bench/README.md)  CRM_CALLS=200
#      RECORDING_MAX=250  RECORDING_CALL_SECONDS=30
#      PEER_ONLY=1  peers only (sip-cps, media); every other variable of the scripts passes through
#      TABLE_ONLY=<dir>  print the table from the <name>.log files kept in <dir> (no benchmark runs)
#      KEEP_LOGS=1  keep the logs (their directory is printed at the end)
set -uo pipefail
cd "$(dirname "$0")"
declare -A STATUS=()

if [[ -n ${TABLE_ONLY:-} ]]; then
  LOGS=$TABLE_ONLY
  [[ -d $LOGS ]] || { echo "TABLE_ONLY=$LOGS: no such directory" >&2; exit 2; }
  for f in "$LOGS"/*.log; do [[ -f $f ]] && STATUS[$(basename "$f" .log)]=0; done
else
  LOGS=$(mktemp -d "${TMPDIR:-/tmp}/sb-bench-all.XXXXXX")
  [[ ${KEEP_LOGS:-0} == 1 ]] || trap 'rm -rf "$LOGS"' EXIT
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

run() { # run <name> <command...>
  local name=$1 rc; shift
  echo "### $name: $*"
  "$@" 2>&1 | tee "$LOGS/$name.log"
  rc=${PIPESTATUS[0]}
  STATUS[$name]=$rc
  echo
}

if [[ -z ${TABLE_ONLY:-} ]]; then
  [[ ${SKIP_BOOT:-0} == 1 ]] || run boot ./boot.sh "${BOOT_RUNS:-5}"
  [[ ${SKIP_CPS:-0} == 1 ]] || run sip-cps ./sip-cps.sh "${CPS_SECONDS:-5}" "${CPS_MAX:-8000}"
  [[ ${SKIP_SUSTAIN:-0} == 1 || ${PEER_ONLY:-0} == 1 || ! -x ./sip-sustain.sh ]] ||
    BENCH_AGENTS=${BENCH_AGENTS:-200} run sip-sustain ./sip-sustain.sh "${SUSTAIN_CPS:-200}" "${SUSTAIN_SECONDS:-300}"
  [[ ${SKIP_MEDIA:-0} == 1 ]] || run media ./media.sh "${MEDIA_CALLS:-1000}" "${MEDIA_SECONDS:-30}"
  [[ ${SKIP_WEBRTC:-0} == 1 || ${PEER_ONLY:-0} == 1 ]] || run webrtc ./webrtc.sh "${WEBRTC_LINES:-10}" "${WEBRTC_SECONDS:-20}"
  [[ ${SKIP_CRM:-0} == 1 || ${PEER_ONLY:-0} == 1 ]] || run crm ./crm.sh "${CRM_CALLS:-200}"
  [[ ${SKIP_RECORDING:-0} == 1 || ${PEER_ONLY:-0} == 1 ]] ||
    run recording ./recording.sh "${RECORDING_MAX:-250}" "${RECORDING_CALL_SECONDS:-30}"
fi

echo "================ all results ================"
for name in boot sip-cps sip-sustain media webrtc crm recording; do
  [[ -v STATUS[$name] ]] || { echo "$name: skipped"; continue; }
  echo "-- $name (exit ${STATUS[$name]})"
  case $name in
    boot) grep -E '^(switchboard cold start|stock karaf|ratio)' "$LOGS/$name.log" ;;
    *)    sed -n '/^== .* summary/,$p' "$LOGS/$name.log" | grep -v '^== ' ;;
  esac
done
echo "-- ratios"
grep -h '^ratio ' "$LOGS"/*.log 2>/dev/null || echo "(none)"

# ---------------------------------------------------------------------------------------------
# The table. Each helper reads one log; "-" when the line is missing.
log() { [[ -f $LOGS/$1.log ]] && cat "$LOGS/$1.log"; }
# first <log> <ERE> → the first matching line of the log's summary part (or of the whole log)
first() { log "$1" | grep -m1 -E "$2"; }
# num <text> <ERE with one group> → the group's first match, e.g. num "$l" 'median ([0-9]+) ms'
# (the expression must not contain '#'; with several matches on a line, anchor it: .* is greedy)
num() { sed -nE "s#.*$2.*#\1#p" <<<"$1" | head -1; }
or_dash() { [[ -n ${1:-} ]] && echo "$1" || echo "-"; }
# verdict <condition awk expression over a,b> <a> [b] → met / NOT met / n/a (when a is missing)
verdict() {
  [[ -n ${2:-} && $2 != "-" && $2 != "nan" && $2 != "n/a" ]] || { echo "n/a"; return; }
  awk -v a="$2" -v b="${3:-0}" "BEGIN {print ($1) ? \"met\" : \"NOT met\"}"
}
ROWS=()
row() { ROWS+=("$1|$(or_dash "$2")|$(or_dash "$3")|$(or_dash "$4")|$5"); }

# boot: "switchboard cold start to health UP: median 4870 ms (...), JVM cpu median ...", "stock karaf 4.4.10 cold start to ssh: median 3010 ms ..."
l=$(first boot '^switchboard cold start'); BOOT=$(num "$l" 'health UP: median ([0-9]+) ms')
BOOT_PEER=$(num "$(first boot '^stock karaf')" 'ssh: median ([0-9]+) ms')
row "cold start to health UP < 5 s (median)" "${BOOT:+$BOOT ms}" "${BOOT_PEER:+karaf $BOOT_PEER ms}" \
  "$(num "$(first boot '^ratio switchboard/karaf')" ': ([0-9.]+)')" "$(verdict 'a < 5000' "$BOOT")"

# sip-cps: "kamailio: 3100 cps (...)", "switchboard: 350 cps (cpu 5.9 ms/call ...)", "ratio switchboard/kamailio: 0.11"
SB_CPS=$(num "$(first sip-cps '^switchboard: [0-9]+ cps')" '^switchboard: ([0-9]+) cps')
SB_MS=$(num "$(first sip-cps '^switchboard: [0-9]+ cps')" 'cpu ([0-9.]+) ms/call')
KAM_CPS=$(num "$(first sip-cps '^kamailio: [0-9]+ cps')" '^kamailio: ([0-9]+) cps')
KAM_MS=$(num "$(first sip-cps '^kamailio: [0-9]+ cps')" 'cpu ([0-9.]+) ms/call')
CPS_RATIO=$(num "$(first sip-cps '^ratio switchboard/kamailio')" ': ([0-9.]+)')
row "call rate >= 0.5 x Kamailio, media anchored, < 0.1 % failed" "${SB_CPS:+$SB_CPS cps, $SB_MS ms CPU/call}" \
  "${KAM_CPS:+kamailio $KAM_CPS cps, $KAM_MS ms CPU/call}" "$CPS_RATIO" "$(verdict 'a >= 0.5' "$CPS_RATIO")"

# sip-sustain: "jvm cpu per call: first window 3.10 ms, last window 3.20 ms (+3.2 %): flat", "calls ...: ..., 0.010 %"
l=$(first sip-sustain '^jvm cpu per call: first window')
SUS_FLAT=$(num "$l" ': (flat|GROWING)$')
SUS_FAIL=$(num "$(first sip-sustain '^calls \(warm-up included\)')" ', ([0-9.]+) %$')
SUS_CPS=$(num "$(first sip-sustain '^== sip-sustain summary')" '\(([0-9]+) cps for')
SUS_S=$(num "$(first sip-sustain '^== sip-sustain summary')" 'cps for ([0-9]+) s')
if [[ -n $SUS_FLAT ]]; then
  SUS_MET=$(awk -v f="$SUS_FLAT" -v x="${SUS_FAIL:-100}" -v s="${SUS_S:-0}" \
    'BEGIN {print (f == "flat" && x < 0.1 && s >= 300) ? "met" : "NOT met" (s < 300 ? " (shorter than 5 min)" : "")}')
fi
row "rate held 5 min, flat CPU per call, < 0.1 % failed" \
  "${SUS_FLAT:+$SUS_CPS cps for $SUS_S s: $(num "$l" 'first window ([0-9.]+ ms)') -> $(num "$l" 'last window ([0-9.]+ ms)') per call ($SUS_FLAT), $SUS_FAIL % not completed}" \
  "" "" "${SUS_MET:-n/a}"

# overload: "overload switchboard: offered 800 cps (2 x 400) ... completed 380 cps (95.0 % of the limit), 410 refused with 503, ..., calls left ACTIVE 0, ..."
l=$(first sip-cps '^overload switchboard')
OVL=$(num "$l" '\(([0-9.]+) % of the limit\)')
OVL_LEFT=$(num "$l" 'calls left ACTIVE ([0-9]+)')
OVL_503=$(num "$l" ', ([0-9]+) refused with 503')
OVL_PEER=$(num "$(first sip-cps '^overload kamailio')" '\(([0-9.]+) % of the limit\)')
row "overload at 2 x limit: >= 90 % of the limit completed, excess 503, no call left" \
  "${OVL:+$OVL % of limit, $OVL_503 x 503, $OVL_LEFT calls left}" "${OVL_PEER:+kamailio $OVL_PEER %}" \
  "$(num "$(first sip-cps '^ratio overload switchboard/kamailio')" ': ([0-9.]+)')" "$(verdict 'a >= 90 && b == 0' "$OVL" "${OVL_LEFT:-1}")"

# media: relay lines "switchboard: N calls held (peak P), loss L % (added x points), jitter mean m ms, p99 p ms
#   (added p99 d ms); relay cpu U us per forwarded packet, M ms per call-second, C % of one core at P calls
#   -> 1,000 calls: X % of one core" (main's older lines: "added jitter by switchboard: mean a ms, p99 b ms")
MEDIA_CALLS_ASKED=$(num "$(first media '^== media summary')" '\(([0-9]+) calls together')
l=$(first media '^switchboard: [0-9]+ calls held')
M_HELD=$(num "$l" '^switchboard: ([0-9]+) calls held'); M_LOSS=$(num "$l" 'loss ([0-9.]+) %')
M_ADDP99=$(num "$l" 'added p99 (-?[0-9.]+) ms')
[[ -n $M_ADDP99 ]] || M_ADDP99=$(num "$(first media '^added jitter by switchboard')" 'p99 (-?[0-9.]+) ms')
M_US=$(num "$l" 'relay cpu ([0-9.]+) us per forwarded packet'); M_1000=$(num "$l" '1,000 calls: ([0-9.]+) % of one core')
lp=$(first media '^direct \(no relay\)')
R_LINE=$(first media '^rtpengine: [0-9]+ calls held'); R_US=$(num "$R_LINE" 'relay cpu ([0-9.]+) us per forwarded packet')
row "relay CPU per forwarded packet <= rtpengine's" "${M_US:+$M_US us/packet}" "${R_US:+rtpengine $R_US us/packet}" \
  "$(num "$(first media '^ratio cpu per forwarded packet switchboard/rtpengine')" ': ([0-9.]+)')" \
  "$(verdict 'a <= 1' "$(num "$(first media '^ratio cpu per forwarded packet switchboard/rtpengine')" ': ([0-9.]+)')")"
[[ -n $M_HELD ]] && M_MET=$(awk -v a="$M_HELD" -v c="${MEDIA_CALLS_ASKED:-0}" -v l="${M_LOSS:-1}" -v j="${M_ADDP99:-99}" \
  'BEGIN {print (a >= 1000 && a == c && l == 0 && j < 1) ? "met" : "NOT met"}')
row "1,000 calls relayed: 0 loss, added jitter p99 < 1 ms" \
  "${M_HELD:+$M_HELD/$MEDIA_CALLS_ASKED held, loss $M_LOSS %, added p99 $M_ADDP99 ms}" \
  "${lp:+direct: $(num "$lp" '^direct \(no relay\): ([0-9]+) calls held') held, loss $(num "$lp" 'loss ([0-9.]+) %') %, p99 $(num "$lp" 'p99 ([0-9.]+) ms') ms}" \
  "$(num "$(first media '^ratio calls held switchboard/direct')" ': ([0-9.]+)')" "${M_MET:-n/a}"
row "relay under one core at 1,000 calls" "${M_1000:+$M_1000 % of a core (extrapolated)}" "" "" "$(verdict 'a < 100' "$M_1000")"

# heap: "switchboard heap after full GC: idle I KB, N calls up U KB -> X KB per active call"
HEAP=$(num "$(first media '^switchboard heap after full GC')" '-> ([0-9.]+) KB per active call')
row "heap per active call < 64 KB (at 1,000 calls)" "${HEAP:+$HEAP KB at $(num "$(first media '^switchboard heap after full GC')" ', ([0-9]+) calls up') calls}" "" "" "$(verdict 'a < 64' "$HEAP")"

# GC: "gc pauses <label>: N pauses in S s, max X ms, p99 Y ms, ..." (bench/lib/jvm.sh), any log
GC_MAX= GC_WHERE=
while IFS= read -r l; do
  x=$(num "$l" 'max ([0-9.]+) ms'); [[ -n $x ]] || continue
  if [[ -z $GC_MAX ]] || awk -v a="$x" -v b="$GC_MAX" 'BEGIN {exit !(a > b)}'; then
    GC_MAX=$x GC_WHERE="$(num "$l" '^gc pauses ([^:]+):'), p99 $(num "$l" 'p99 ([0-9.]+) ms') ms"
  fi
done < <(grep -h -E '^gc pauses ' "$LOGS"/*.log 2>/dev/null)
row "GC pauses < 10 ms during the load runs (max)" "${GC_MAX:+$GC_MAX ms ($GC_WHERE)}" "" "" "$(verdict 'a < 10' "$GC_MAX")"

# webrtc: "invite→ringing, browser leg ...: p50 a ms, p99 b ms", "invite→ringing, sip leg ...: p50 c ms, p99 d ms"
W_RING=$(num "$(first webrtc '^invite→ringing, browser leg')" 'RINGING\): p50 [0-9.]+ ms, p99 ([0-9.]+) ms')
row "webrtc: INVITE -> RINGING p99 < 20 ms" "${W_RING:+$W_RING ms}" \
  "$(x=$(num "$(first webrtc '^invite→ringing, sip leg')" 'RINGING\): p50 [0-9.]+ ms, p99 ([0-9.]+) ms'); echo "${x:+sip leg $x ms}")" \
  "$(num "$(first webrtc '^ratio invite→ringing p99 browser/sip leg')" ': ([0-9.]+)')" "$(verdict 'a < 20' "$W_RING")"
W_AUDIO=$(num "$(first webrtc '^answer→first audio')" 'packetsReceived\): p50 [0-9.]+ ms, p99 ([0-9.]+) ms')
row "webrtc: answer -> first audio p99 < 150 ms" "${W_AUDIO:+$W_AUDIO ms}" "" \
  "$(num "$(first webrtc '^ratio jvm cpu per call webrtc/sip')" ': ([0-9.]+)')${W_AUDIO:+ (cpu/call webrtc/sip)}" "$(verdict 'a < 150' "$W_AUDIO")"

# crm: table row "crm-salesforce (emulator) | live | hang-up -> Task | p99<2 s | backlog"
l=$(first crm '^crm-salesforce \(emulator\)')
row "crm: hang-up -> Task p99 < 2 s (Salesforce emulator)" "$(awk -F'|' '{gsub(/^ +| +$/, "", $3); print $3}' <<<"$l")" \
  "$(x=$(num "$(first crm '^peer: emulator, direct inserts')" '\| *([0-9.]+) \(')
     echo "${x:+emulator direct $x Tasks/s}")" \
  "$(num "$(first crm '^ratio salesforce backlog drain/peer lookup\+insert')" ': ([0-9.]+)')${l:+ (drain/peer)}" \
  "$(t=$(num "$(first crm '^target hang-up -> Task')" 'salesforce ([A-Za-z ]+), crm-local'); [[ -n $t ]] && echo "$t" || echo n/a)"

# recording: "highest sustained: N concurrent recorded calls (target 200 on 2 cores: met)"
l=$(first recording '^highest sustained:')
REC=$(num "$l" 'sustained: ([0-9]+) concurrent')
row "recording: 200 concurrent recorded calls sustained" "${REC:+$REC calls}" "" \
  "$(num "$(first recording '^ratio jvm cpu recorded/unrecorded')" ': ([0-9.]+)')${REC:+ (cpu recorded/unrecorded)}" "$(verdict 'a >= 200' "$REC")"

echo
echo "================ issue 15 targets ($(nproc) cores; load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)) ================"
{
  echo "target|measured|peer|ratio|met?"
  echo "---|---|---|---|---"
  printf '%s\n' "${ROWS[@]}"
} | awk -F'|' '
  { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; nf = (NF > nf) ? NF : nf }
  END { for (r = 1; r <= n; r++) { line = ""
          for (i = 1; i <= nf; i++) { v = c[r, i]; if (r == 2) { v = ""; while (length(v) < w[i]) v = v "-" }
            line = line sprintf("%-" w[i] "s", v) (i < nf ? " | " : "") }
          print line } }'

[[ ${KEEP_LOGS:-0} == 1 && -z ${TABLE_ONLY:-} ]] && echo "logs kept in $LOGS"
failed=0
for name in "${!STATUS[@]}"; do (( STATUS[$name] == 0 )) || failed=1; done
exit $failed
