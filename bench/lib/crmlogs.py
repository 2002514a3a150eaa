#!/usr/bin/env python3
"""Switchboard's call logs and their CRM deliveries, for bench/crm.sh (Python 3 standard library only).

  crmlogs.py pending  --rest URL --token T
      prints the outbox's pending count from GET /health (components.outbox, shown to supervisors:
      T is a supervisor's session token), or -1 when absent
  crmlogs.py wait     --rest URL --user U --password P --since MS --until MS --count N --timeout S --out FILE
      waits until N call logs of the agent started in [since, until] are stored (or the timeout, or no new
      log for 5 s), writes their ids, one a line; prints how many
  crmlogs.py follow   --rest URL --user U --password P --ids FILE --connectors local,salesforce --timeout S
      polls the first id of the file (the newest call) every 0.5 s until none of its deliveries to the connectors
      is PENDING: one request a poll, so waiting for a burst's deliveries hardly loads Switchboard
  crmlogs.py collect  --rest URL --user U --password P --ids FILE --connectors local,salesforce --timeout S --out FILE
      GET /call-logs/{id} for each id, again for those whose delivery to one of the connectors is still
      PENDING (every 0.5 s, until the timeout); writes a JSON list of {id, endedAt, deliveries: {connector:
      {status, deliveredAt, error}}} with times in epoch milliseconds
  crmlogs.py stats    --logs FILE --connector C [--tasks FILE]
      one line of figures for that connector: delivered, not delivered, hang-up -> Task latency p50/p99/max,
      Task span and rate, hang-up span and rate. With --tasks (the emulator's "CallObject<TAB>CreatedDate ms"
      lines) the Task's moment is its CreatedDate in Salesforce, else the delivery's deliveredAt.
"""
import argparse
import datetime
import http.client
import json
import re
import sys
import time
import urllib.parse


class Rest:
    """One keep-alive connection to Switchboard's REST API, logged in as an agent."""

    def __init__(self, base, user, password):
        url = urllib.parse.urlsplit(base)
        if url.scheme != "http" or not url.hostname.startswith("127."):
            sys.exit(f"crmlogs: {base} is not an http URL on 127.0.0.0/8")
        self.host, self.port, self.prefix = url.hostname, url.port or 80, url.path.rstrip("/")
        self.conn = None
        self.token = None
        if user:
            status, body = self.call("POST", "/sessions", {"username": user, "password": password})
            if status not in (200, 201):
                sys.exit(f"crmlogs: login of {user} failed: {status} {body}")
            self.token = body["token"]

    def call(self, method, path, body=None):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more on a new one
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, self.prefix + path, body=data, headers=headers)
                answer = self.conn.getresponse()
                raw = answer.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        try:
            return answer.status, json.loads(raw) if raw else None
        except ValueError:
            return answer.status, raw.decode(errors="replace")[:300]


def millis(text):
    if text is None:
        return None
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def percentile(sorted_values, p):
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def cmd_pending(args):
    rest = Rest(args.rest, None, None)
    rest.token = args.token
    status, body = rest.call("GET", "/health")
    outbox = (body or {}).get("components", {}).get("outbox") if isinstance(body, dict) else None
    detail = json.dumps(outbox or {})
    m = re.search(r"(\d+) pending", detail)
    print(m.group(1) if m else -1)


def list_window(rest, since, until):
    found, offset = [], 0
    while True:
        status, body = rest.call("GET", f"/call-logs?limit=500&offset={offset}")
        if status != 200:
            sys.exit(f"crmlogs: GET /call-logs: {status} {body}")
        items = body["items"] if isinstance(body, dict) else body
        for log in items:
            started = millis(log["startedAt"])
            if since <= started <= until:
                found.append(log["id"])
        # newest first: stop once a page reaches logs older than the window
        if len(items) < 500 or (items and millis(items[-1]["startedAt"]) < since):
            return found
        offset += 500


def cmd_wait(args):
    rest = Rest(args.rest, args.user, args.password)
    deadline = time.monotonic() + args.timeout
    ids, last_growth, last_count = [], time.monotonic(), -1
    while True:
        ids = list_window(rest, args.since, args.until)
        if len(ids) != last_count:
            last_count, last_growth = len(ids), time.monotonic()
        if len(ids) >= args.count or time.monotonic() > deadline or time.monotonic() - last_growth > 5:
            break
        time.sleep(0.5)
    with open(args.out, "w") as out:
        out.writelines(i + "\n" for i in ids)
    print(len(ids))


def read_log(rest, log_id):
    status, body = rest.call("GET", f"/call-logs/{log_id}")
    if status != 200:
        return None
    deliveries = {d["connector"]: {"status": d["status"], "deliveredAt": millis(d.get("deliveredAt")),
                                   "error": d.get("error")} for d in body.get("deliveries") or []}
    return {"id": log_id, "endedAt": millis(body["endedAt"]), "deliveries": deliveries}


