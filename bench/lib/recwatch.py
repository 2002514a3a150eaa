#!/usr/bin/env python3
"""Watches Switchboard's recordings while bench/recording.sh loads it, and reports on what it saw.
Python standard library only.

  recwatch.py watch --root DIR [--rest URL --user U --password P] --out watch.json [--ready FILE]
      Until SIGTERM: every --interval (0.25 s) scans DIR/<yyyy-MM-dd>/ for <id>.wav (media's raw
      capture) and <id>.mp3 (the recording bundle's playable file) and keeps, per recording, the
      time each file was first seen, its last modification time and size. Every --rest-interval
      (2 s) it lists GET <rest>/recordings (as a supervisor, who sees every recording) and keeps
      the first time each recording was seen in each status (RECORDING, RAW, READY, FAILED) and the
      count per status. Writes the per-recording table and both time series as JSON.
      The REST listing is optional: without it (or when it fails) the files alone are used.

  recwatch.py report --watch watch.json --from MS --steady MS --load-end MS --to MS
      One load step: recordings whose capture began in [from, load-end); the RAW backlog over
      [steady, load-end] (its least-squares slope, per second, and max); hang-up -> playable
      latencies; disk bytes per call-minute. Prints key=value pairs on one line.

Why files: the WAV's last write is the moment media stopped capturing (the hang-up), and the MP3's
last write the moment it was complete, both at the file system's clock resolution, with no load
on the JVM under test. A listing every 2 s confirms READY (at its coarser resolution) and gives
the authoritative RAW count.
"""
import argparse
import json
import os
import re
import signal
import sys
import time
import urllib.request

NAME = re.compile(r"^([0-9a-fA-F-]{36})\.(wav|mp3)$")
IDLE_S = 1.5  # a WAV not written for this long belongs to an ended call


def iso_ms(text):
    """Epoch ms of an ISO-8601 instant such as 2026-12-05T23:08:01.881Z (Python 3.11 parses it)."""
    if not text:
        return None
    from datetime import datetime
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))  # nanoseconds: keep micro
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def now_ms():
    return time.time_ns() // 1_000_000


