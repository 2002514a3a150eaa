#!/usr/bin/env bash
# All benchmarks in turn — boot, sip-cps, media, webrtc, crm, recording — then every summary and ratio together.
# Build and start Switchboard first (see bench/README.md); boot.sh, crm.sh and recording.sh start their own copies.
# Env: SKIP_BOOT=1 SKIP_CPS=1 SKIP_MEDIA=1 SKIP_WEBRTC=1 SKIP_CRM=1 SKIP_RECORDING=1   skip a benchmark
#      BOOT_RUNS=5  CPS_SECONDS=5  CPS_MAX=8000  MEDIA_CALLS=1000  MEDIA_SECONDS=30
#      WEBRTC_LINES=10  WEBRTC_SECONDS=20 (webrtc.sh needs the bench agents: see bench/README.md)  CRM_CALLS=200
#      RECORDING_MAX=250  RECORDING_CALL_SECONDS=30
#      PEER_ONLY=1  peers only (sip-cps, media); every other variable of the scripts passes through
set -uo pipefail
cd "$(dirname "$0")"
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/sb-bench-all.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
declare -A STATUS=()

run() { # run <name> <command...>
  local name=$1 rc; shift
  echo "### $name: $*"
  "$@" 2>&1 | tee "$LOGS/$name.log"
  rc=${PIPESTATUS[0]}
  STATUS[$name]=$rc
  echo
}

[[ ${SKIP_BOOT:-0} == 1 ]] || run boot ./boot.sh "${BOOT_RUNS:-5}"
[[ ${SKIP_CPS:-0} == 1 ]] || run sip-cps ./sip-cps.sh "${CPS_SECONDS:-5}" "${CPS_MAX:-8000}"
[[ ${SKIP_MEDIA:-0} == 1 ]] || run media ./media.sh "${MEDIA_CALLS:-1000}" "${MEDIA_SECONDS:-30}"
[[ ${SKIP_WEBRTC:-0} == 1 || ${PEER_ONLY:-0} == 1 ]] || run webrtc ./webrtc.sh "${WEBRTC_LINES:-10}" "${WEBRTC_SECONDS:-20}"
[[ ${SKIP_CRM:-0} == 1 || ${PEER_ONLY:-0} == 1 ]] || run crm ./crm.sh "${CRM_CALLS:-200}"
[[ ${SKIP_RECORDING:-0} == 1 || ${PEER_ONLY:-0} == 1 ]] ||
  run recording ./recording.sh "${RECORDING_MAX:-250}" "${RECORDING_CALL_SECONDS:-30}"

echo "================ all results ================"
for name in boot sip-cps media webrtc crm recording; do
  [[ -v STATUS[$name] ]] || { echo "$name: skipped"; continue; }
  echo "-- $name (exit ${STATUS[$name]})"
  case $name in
    boot) grep -E '^(switchboard cold start|stock karaf|ratio)' "$LOGS/$name.log" ;;
    *)    sed -n '/^== .* summary/,$p' "$LOGS/$name.log" | grep -v '^== ' ;;
  esac
done
echo "-- ratios"
grep -h '^ratio ' "$LOGS"/*.log 2>/dev/null || echo "(none)"
failed=0
for name in "${!STATUS[@]}"; do (( STATUS[$name] == 0 )) || failed=1; done
exit $failed