def pending_for(log, connectors):
    return log is None or any(log["deliveries"].get(c, {}).get("status", "PENDING") == "PENDING" for c in connectors)


def cmd_follow(args):
    rest = Rest(args.rest, args.user, args.password)
    connectors = [c for c in args.connectors.split(",") if c]
    newest = next((line.strip() for line in open(args.ids) if line.strip()), None)
    deadline = time.monotonic() + args.timeout
    while newest and pending_for(read_log(rest, newest), connectors) and time.monotonic() < deadline:
        time.sleep(0.5)


def cmd_collect(args):
    rest = Rest(args.rest, args.user, args.password)
    connectors = [c for c in args.connectors.split(",") if c]
    ids = [line.strip() for line in open(args.ids) if line.strip()]
    logs = {}
    deadline = time.monotonic() + args.timeout
    todo = ids
    while todo:
        still = []
        for log_id in todo:
            log = read_log(rest, log_id)
            if log is not None:
                logs[log_id] = log
            if pending_for(log, connectors):
                still.append(log_id)
        todo = still
        if not todo or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    with open(args.out, "w") as out:
        json.dump([logs[i] for i in ids if i in logs], out)
    print(f"{len(logs)} logs read, {len(todo)} still pending or unreadable")


def cmd_stats(args):
    logs = json.load(open(args.logs))
    tasks = None
    if args.tasks:
        tasks = {}
        for line in open(args.tasks):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0] not in tasks:
                tasks[parts[0]] = int(parts[1])
    latencies, moments, ends, errors = [], [], [], {}
    undelivered = 0
    for log in logs:
        ends.append(log["endedAt"])
        d = log["deliveries"].get(args.connector)
        if not d or d["status"] != "DELIVERED":
            undelivered += 1
            if d and d.get("error"):
                errors[d["error"]] = errors.get(d["error"], 0) + 1
            continue
        at = tasks.get(log["id"]) if tasks is not None else d["deliveredAt"]
        if at is None:
            undelivered += 1
            missing = "delivered, but no Task with this CallObject in Salesforce"
            errors[missing] = errors.get(missing, 0) + 1
            continue
        moments.append(at)
        latencies.append(at - log["endedAt"])
    latencies.sort()
    moments.sort()
    ends.sort()

    def span_rate(points):
        if len(points) < 2:
            return 0.0, 0.0
        span = (points[-1] - points[0]) / 1000
        return span, ((len(points) - 1) / span if span > 0 else float("inf"))

    task_span, task_rate = span_rate(moments)
    end_span, end_rate = span_rate(ends)
    # from the first hang-up to the last Task: the whole burst as the CRM sees it
    whole = (moments[-1] - ends[0]) / 1000 if moments and ends else 0
    fields = {
        "logs": len(logs), "delivered": len(moments), "undelivered": undelivered,
        "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
        "max_ms": latencies[-1] if latencies else None, "min_ms": latencies[0] if latencies else None,
        "task_span_s": round(task_span, 3), "per_s": round(task_rate, 1),
        "end_span_s": round(end_span, 3), "ended_per_s": round(end_rate, 1),
        "first_end_to_last_task_s": round(whole, 3),
        "last_task_ms": moments[-1] if moments else None,
    }
    print(" ".join(f"{k}={'n/a' if v is None else v}" for k, v in fields.items()))
    for error, count in sorted(errors.items(), key=lambda e: -e[1])[:3]:
        print(f"  not delivered ({count}): {error}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("pending", "wait", "follow", "collect"):
        p = sub.add_parser(name)
        p.add_argument("--rest", required=True)
        if name == "pending":
            # the health report's components are shown to supervisors only: a token of one (no login per poll)
            p.add_argument("--token", required=True)
        else:
            p.add_argument("--user", required=True)
            p.add_argument("--password", required=True)
            p.add_argument("--timeout", type=float, default=60)
            if name != "follow":
                p.add_argument("--out", required=True)
    w = sub.choices["wait"]
    w.add_argument("--since", type=int, required=True)
    w.add_argument("--until", type=int, required=True)
    w.add_argument("--count", type=int, required=True)
    for name in ("follow", "collect"):
        sub.choices[name].add_argument("--ids", required=True)
        sub.choices[name].add_argument("--connectors", required=True)
    s = sub.add_parser("stats")
    s.add_argument("--logs", required=True)
    s.add_argument("--connector", required=True)
    s.add_argument("--tasks")
    args = parser.parse_args()
    {"pending": cmd_pending, "wait": cmd_wait, "follow": cmd_follow, "collect": cmd_collect, "stats": cmd_stats}[args.cmd](args)


if __name__ == "__main__":
    main()