class Rest:
    def __init__(self, url, user, password, limit=500):
        self.url, self.user, self.password, self.token, self.limit = url.rstrip("/"), user, password, None, limit

    def _login(self):
        body = json.dumps({"username": self.user, "password": self.password}).encode()
        req = urllib.request.Request(self.url + "/sessions", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            self.token = json.load(r)["token"]

    def get(self, path):
        if self.token is None:
            self._login()
        req = urllib.request.Request(self.url + path, headers={"Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)

    def hangups(self, since_ms, page=200):
        """recording id -> its call's endedAt (epoch ms), from the call logs newer than since_ms (newest first)."""
        out, offset = {}, 0
        while True:
            data = self.get("/call-logs?offset=%d&limit=%d" % (offset, page))
            items = data.get("items", []) if isinstance(data, dict) else data
            for log in items:
                ended = iso_ms(log.get("endedAt"))
                for rid in log.get("recordingIds") or []:
                    if ended is not None:
                        out[str(rid).lower()] = ended
            if len(items) < page or all((iso_ms(l.get("startedAt")) or 0) < since_ms for l in items):
                return out
            offset += page

    def recordings(self):
        if self.token is None:
            self._login()
        req = urllib.request.Request(self.url + "/recordings?limit=%d" % self.limit,
                                     headers={"Authorization": "Bearer " + self.token})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                data = json.load(r)
        except urllib.error.HTTPError as e:
            if e.code == 401:
                self.token = None
            raise
        items = data.get("items", []) if isinstance(data, dict) else data
        return [(str(i.get("id")), str(i.get("status", "")).upper(), i.get("durationSeconds"))
                for i in items if isinstance(i, dict)]


def watch(args):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    rest = Rest(args.rest, args.user, args.password) if args.rest else None
    recs = {}          # id -> dict
    files_series = []  # [t, recording, raw_backlog, playable]
    rest_series = []   # [t, {status: count}]
    rest_errors = 0
    rest_error = ""
    next_rest = 0
    if args.ready:
        open(args.ready, "w").close()
    while not stop:
        t = now_ms()
        try:
            days = [e.path for e in os.scandir(args.root) if e.is_dir() and re.match(r"^\d{4}-\d{2}-\d{2}$", e.name)]
        except FileNotFoundError:
            days = []
        for day in days:
            try:
                entries = list(os.scandir(day))
            except FileNotFoundError:
                continue
            for e in entries:
                m = NAME.match(e.name)
                if not m:
                    continue
                try:
                    st = e.stat()
                except FileNotFoundError:
                    continue
                r = recs.setdefault(m.group(1).lower(), {})
                kind = m.group(2)
                if kind + "_seen" not in r:
                    r[kind + "_seen"] = t
                    r[kind + "_path"] = e.path
                r[kind + "_mtime"] = st.st_mtime_ns // 1_000_000
                r[kind + "_size"] = st.st_size
        recording = raw = playable = 0
        for r in recs.values():
            if "mp3_mtime" in r:
                playable += 1
            elif "wav_mtime" in r:
                if t - r["wav_mtime"] < IDLE_S * 1000:
                    recording += 1
                else:
                    raw += 1
        files_series.append([t, recording, raw, playable])
        if rest and t >= next_rest:
            next_rest = t + int(args.rest_interval * 1000)
            try:
                counts = {}
                for rid, status, seconds in rest.recordings():
                    counts[status] = counts.get(status, 0) + 1
                    r = recs.setdefault(rid.lower(), {})
                    r.setdefault("rest_" + status, t)
                    if seconds is not None:
                        r["rest_seconds"] = seconds
                rest_series.append([t, counts])
            except Exception as e:  # noqa: BLE001 - the listing is optional; count and go on
                rest_errors += 1
                rest_error = str(e)[:200]
        time.sleep(max(0.0, args.interval - (now_ms() - t) / 1000))
    json.dump({"recordings": recs, "files": files_series, "rest": rest_series, "rest_errors": rest_errors,
               "rest_error": rest_error}, open(args.out, "w"))


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(p / 100 * len(v) + 0.5)) - 1))]


def slope(points):
    """Least-squares slope of (t_ms, y) in y per second."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mt = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    den = sum((p[0] - mt) ** 2 for p in points)
    return 0.0 if den == 0 else sum((p[0] - mt) * (p[1] - my) for p in points) / den * 1000


def wav_seconds(size, byte_rate):
    return max(0, size - 44) / byte_rate


def byte_rate_of(recs, default):
    """The raw capture's bytes per second, from the first WAV header that reads."""
    import wave
    for r in recs.values():
        try:
            with wave.open(r["wav_path"]) as f:
                return f.getframerate() * f.getnchannels() * f.getsampwidth()
        except Exception:  # noqa: BLE001 - gone, or not a PCM WAV: try the next
            continue
    return default


