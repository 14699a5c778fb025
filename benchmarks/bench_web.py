"""Load on the web app: 50 concurrent clients on the overview page and the cached analysis
endpoints (p50/p95 latency; target p95 < 100 ms), and the first, uncached scenario compare
(target < 2 s).

Starts ``metroscope serve`` in a subprocess on 127.0.0.1 and a free port (nothing else is
contacted), warms the caches once, then runs bounded request loops (``REQUESTS`` per client,
at most ``MAX_SECONDS`` per endpoint) and stops the server. Beside the latencies it prints the
server process's CPU time per request (from /proc) and that of the client threads (this
process), which depend much less on what else runs on the machine than the wall-clock
latencies do. Usage::

    python benchmarks/bench_web.py [CLIENTS] [REQUESTS] [--raw]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import httpx

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
CLIENTS = int(ARGS[0]) if len(ARGS) > 0 else 50
REQUESTS = int(ARGS[1]) if len(ARGS) > 1 else 20
#: ``--raw``: the clients are coroutines on one event loop speaking HTTP/1.1 over their own
#: keep-alive sockets (about a tenth of httpx's CPU per request), so that less of the two
#: cores goes to the clients; the default is httpx in threads, as before.
RAW = "--raw" in sys.argv[1:]
MAX_SECONDS = 120.0
ENDPOINTS = [
    "/",
    "/api/v1/circle",
    "/api/v1/indicators/primacy?measure=gdp&year=2023",
    "/api/v1/traveltime?mode=rail",
    "/api/v1/scenarios/compare?spec=chang-si-liao-tong",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(port: int, data_dir: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "metroscope", "serve", "--port", str(port), "--data-dir",
         data_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2).is_success:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    msg = "the server did not start within 180 s"
    raise RuntimeError(msg)


def hammer(base: str, path: str) -> list[float]:
    """CLIENTS threads, each with its own connection, REQUESTS requests each."""
    times: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + MAX_SECONDS
    errors: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(REQUESTS):
                if time.monotonic() > stop_at:
                    return
                t0 = time.perf_counter()
                r = c.get(path)
                dt = time.perf_counter() - t0
                if r.status_code != 200:
                    errors.append(f"{r.status_code}")
                with lock:
                    times.append(dt)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"  {len(errors)} non-200 answers on {path}")
    return times


async def _raw_client(port: int, path: str, times: list[float], errors: list[str],
                      stop_at: float) -> None:
    """One client: its own connection, REQUESTS GETs, the cookies it is given sent back."""
    import asyncio

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    cookies: dict[str, str] = {}
    try:
        for _ in range(REQUESTS):
            if time.monotonic() > stop_at:
                return
            jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
            head = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    + (f"Cookie: {jar}\r\n" if jar else "") + "\r\n")
            t0 = time.perf_counter()
            writer.write(head.encode())
            raw = await reader.readuntil(b"\r\n\r\n")
            lines = raw.decode("latin-1").split("\r\n")
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "set-cookie":
                    k, _, v = value.strip().split(";")[0].partition("=")
                    cookies[k] = v
            await reader.readexactly(length)
            times.append(time.perf_counter() - t0)
            if lines[0].split()[1] != "200":
                errors.append(lines[0])
    finally:
        writer.close()


def hammer_raw(port: int, path: str) -> list[float]:
    """CLIENTS coroutines (``--raw``), each with its own connection."""
    import asyncio

    times: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + MAX_SECONDS

    async def run() -> None:
        await asyncio.gather(*[_raw_client(port, path, times, errors, stop_at)
                               for _ in range(CLIENTS)])

    asyncio.run(run())
    if errors:
        print(f"  {len(errors)} non-200 answers on {path}")
    return times


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100)[int(q) - 1] if len(xs) > 1 else xs[0]


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        proc = start(port, data)
        try:
            with httpx.Client(base_url=base, timeout=600) as c:
                t0 = time.perf_counter()
                c.get("/api/v1/circle").raise_for_status()  # opens the region
                print(f"warm-up (region + first circle): {time.perf_counter() - t0:.2f} s")
                body = {"name": "bench-faster", "edits": [
                    {"op": "set_speed", "mode": "hsr", "speed_kph": 333}]}
                t0 = time.perf_counter()
                c.post("/api/v1/scenarios/evaluate", json=body).raise_for_status()
                first = time.perf_counter() - t0
                t0 = time.perf_counter()
                c.get("/api/v1/scenarios/compare?spec=network-2030").raise_for_status()
                first_cmp = time.perf_counter() - t0
                print(f"first (uncached) scenario evaluate: {first:.2f} s; first compare "
                      f"network-2030: {first_cmp:.2f} s (target < 2 s): "
                      f"{'OK' if max(first, first_cmp) < 2 else 'TOO SLOW'}")
                for path in ENDPOINTS:
                    c.get(path).raise_for_status()
            print(f"{CLIENTS} concurrent clients ({'coroutines' if RAW else 'httpx threads'}) x "
                  f"{REQUESTS} requests, load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            for path in ENDPOINTS:
                cpu0, own0 = cpu_seconds(proc.pid), time.process_time()
                times = hammer_raw(port, path) if RAW else hammer(base, path)
                cpu = (cpu_seconds(proc.pid) - cpu0) / len(times) * 1000
                own = (time.process_time() - own0) / len(times) * 1000
                p50, p95 = pct(times, 50) * 1000, pct(times, 95) * 1000
                print(f"  {path}: n={len(times)} p50 {p50:.1f} ms p95 {p95:.1f} ms "
                      f"(target p95 < 100 ms): {'OK' if p95 < 100 else 'TOO SLOW'}; "
                      f"CPU per request: server {cpu:.2f} ms, clients {own:.2f} ms; load "
                      f"{os.getloadavg()[0]:.1f}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
