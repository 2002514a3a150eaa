#!/usr/bin/env bash
# verify-systemd-unit.sh <karaf home>
# Checks the distribution's bin/contrib/switchboard.service with `systemd-analyze verify`, its
# /opt/switchboard paths pointed at <karaf home> (verify checks that ExecStart's program exists).
# Any complaint fails: verify only prints unknown keys and bad values, its exit status stays 0.
# Exit 0 valid, 1 invalid, 2 cannot check (no systemd-analyze, no unit).
set -euo pipefail

home=$(cd "${1:?usage: verify-systemd-unit.sh <karaf home>}" && pwd)
unit=$home/bin/contrib/switchboard.service
[[ -f $unit ]] || { echo "no unit at $unit"; exit 2; }
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is not installed"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#/opt/switchboard#$home#g" "$unit" >"$work/switchboard.service"

rc=0
out=$(systemd-analyze verify "$work/switchboard.service" 2>&1) || rc=$?
if (( rc != 0 )) || [[ -n $out ]]; then
  echo "switchboard.service is not valid (systemd-analyze exit $rc):"
  echo "$out"
  exit 1
fi
# what the README promises an admin
for line in '^User=switchboard$' '^ExecStart=/opt/switchboard/bin/karaf daemon$' '^Restart=on-failure$' \
            '^TimeoutStopSec=[0-9]+$' '^WantedBy=multi-user.target$'; do
  grep -Eq "$line" "$unit" || { echo "switchboard.service lacks a line matching $line"; exit 1; }
done
echo "switchboard.service: valid"
