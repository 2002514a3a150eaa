#!/usr/bin/env python3
"""Counts the RTP that comes back to the calling side of the media benchmark.

SIPp's UAC offers `m=audio [auto_media_port+4]`, so call n (1, 2, …) uses RTP port
base + 4·n: its pcap is sent FROM that port and the far end (lib/rtpecho.py, directly or through a
relay) sends the echo back TO it. This program binds those ports (on --ip), and for every port
(= call) counts the packets received, the distinct sequence numbers, duplicates, and the RFC 3550
interarrival jitter, using the kernel's arrival timestamps (SO_TIMESTAMPNS) and the RTP timestamps
(8 kHz). It also reads the kernel's drop counters of its own sockets (/proc/net/udp), so loss in
the tool itself is told apart from loss on the path.

With --play-log it is also the calling side's audio: SIPp's UAC (bench/sipp/media-uac.xml)
logs "media <call number> <ip> <port>" for each answered call, and from then on this program
sends --packets RTP packets of G.711 µ-law (g711tone.py), 20 ms apart, from that call's
port to the answer's address, over the same plain UDP socket it counts on. (SIPp's play_pcap_audio
sends through a raw socket per playing call instead, and the kernel then copies every UDP packet
delivered on the machine to each of those sockets: a cost per packet that every relay measured
beside it paid.)

It stops by itself after --seconds, or earlier on SIGTERM/SIGINT, then writes a JSON summary.
Python standard library only.

usage: rtpcount.py [--ip A] --base B --calls N --seconds S --out summary.json [--ready FILE]
                   [--play-log FILE --packets P] [--watch PORT ...]
"""
import argparse
import heapq
import json
import os
import select
import signal
import socket
import struct
import time

from g711tone import SAMPLES, ToneAudio

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)
PTIME_S = 0.020


class Stream:
    __slots__ = ("received", "seqs", "dups", "jitter", "transit", "first", "last", "sources", "steady_jitter")

    def __init__(self):
        self.received = 0
        self.seqs = set()
        self.dups = 0
        self.jitter = 0.0  # RFC 3550 J, in RTP timestamp units
        self.transit = None
        self.first = None
        self.last = None
        self.sources = set()
        self.steady_jitter = None  # J when the steady window ended (--steady-end), before any teardown


class Player:
    """The calling side's audio: a stream per answered call, started when SIPp logs the answer."""

    def __init__(self, log_path, packets, base, sockets_by_port):
        self.log = open(log_path)  # created empty before SIPp starts; SIPp truncates and appends
        self.pending = ""
        self.packets = packets
        self.base = base
        self.sockets = sockets_by_port
        self.audio = ToneAudio()
        self.packet = bytearray(12 + SAMPLES)
        self.due = []  # (send time, call number, sequence number)
        self.destination = {}  # call number -> (ip, port)
        self.streams = 0
        self.sent = 0
        self.send_failures = 0

    def read_log(self, now):
        self.pending += self.log.read()
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            fields = line.split()
            call = int(fields[1]) if len(fields) == 4 and fields[0] == "media" else None
            if call is not None and self.port(call) in self.sockets and call not in self.destination:
                self.destination[call] = (fields[2], int(fields[3]))
                self.streams += 1
                heapq.heappush(self.due, (now, call, 0))

    def port(self, call):
        """SIPp's [auto_media_port+4] of call n (1, 2, …): -mp + 4·n, wrapping after 2,500 calls as SIPp does."""
        return self.base + 4 * ((call - 1) % 2500 + 1)

    def send_due(self, now):
        while self.due and self.due[0][0] <= now:
            at, call, seq = heapq.heappop(self.due)
            struct.pack_into("!BBHII", self.packet, 0, 0x80, 0x80 if seq == 0 else 0, seq & 0xFFFF,
                             seq * SAMPLES & 0xFFFFFFFF, 0x5B0A0000 + call)
            self.packet[12:] = self.audio(seq)
            try:
                self.sockets[self.port(call)].sendto(self.packet, self.destination[call])
                self.sent += 1
            except OSError:  # a full socket buffer (BlockingIOError) included
                self.send_failures += 1
            if seq + 1 < self.packets:
                heapq.heappush(self.due, (at + PTIME_S, call, seq + 1))

    def next_due(self):
        return self.due[0][0] if self.due else None


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def p99(sorted_xs):
    return sorted_xs[min(len(sorted_xs) - 1, int(len(sorted_xs) * 0.99))] if sorted_xs else None