def report(args):
    w = json.load(open(args.watch))
    recs = {k: r for k, r in w["recordings"].items()
            if "wav_seen" in r and args.frm <= r["wav_seen"] < args.until}
    args.byte_rate = byte_rate_of(recs, args.byte_rate)
    steady = [(t, raw) for t, _, raw, _ in w["files"] if args.steady <= t <= args.load_end]
    rest_raw = [(t, c.get("RAW", 0)) for t, c in w["rest"] if args.steady <= t <= args.load_end]
    rest_ok = bool(w["rest"]) and any(c for _, c in w["rest"])
    backlog = rest_raw if rest_ok and rest_raw else steady
    ready = [r for r in recs.values() if "mp3_mtime" in r]
    # hang-up: the call log's endedAt when the API gives it (exact, and right even if a capture
    # went on being written after the call), else the WAV's last write
    hangups = {}
    if args.rest:
        try:
            hangups = Rest(args.rest, args.user, args.password).hangups(args.frm - 600_000)
        except Exception as e:  # noqa: BLE001 - fall back to the files
            print("call logs unavailable (%s): hang-up = the WAV's last write" % str(e)[:120], file=sys.stderr)
    for k, r in recs.items():
        r["hangup"] = hangups.get(k, r.get("wav_mtime"))
    hangup_source = "call-log endedAt" if any(k in hangups for k in recs) else "WAV last write"
    late_writes = sum(1 for k, r in recs.items() if k in hangups and r.get("wav_mtime", 0) - hangups[k] > 2000)
    to_mp3 = [r["mp3_mtime"] - r["hangup"] for r in ready if r.get("hangup") is not None]
    to_ready = [r["rest_READY"] - r["hangup"] for r in recs.values() if "rest_READY" in r and r.get("hangup") is not None]
    failed = sum(1 for r in recs.values() if "rest_FAILED" in r and "rest_READY" not in r)
    wav_bytes = sum(r.get("wav_size", 0) for r in recs.values())
    mp3_bytes = sum(r.get("mp3_size", 0) for r in ready)
    # call-minutes: the recording's length as the store has it, else the WAV's
    minutes = sum(r["rest_seconds"] if "rest_seconds" in r else wav_seconds(r.get("wav_size", 0), args.byte_rate)
                  for r in recs.values()) / 60
    fmt = lambda v: "n/a" if v is None else str(v)
    out = {
        "recordings": len(recs),
        "playable": len(ready),
        "failed": failed,
        "backlog_source": "rest" if backlog is rest_raw and rest_ok else "files",
        "backlog_slope_per_s": "%.3f" % slope(backlog),
        "backlog_max": max((b for _, b in backlog), default=0),
        "backlog_end": backlog[-1][1] if backlog else 0,
        "mp3_p50_ms": fmt(pct(to_mp3, 50)),
        "mp3_p99_ms": fmt(pct(to_mp3, 99)),
        "mp3_max_ms": fmt(max(to_mp3, default=None)),
        "ready_p50_ms": fmt(pct(to_ready, 50)),
        "ready_p99_ms": fmt(pct(to_ready, 99)),
        "call_minutes": "%.1f" % minutes,
        "wav_bytes_per_min": "%.0f" % (wav_bytes / minutes if minutes else 0),
        "mp3_bytes_per_min": "%.0f" % (mp3_bytes / minutes if minutes else 0),
        "wav_byte_rate": args.byte_rate,
        "hangup_source": hangup_source.replace(" ", "_"),
        "wav_written_after_hangup": late_writes,
        "rest_errors": w.get("rest_errors", 0),
    }
    print(" ".join("%s=%s" % kv for kv in out.items()))


def files(args):
    """The WAVs of the window's recordings, oldest first (for the peer encoder)."""
    w = json.load(open(args.watch))
    rows = sorted((r["wav_seen"], k) for k, r in w["recordings"].items()
                  if "wav_seen" in r and args.frm <= r["wav_seen"] < args.load_end and "mp3_mtime" in r)
    for _, k in rows[: args.limit]:
        print(w["recordings"][k]["wav_path"])


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("watch")
    a.add_argument("--root", required=True)
    a.add_argument("--rest")
    a.add_argument("--user", default="carol")
    a.add_argument("--password", default="carol-secret")
    a.add_argument("--interval", type=float, default=0.25)
    a.add_argument("--rest-interval", type=float, default=2.0)
    a.add_argument("--out", required=True)
    a.add_argument("--ready")
    for name in ("report", "files"):
        b = sub.add_parser(name)
        b.add_argument("--watch", required=True)
        b.add_argument("--from", dest="frm", type=int, required=True)
        b.add_argument("--load-end", type=int, required=True)
        if name == "report":
            b.add_argument("--steady", type=int, required=True)
            b.add_argument("--to", type=int, required=True)
            b.add_argument("--until", type=int, required=True, help="recordings begun before this (the load's end)")
            b.add_argument("--byte-rate", type=int, default=32000, help="raw capture bytes per second (8 kHz 16-bit stereo)")
            b.add_argument("--rest")
            b.add_argument("--user", default="carol")
            b.add_argument("--password", default="carol-secret")
        else:
            b.add_argument("--limit", type=int, default=50)
    args = p.parse_args()
    {"watch": watch, "report": report, "files": files}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
