"""Key pages' latency as a multiple of a bare Django view, on a large data set in PostgreSQL.

Run with `make bench`. Each page is requested in-process through Django's test client (the full
middleware stack and real database, no network), after warm-up; the report gives the median and
the 90th percentile in milliseconds and the median as a ratio to the bare view measured in the
same run, so numbers compare across machines. Results go to bench/results/latest.json.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.generate import generate  # noqa: E402
from bench.learning import generate_learning  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
PAGES = [  # (name, role that asks, path)
    ("home", None, "/"),
    ("trainee home", "trainee", "/learn/"),
    ("supervisor home", "supervisor", "/supervise/"),
    ("staff home (5,000 trainees on the platform)", "staff", "/staff/"),
]


def measure(client: Client, path: str) -> tuple[list[float], int]:
    for _ in range(5):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    reset_queries()  # each request resets the log; start the capture from an empty one
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    return timings, len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    people = generate()
    pages = PAGES + generate_learning(people)
    anonymous = Client()
    bare, _ = measure(anonymous, "/bench/bare/")
    bare_median = statistics.median(bare)
    rows = [{"page": "bare Django view", "median_ms": bare_median, "ratio": 1.0, "queries": 0}]
    for name, role, path in pages:
        client = Client()
        if role:
            client.force_login(people[role])
        timings, queries = measure(client, path)
        median = statistics.median(timings)
        rows.append(
            {
                "page": name,
                "path": path,
                "median_ms": round(median, 2),
                "p90_ms": round(statistics.quantiles(timings, n=10)[-1], 2),
                "ratio": round(median / bare_median, 1),
                "queries": queries,
            }
        )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(rows, indent=2))
    print(f"{'page':<48}{'median ms':>10}{'p90 ms':>9}{'× bare':>8}{'queries':>9}")
    for row in rows:
        print(
            f"{row['page']:<48}{row['median_ms']:>10.2f}{row.get('p90_ms', 0):>9.2f}"
            f"{row['ratio']:>8.1f}{row['queries']:>9}"
        )


if __name__ == "__main__":
    main()
