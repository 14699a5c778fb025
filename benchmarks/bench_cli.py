"""Start-up time of `metroscope --help` (the promise: under 0.5 s)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def main() -> None:
    """Time `python -m metroscope --help` five times and print the median."""
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "metroscope", "--help"], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"metroscope --help: median {med:.3f} s over 5 runs (target < 0.5 s): "
          f"{'OK' if med < 0.5 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
