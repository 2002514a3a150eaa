#!/usr/bin/env python3
"""RTP echo for the phones of the media benchmark: every UDP packet received on one of the given
127.0.0.1 ports is sent back to its sender, unchanged — or, with --own-ssrc, with its SSRC inverted,
so the echo is a source of its own as a real phone is (a relay such as rtpengine takes packets that
come back unchanged for a media loop and drops them).

It replaces SIPp's -rtp_echo, whose socket keeps the kernel's default receive buffer (~208 KB,
i.e. ~200 G.711 packets on loopback): a few tens of milliseconds without CPU on a busy 2-core
machine and the kernel drops packets. Here each socket gets a 4 MB buffer (SO_RCVBUFFORCE as root)
and the kernel's drop counters are reported at the end, with the packets echoed.

It stops by itself after --seconds, or earlier on SIGTERM/SIGINT, then writes a JSON summary.
Python standard library only.

usage: rtpecho.py --ports P [P ...] --seconds S --out summary.json [--ready FILE] [--own-ssrc]
"""
import argparse
import json
import os
import select
import signal
import socket
import time

SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)
SO_SNDBUFFORCE = getattr(socket, "SO_SNDBUFFORCE", 32)
BUFFER = 4 << 20


def udp_drops(ports):
    drops = {}
    try:
        with open("/proc/net/udp") as f:
            next(f)
            for line in f:
                fields = line.split()
                port = int(fields[1].split(":")[1], 16)
                if port in ports:
                    drops[port] = drops.get(port, 0) + int(fields[-1])
    except OSError:
        pass
    return drops


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ports", type=int, nargs="+", required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ready")
    ap.add_argument("--own-ssrc", action="store_true", help="send back with the SSRC inverted")
    args = ap.parse_args()
    own_ssrc = args.own_ssrc

    poller = select.epoll()
    socks = {}
    for port in args.ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for force, plain in ((SO_RCVBUFFORCE, socket.SO_RCVBUF), (SO_SNDBUFFORCE, socket.SO_SNDBUF)):
            try:
                s.setsockopt(socket.SOL_SOCKET, force, BUFFER)
            except OSError:
                s.setsockopt(socket.SOL_SOCKET, plain, BUFFER)
        s.bind(("127.0.0.1", port))
        s.setblocking(False)
        poller.register(s.fileno(), select.EPOLLIN)
        socks[s.fileno()] = s
    if args.ready:
        with open(args.ready, "w") as f:
            f.write(str(os.getpid()))

    stop = False

    def on_signal(signum, frame):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    buf = bytearray(2048)
    view = memoryview(buf)
    echoed = send_failures = 0
    deadline = time.monotonic() + args.seconds
    while not stop and time.monotonic() < deadline:
        for fd, _ in poller.poll(0.2):
            s = socks[fd]
            recv, send = s.recvfrom_into, s.sendto
            while True:
                try:
                    n, addr = recv(buf)
                except BlockingIOError:
                    break
                except InterruptedError:
                    continue
                if own_ssrc and n >= 12:
                    buf[8] ^= 0xFF
                    buf[9] ^= 0xFF
                    buf[10] ^= 0xFF
                    buf[11] ^= 0xFF
                try:
                    send(view[:n], addr)
                    echoed += 1
                except OSError:
                    send_failures += 1

    drops = udp_drops(set(args.ports))
    with open(args.out, "w") as f:
        json.dump({"echoed": echoed, "send_failures": send_failures, "socket_drops": sum(drops.values()),
                   "cpu_s": round(sum(os.times()[:2]), 2)}, f)


if __name__ == "__main__":
    main()
