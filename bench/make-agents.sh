#!/usr/bin/env bash
# Bench agents for media/CPS runs with more than alice and bob (a contact-center agent usually holds
# one call at a time, so 1,000 concurrent calls want up to 1,000 agents):
#   bench/make-agents.sh commands N   Karaf shell commands creating bench0001…benchN
#                                     (ext 70001…, DID +15550700001…, password bench-secret)
#   bench/make-agents.sh env N        the matching SB_AGENTS value for sip-cps.sh / media.sh
# e.g.  bench/make-agents.sh commands 100 > /tmp/agents.karaf
#       karaf-distribution/target/assembly/bin/client -u <admin> -f /tmp/agents.karaf   (or paste into bin/karaf)
#       SB_AGENTS=$(bench/make-agents.sh env 100) MEDIA_UAS=10 bench/media.sh 100 30
set -euo pipefail
mode=${1:-}; n=${2:-}
[[ $mode == commands || $mode == env ]] && [[ $n =~ ^[0-9]+$ ]] && (( n >= 1 && n <= 9999 )) ||
  { echo "usage: $0 commands|env N (1-9999)" >&2; exit 2; }
for (( i = 1; i <= n; i++ )); do
  printf -v user 'bench%04d' "$i"
  printf -v did '+1555070%04d' "$i"
  if [[ $mode == commands ]]; then
    echo "sb:agent-add --password bench-secret --did $did $user $(( 70000 + i ))"
  else
    printf '%s%s:bench-secret:%s' "$( (( i > 1 )) && echo ,)" "$user" "$did"
  fi
done
[[ $mode == env ]] && echo
exit 0
