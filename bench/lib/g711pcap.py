#!/usr/bin/env python3
"""Writes a pcap of one G.711 µ-law RTP stream (20 ms packets, payload type 0) for SIPp's
play_pcap_audio. Python standard library only. rtpcount.py sends the same audio (ToneAudio) over plain
UDP sockets.

The audio is a 425 Hz tone switched on and off every second (so a listener can tell it from silence
and from comfort noise), at -10 dBFS. SIPp rewrites the UDP ports and addresses when it plays the
file; it keeps the RTP header (sequence numbers, timestamps, SSRC) as written here.

usage: g711pcap.py <out.pcap> <seconds>
"""
import math
import struct
import sys

RATE = 8000
PTIME_MS = 20
SAMPLES = RATE * PTIME_MS // 1000  # 160 per packet
SSRC = 0x5B0A2D01


def ulaw(sample: int) -> int:
    """G.711 µ-law encoding of a 16-bit linear sample (ITU-T G.711, with the usual bias of 0x84)."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    if sample < 0:
        sample = -sample
    sample = min(sample, clip) + bias
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not sample & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


class ToneAudio:
    """The payload of packet n of the stream: the 425 Hz tone at -10 dBFS, on and off every second."""

    def __init__(self):
        amplitude = 32767 * 10 ** (-10 / 20)
        # one period of the tone's samples repeats every 8000/gcd(8000,425) = 320 samples: two packets
        table = [ulaw(int(amplitude * math.sin(2 * math.pi * 425 * n / RATE))) for n in range(320)]
        self.tone = [bytes(table[(phase + i) % 320] for i in range(SAMPLES)) for phase in (0, SAMPLES)]
        self.silence = bytes([ulaw(0)]) * SAMPLES

    def __call__(self, seq: int) -> bytes:
        start = seq * SAMPLES
        return self.tone[seq % 2] if (start // RATE) % 2 == 0 else self.silence


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def packet(seq: int, ts: int, payload: bytes, src=(127, 0, 0, 1), dst=(127, 0, 0, 1), sport=6000, dport=6000) -> bytes:
    rtp = struct.pack("!BBHII", 0x80, (0x80 if seq == 0 else 0) | 0, seq & 0xFFFF, ts & 0xFFFFFFFF, SSRC) + payload
    udp_len = 8 + len(rtp)
    pseudo = struct.pack("!4s4sBBH", bytes(src), bytes(dst), 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0)
    csum = checksum(pseudo + udp + rtp) or 0xFFFF
    udp = struct.pack("!HHHH", sport, dport, udp_len, csum)
    total_len = 20 + udp_len
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0xB8, total_len, seq & 0xFFFF, 0x4000, 64, 17, 0, bytes(src), bytes(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + udp + rtp


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, seconds = sys.argv[1], float(sys.argv[2])
    packets = int(round(seconds * 1000 / PTIME_MS))
    payload = ToneAudio()
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))  # pcap header, Ethernet
        for seq in range(packets):
            frame = packet(seq, seq * SAMPLES, payload(seq))
            usec = seq * PTIME_MS * 1000
            f.write(struct.pack("<IIII", usec // 1_000_000, usec % 1_000_000, len(frame), len(frame)))
            f.write(frame)
    print(f"{out}: {packets} RTP packets, {seconds:g} s of G.711 µ-law")


if __name__ == "__main__":
    main()