def udp_drops(ports):
    """drops counter of the IPv4 UDP sockets bound to these local ports (from /proc/net/udp)."""
    wanted = {p for p in ports}
    drops = {}
    try:
        with open("/proc/net/udp") as f:
            next(f)
            for line in f:
                fields = line.split()
                port = int(fields[1].split(":")[1], 16)
                if port in wanted:
                    drops[port] = drops.get(port, 0) + int(fields[-1])
    except OSError:
        pass
    return drops


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ip", default="127.0.0.1", help="address to bind (the c= address of the UAC's offer)")
    ap.add_argument("--base", type=int, required=True, help="SIPp UAC -mp")
    ap.add_argument("--calls", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True, help="stop after this long, whatever happens")
    ap.add_argument("--out", required=True)
    ap.add_argument("--ready", help="file created once every port is bound")
    ap.add_argument("--steady-end", type=float, help="seconds after start at which to take every call's jitter "
                    "as well: the end of the window when all calls are up, before calls end (teardown, JIT, a heap "
                    "measurement's full GC land on the last packets, which the end-of-call jitter weighs most)")
    ap.add_argument("--packets", type=int, help="packets each call sends (to tell loss at a call's edges)")
    ap.add_argument("--play-log", help="SIPp's log of answered calls (media <call number> <ip> <port>): send "
                    "each call's audio, --packets packets, from its port")
    ap.add_argument("--watch", type=int, nargs="*", default=[], help="other local UDP ports whose kernel drops to report")
    args = ap.parse_args()
    if args.play_log and not args.packets:
        ap.error("--play-log needs --packets")
    if args.calls > 2499:
        ap.error("SIPp's auto_media_port wraps after 2,500 calls")

    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        need = args.calls + 64
        if soft < need:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(need, soft), hard), hard))
    except (ImportError, ValueError, OSError):
        pass

    poller = select.epoll()
    by_fd = {}
    ports = []
    for n in range(1, args.calls + 1):
        port = args.base + 4 * n
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 1 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        s.bind((args.ip, port))
        s.setblocking(False)
        poller.register(s.fileno(), select.EPOLLIN)
        by_fd[s.fileno()] = (s, port, Stream())
        ports.append(port)
    player = Player(args.play_log, args.packets, args.base, {port: s for s, port, _ in by_fd.values()}) if args.play_log else None
    if args.ready:
        with open(args.ready, "w") as f:
            f.write(str(os.getpid()))

    stop = False

    def on_signal(signum, frame):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    deadline = time.monotonic() + args.seconds
    cmsg_space = socket.CMSG_SPACE(16)
    started = time.time()

    def account(st, data, offset, length, arrival, addr_port):
        if length < 12 or data[offset] >> 6 != 2:
            return
        seq, ts = struct.unpack_from("!HI", data, offset + 2)
        st.received += 1
        if seq in st.seqs:
            st.dups += 1
            return
        st.seqs.add(seq)
        st.sources.add(addr_port)
        if st.first is None:
            st.first = arrival
        st.last = arrival
        transit = arrival * 8000 - ts  # both in 8 kHz units
        if st.transit is not None:
            d = abs(transit - st.transit)
            st.jitter += (d - st.jitter) / 16
        st.transit = transit

    # Reading lags arrival by up to `pause`: arrival times come from the kernel (SO_TIMESTAMPNS),
    # and the pause lets one poll return many ready sockets. One packet per ready socket and round
    # (epoll is level-triggered): no EAGAIN exception per round.
    pause = 0.005

    def read_one(s, st):
        data, anc, _, addr = s.recvmsg(2048, cmsg_space)
        arrival = None
        for level, kind, value in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", value[:16])
                arrival = sec + nsec / 1e9
        account(st, data, 0, len(data), arrival or time.time(), addr[1])

    steady_at = time.monotonic() + args.steady_end if args.steady_end else None
    while not stop and time.monotonic() < deadline:
        if steady_at is not None and time.monotonic() >= steady_at:
            steady_at = None
            for _, _, st in by_fd.values():
                if st.received:
                    st.steady_jitter = st.jitter
        if player:
            now = time.monotonic()
            player.read_log(now)
            player.send_due(now)
            due = player.next_due()
            timeout = 0.001 if due is None else min(0.001, max(0.0, due - time.monotonic()))
        else:
            timeout = 0.2
        for fd, _ in poller.poll(timeout):
            s, port, st = by_fd[fd]
            try:
                read_one(s, st)
            except (BlockingIOError, InterruptedError):
                continue
        if not player:
            time.sleep(pause)
    for s, port, st in by_fd.values():  # what is still queued
        while True:
            try:
                read_one(s, st)
            except (BlockingIOError, InterruptedError):
                break

    drops = udp_drops(ports + args.watch)
    streams = [st for _, _, st in by_fd.values()]
    with_media = [st for st in streams if st.received]
    jitters_ms = sorted(st.jitter / 8 for st in with_media)  # 8 units per ms at 8 kHz
    steady_ms = sorted(st.steady_jitter / 8 for st in with_media if st.steady_jitter is not None)
    # where the lost packets were: gaps inside a call's sequence range, or missing at its edges
    # (first or last packets; a relay renumbers, so which edge is not known), given --packets per call
    def span(seqs):  # a relay starts at a random number, so a call's numbers may wrap past 65,535
        if max(seqs) - min(seqs) > 32768:
            seqs = [q + 65536 if q < 32768 else q for q in seqs]
        return max(seqs) - min(seqs) + 1
    gaps = sum(span(st.seqs) - len(st.seqs) for st in with_media)
    edges = sum(max(0, args.packets - span(st.seqs)) for st in with_media) if args.packets else None
    calls_short = sum(1 for st in with_media if args.packets and len(st.seqs) < args.packets)
    sources = sorted({p for st in with_media for p in st.sources})
    summary = {
        "calls_bound": len(streams),
        "calls_with_media": len(with_media),
        "packets_received": sum(st.received for st in streams),
        "packets_unique": sum(len(st.seqs) for st in streams),
        "duplicates": sum(st.dups for st in streams),
        "per_call_unique": sorted(len(st.seqs) for st in with_media),
        "jitter_ms_mean": mean(jitters_ms),
        "jitter_ms_p50": jitters_ms[len(jitters_ms) // 2] if jitters_ms else None,
        "jitter_ms_p99": p99(jitters_ms),
        "jitter_ms_max": jitters_ms[-1] if jitters_ms else None,
        "jitter_steady_ms_mean": mean(steady_ms),
        "jitter_steady_ms_p99": p99(steady_ms),
        "missing_inside": gaps,
        "missing_at_edges": edges,
        "calls_short": calls_short,
        "source_ports_min": sources[0] if sources else None,
        "source_ports_max": sources[-1] if sources else None,
        "source_ports_distinct": len(sources),
        "counter_socket_drops": sum(v for p, v in drops.items() if p in set(ports)),
        "watched_socket_drops": {str(p): drops.get(p, 0) for p in args.watch},
        "seconds_listened": round(time.time() - started, 1),
        "counter_cpu_s": round(sum(os.times()[:2]), 2),
        "streams_played": player.streams if player else None,
        "packets_sent": player.sent if player else None,
        "send_failures": player.send_failures if player else None,
    }
    with open(args.out, "w") as f:
        json.dump(summary, f)


if __name__ == "__main__":
    main()
