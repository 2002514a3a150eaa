#!/usr/bin/env bash
# Exercises the Switchboard halves of sip-cps.sh and media.sh before Switchboard's B2BUA exists, by
# putting a Kamailio "stand-in" where Switchboard would be (127.0.0.1:$MOCK_PORT): a registrar with
# digest authentication (MD5, qop=auth, realm switchboard.local) for the agents of SB_AGENTS, and a
# proxy that accepts INVITEs from the carrier's address only (127.0.0.1:5080, like trunk `pstn`) and
# sends each agent number to the phone registered as that agent.
# It checks the plumbing — REGISTER with digest from the phones' ports, dialing the agent numbers
# from 127.0.0.1:5080, SIPp phones answering, RTP echo counting, CPU from /proc, summaries,
# cleanup — not Switchboard: the stand-in does not relay media (media.sh says so) and is no B2BUA.
#
# Usage: bench/selftest.sh [cps seconds per step, default 2] [cps max, default 400] [media calls, default 20] [media seconds, default 5]
set -uo pipefail
SB_AGENTS=${SB_AGENTS:-alice:alice-secret:+15550101,bob:bob-secret:+15550102}
export SB_AGENTS
source "$(dirname "$0")/lib/common.sh"
MOCK_PORT=${MOCK_PORT:-15160}
command -v kamailio >/dev/null || die "kamailio is not installed"
require_free_udp "$MOCK_PORT"
parse_agents

mkdir -p "$WORK/mock"
{
  cat <<EOF
#!KAMAILIO
# Stand-in for Switchboard's SIP side (bench/selftest.sh): registrar + trunk-only INVITE routing.
debug=1
log_stderror=yes
children=2
dns=no
rev_dns=no
auto_aliases=no
listen=udp:127.0.0.1:$MOCK_PORT
alias="$SB_DOMAIN"
alias="127.0.0.1:$MOCK_PORT"

loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)
modparam("auth", "nonce_expire", 300)

request_route {
    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
    if (has_totag()) {
        if (loose_route()) { t_relay(); exit; }
        if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
        sl_send_reply("404", "Not here");
        exit;
    }
    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
    t_check_trans();
    if (is_method("OPTIONS") && uri == myself && \$rU == \$null) { sl_send_reply("200", "OK"); exit; }
    if (is_method("REGISTER")) {
        \$var(pw) = "";
EOF
  for i in "${!AG_USER[@]}"; do
    echo "        if (\$tU == \"${AG_USER[i]}\") { \$var(pw) = \"${AG_PASS[i]}\"; }"
  done
  cat <<EOF
        if (\$var(pw) == "") { sl_send_reply("404", "No such agent"); exit; }
        if (!pv_www_authenticate("\$td", "\$var(pw)", "0")) { www_challenge("\$td", "1"); exit; }
        if (!save("location")) { sl_reply_error(); }
        exit;
    }
    if (!is_method("INVITE")) { sl_send_reply("405", "Method Not Allowed"); exit; }
    if (\$si != "127.0.0.1" || \$sp != $CARRIER_PORT) { sl_send_reply("403", "Only the trunk peer may call"); exit; }
    \$var(agent) = "";
EOF
  for i in "${!AG_USER[@]}"; do
    echo "    if (\$rU == \"${AG_NUM[i]}\") { \$var(agent) = \"${AG_USER[i]}\"; }"
  done
  cat <<EOF
    if (\$var(agent) == "") { sl_send_reply("404", "Not Found"); exit; }
    \$ru = "sip:" + \$var(agent) + "@$SB_DOMAIN";
    if (!lookup("location")) { sl_send_reply("480", "Temporarily Unavailable"); exit; }
    record_route();
    if (!t_relay()) { sl_reply_error(); }
}
EOF
} >"$WORK/mock/kamailio.cfg"
kamailio -c -f "$WORK/mock/kamailio.cfg" >"$WORK/mock/check.log" 2>&1 || die "stand-in config rejected: $(tail -n 5 "$WORK/mock/check.log")"
spawn "$WORK/mock/kamailio.log" kamailio -DD -E -f "$WORK/mock/kamailio.cfg" -x tlsf -m 256 -Y "$WORK/mock" -P "$WORK/mock/kamailio.pid"
MOCK_PID=$SPAWNED_PID
for _ in $(seq 50); do udp_port_busy "$MOCK_PORT" && break; sleep 0.1; done
udp_port_busy "$MOCK_PORT" || die "the stand-in did not start: $(tail -n 5 "$WORK/mock/kamailio.log")"

export SB_HOST=127.0.0.1 SB_SIP_PORT=$MOCK_PORT SB_REST= SB_PID=$MOCK_PID
rc=0
echo "### sip-cps.sh against the Kamailio stand-in on 127.0.0.1:$MOCK_PORT"
"$BENCH_DIR/sip-cps.sh" "${1:-2}" "${2:-400}" || rc=1
echo
echo "### media.sh against the Kamailio stand-in on 127.0.0.1:$MOCK_PORT (expect the 'not anchored' warning)"
"$BENCH_DIR/media.sh" "${3:-20}" "${4:-5}" || rc=1
exit $rc
