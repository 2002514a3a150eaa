"""The benches' test audio: G.711 µ-law, 20 ms packets, a 425 Hz tone at -10 dBFS switched on and off
every second (so a listener can tell it from silence and from comfort noise). rtpcount.py sends it as
each call's audio. Python standard library only.
"""
import math

RATE = 8000
PTIME_MS = 20
SAMPLES = RATE * PTIME_MS // 1000  # 160 per packet


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
