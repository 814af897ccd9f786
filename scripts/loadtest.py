"""Load test of the HTTP API on loopback, bounded in count and time.

Builds a corpus of at least --events events (the sample articles ingested,
then their events copied with new ids and dates spread over a year - enough
to exercise the queries at that size), starts `flashpoint serve` on a free
loopback port, sends at most --requests filtered event queries from
--concurrency threads for at most --seconds, and prints requests/s and
latency percentiles. Traffic goes to 127.0.0.1 only.

    .venv/bin/python scripts/loadtest.py --events 100000 --requests 3000 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_db(path: Path, events: int) -> int:
    from flashpoint.inputs import iter_inputs
    from flashpoint.store import Store, ingest_articles

    ingest_articles(iter_inputs([ROOT / "samples", ROOT / "tests" / "data" / "merge"], "2022-02-23"), path)
    with Store(path) as s:
        base = s.count("events")
        copies = max(0, -(-events // base) - 1)
        s.con.execute("BEGIN TRANSACTION")
        s.con.execute(f"""INSERT INTO events SELECT * EXCLUDE (k) REPLACE (
                id || '-' || k AS id,
                strftime(CAST(DATE '2022-01-01' + CAST((hash(id || k) % 365) AS INTEGER) AS DATE), '%Y-%m-%d') AS date)
            FROM events, range(1, {copies + 1}) t(k)""")
        s.con.execute("COMMIT")
        s.rebuild_clusters()
        return s.count("events")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    import httpx

    from flashpoint.serve import wait_until_up

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        n_events = build_db(db, args.events)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "serve", "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_up(base):
                raise SystemExit("the server did not start")
            pairs = [("RUS", "UKR"), ("USA", "RUS"), ("EU", None), ("UKR", None), (None, "RUS"), ("CHN", "USA")]
            types = ["ASSAULT", "THREATEN", "SANCTION", "MOBILIZE", None, None]
            statuses = ["asserted", "hypothetical", None, None]
            latencies: list[float] = []
            errors = 0
            budget = threading.Semaphore(args.requests)
            deadline = time.monotonic() + args.seconds
            lock = threading.Lock()

            def worker(seed: int) -> None:
                nonlocal errors
                rng = random.Random(seed)
                with httpx.Client(base_url=base, timeout=10) as client:
                    while time.monotonic() < deadline and budget.acquire(blocking=False):
                        src, tgt = rng.choice(pairs)
                        params = {k: v for k, v in {"source": src, "target": tgt, "type": rng.choice(types),
                                  "status": rng.choice(statuses), "since": f"2022-{rng.randint(1, 6):02d}-01",
                                  "limit": 50, "offset": rng.choice([0, 0, 50, 100])}.items() if v is not None}
                        t0 = time.perf_counter()
                        r = client.get("/api/events", params=params)
                        dt = time.perf_counter() - t0
                        with lock:
                            latencies.append(dt)
                            errors += r.status_code != 200

            t0 = time.perf_counter()
            threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.concurrency)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=10)
    lat = sorted(latencies)
    figures = {"events": n_events, "requests": len(lat), "errors": errors, "seconds": round(wall, 2),
               "requests_per_s": round(len(lat) / wall, 1), "p50_ms": round(1000 * statistics.median(lat), 1),
               "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1), "max_ms": round(1000 * lat[-1], 1),
               "concurrency": args.concurrency}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
