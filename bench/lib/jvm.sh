# shellcheck shell=bash
# JVM figures for the benchmarks: GC pauses from the server's GC log over a time window, and the
# heap in use after a full GC. Sourced by sip-cps.sh and media.sh (and usable on its own:
# `source bench/lib/jvm.sh; jvm_gc_mark <pid>` ...). Needs only bash, awk, /proc and, for the heap,
# the JDK's jcmd. Nothing here stops a run: a missing log or jcmd prints why and returns 1.
#
# The distribution's bin/setenv writes the log (Java unified logging, one line per event):
#   -Xlog:gc*:file=<data>/log/gc.log:time,uptime,level,tags:filecount=5,filesize=10m
# Pauses are the lines tagged [gc] or [gc,phases] that say "Pause ... <n>ms", and ZGC's allocation
# stalls (a thread waiting for memory is paused as surely):
#   G1:  [..][12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 60M->12M(512M) 3.456ms
#   ZGC: [..][12.345s][info][gc,phases] GC(3) Pause Mark Start 0.012ms
#        [..][12.345s][info][gc] Allocation Stall (qtp-12) 25.043ms
# A window is given in JVM uptime seconds (the [12.345s] decoration): take `jvm_gc_mark` before a
# phase and `jvm_gc_report` after it.

JVM_CLK_TCK=$(getconf CLK_TCK)
declare -F note >/dev/null || note() { echo "$*" >&2; }

# jvm_uptime <pid> → seconds (3 decimals) since the process started, from /proc (no attach)
jvm_uptime() {
  local start
  start=$(awk '{print $22}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $start ]] || return 1
  awk -v s="$start" -v hz="$JVM_CLK_TCK" '{printf "%.3f\n", $1 - s/hz}' /proc/uptime
}

# jvm_gc_log <pid> → path of the process's GC log: SB_GC_LOG, else the file= of its -Xlog:gc option
jvm_gc_log() {
  if [[ -n ${SB_GC_LOG:-} ]]; then echo "$SB_GC_LOG"; return 0; fi
  local opt file
  opt=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | grep -m1 '^-Xlog:gc.*file=') || return 1
  file=${opt#*file=}
  file=${file%%:*}
  file=${file#\"}; file=${file%\"}
  [[ $file == /* ]] || file=$(readlink "/proc/$1/cwd")/$file
  echo "$file"
}

# jvm_gc_mark <pid> → uptime to pass to jvm_gc_report as the window's start
jvm_gc_mark() { jvm_uptime "$1" || echo 0; }

# jvm_gc_pauses <pid> <from uptime s> [to uptime s] → "count max_ms p99_ms total_ms collector"
# Reads the current log and its rotated files written since the process started (older files
# belong to an earlier run, whose uptimes would overlap).
jvm_gc_pauses() {
  local pid=$1 from=${2:-0} to=${3:-} log started f
  log=$(jvm_gc_log "$pid") || { note "gc: process $pid has no -Xlog:gc file (set SB_GC_LOG)"; return 1; }
  [[ -f $log ]] || { note "gc: no GC log at $log"; return 1; }
  [[ -n $to ]] || to=$(jvm_uptime "$pid") || to=1e12
  started=$(( $(date +%s) - ${to%.*} - 2 ))
  local -a files=()
  for f in "$log" "$log".[0-9]*; do
    [[ -f $f ]] && (( $(stat -c %Y "$f") >= started )) && files+=("$f")
  done
  # mawk has no asort: the first awk prints the collector and the pauses, sort orders them
  awk -v from="$from" -v to="$to" '
    /\]\[gc *\] Using / { gc = $0; sub(/.*Using /, "", gc); gsub(/ /, "_", gc); print "gc", gc; next }
    # uptime decoration [12.345s], tags [gc] / [gc,phases], "Pause ... 1.234ms" at the end
    match($0, /\]\[[0-9]+\.[0-9]+s\]/) {
      up = substr($0, RSTART + 2, RLENGTH - 4) + 0
      if (up < from || up > to) next
    }
    /Pause Full \(Diagnostic Command\)/ { next }   # our own jvm_heap_after_gc, not the load
    /\]\[gc(,phases)? *\] GC\([0-9]+\) Pause .*[0-9.]+ms$/ { ms = $NF; sub(/ms$/, "", ms); print "p", ms + 0 }
    # ZGC: a thread that finds no free memory waits ("Allocation Stall (name) 12.3ms"): a pause too
    /\]\[gc *\] Allocation Stall .*[0-9.]+ms$/ { ms = $NF; sub(/ms$/, "", ms); print "p", ms + 0 }
  ' "${files[@]}" | sort -k1,1 -k2,2g | awk '
    $1 == "gc" { gc = $2; next }
    { n++; p[n] = $2; total += $2 }
    END {
      if (n) { i = int(n * 0.99 + 0.999); if (i < 1) i = 1; max = p[n]; p99 = p[i] }
      printf "%d %.3f %.3f %.1f %s\n", n, max, p99, total, (gc == "" ? "?" : gc)
    }'
}

# jvm_gc_report <label> <pid> <from uptime s> → one line for the benchmark output, e.g.
#   gc pauses switchboard: 41 pauses in 35.2 s, max 6.1 ms, p99 5.8 ms, total 98.4 ms (G1) -> target < 10 ms met
jvm_gc_report() {
  local label=$1 pid=$2 from=$3 to n max p99 total gc
  to=$(jvm_uptime "$pid") || { note "gc: process $pid is gone"; return 1; }
  read -r n max p99 total gc < <(jvm_gc_pauses "$pid" "$from" "$to") || return 1
  [[ -n $n ]] || return 1
  printf 'gc pauses %s: %d pauses in %.1f s, max %s ms, p99 %s ms, total %s ms (%s) -> target < 10 ms %s\n' \
    "$label" "$n" "$(awk -v a="$from" -v b="$to" 'BEGIN {print b - a}')" "$max" "$p99" "$total" "${gc//_/ }" \
    "$(awk -v m="$max" 'BEGIN {print (m < 10) ? "met" : "NOT met"}')"
}

# jvm_heap_after_gc <pid> → KB of live heap: the bytes of every reachable object, which jcmd's class
# histogram sums after its own full collection (any collector). G1's "used" after GC.run counts
# whole regions and read 183 KB per call where the live objects were 45 KB (2026-12-06).
# A full GC pauses the JVM: call it between phases, never during a measurement.
jvm_heap_after_gc() {
  local pid=$1
  command -v jcmd >/dev/null || { note "heap: jcmd not found (a JDK's bin/)"; return 1; }
  jcmd "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { printf "%d\n", $3 / 1024; found = 1 } END { if (!found) exit 1 }'
}

# jvm_heap_per_call_kb <heap KB idle> <heap KB with calls> <calls> → KB per call, 1 decimal
jvm_heap_per_call_kb() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf (n > 0) ? "%.1f\n" : "n/a\n", (b - a) / n}'
}
