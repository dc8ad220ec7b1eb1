"""The benchmark behind `make bench`: the pages people use most, served the way production is.

1. Builds (or reuses) the load data set in its own PostgreSQL database (`generate_load_data`:
   by default 10 organisations, 5,000 trainees, 100 practice entries each).
2. Starts gunicorn (2 sync workers by default) on bench.settings (production settings on the local
   stack; see that module for the few differences), exactly as the Procfile's `web` line does.
3. For each page: warms up, then measures latency with one client (p50, p95) and throughput
   with a few concurrent clients (requests per second), next to a bare Django view (one query,
   same server, middleware and database) measured in the same run; also how many SQL queries
   the page runs (counted in-process with Django's test client).
4. Bulk credential evaluation of every trainee on the platform (trainees per second, the
   median of five passes).
5. Concurrent people for 60 seconds across those pages: 50 on their first visits, 50
   returning (each has seen their pages once), 50 with no pause, 200 on their first visits:
   requests, errors, p50/p95, and the pages behind the answers slower than the p95.

Results go to bench/results.json and a markdown table is printed at the end. Knobs (environment):
BENCH_ORGANIZATIONS, BENCH_TRAINEES, BENCH_ENTRIES, BENCH_COMPLETIONS (data set size),
BENCH_REQUESTS (sequential requests per page, default 100), BENCH_USERS (50),
BENCH_HEAVY_USERS (200), BENCH_SECONDS (60), BENCH_PORT (25800), BENCH_PAGES (0: loads only),
BENCH_READING_SECONDS ("1,5"), and the server:
BENCH_WORKER_CLASS (sync or gthread), BENCH_WORKERS (2), BENCH_THREADS (4, for gthread).
"""

import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.load_data import build_load_data  # noqa: E402
from lms.accounts.services import access_token_create  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "25800"))
BASE = f"http://127.0.0.1:{PORT}"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
WARM_UP = 20
THROUGHPUT_CLIENTS = 4
LOAD_USERS = int(os.environ.get("BENCH_USERS", "50"))
# Issue 19's load: 200 people at once, 0 errors (docs/performance.md, "Under load").
HEAVY_LOAD_USERS = int(os.environ.get("BENCH_HEAVY_USERS", "200"))
# The server as production runs it (Procfile: sync workers, one per core);
# BENCH_WORKER_CLASS=gthread compares threads (docs/performance.md, "Under load").
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
LOAD_SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
# BENCH_PAGES=0 runs the two 50-people loads only (no page table, stress, 200 people, bulk or
# reports), for working on them.
MEASURE_PAGES = os.environ.get("BENCH_PAGES", "1") != "0"
# People read a page before asking for the next: each simulated person pauses a random 1-5 s
# (BENCH_READING_SECONDS="1,5"; "0,0" asks with no pause, the harder load of earlier runs).
READING = tuple(float(value) for value in os.environ.get("BENCH_READING_SECONDS", "1,5").split(","))
# Issue 20's targets, as ratios to a bare view measured in the same run.
PUBLIC_TARGET = 2.0  # public pages: p50 at most 2x the anonymous bare view
PERSONAL_TARGET = 4.0  # personal pages: p50 at most 4x the signed-in bare view
LOAD_P95_TARGET = 10.0  # 50 people at once: p95 at most 10x the signed-in bare view's p50
BULK_TARGET = 20_000  # trainees fully evaluated per second
BULK_PASSES = 5  # the median pass is reported
# wagtail-lms 0.11 measured once on this stack and data set (issue 20: gunicorn, 2 sync workers,
# PostgreSQL, p50 over its own bare one-query view). Not re-measured each run: its code is not
# part of this repository. Shown beside our equivalent pages so progress is visible.
PEER_RATIOS = {
    "public_module": 16,  # course page, anonymous
    "module": 22,  # course page, enrolled learner
    "lesson": 21,  # lesson page
}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Page:
    name: str
    path: str
    who: str | None = None  # the person whose session cookie is sent; None: anonymous
    token: str = ""  # an API token instead of a session
    headers: dict = field(default_factory=dict)
    target: str = ""  # "public" or "personal" (issue 20's targets); "" for no target
    peer: str = ""  # the key of wagtail-lms's equivalent page in PEER_RATIOS


# ------------------------------------------------------------------------------
# HTTP
# ------------------------------------------------------------------------------
def fetch(page: Page, cookies: dict[str, str]) -> tuple[int, float]:
    """One request; returns (status, milliseconds). Connection errors count as status 0."""
    request = urllib.request.Request(BASE + page.path, headers=dict(page.headers))  # noqa: S310 - loopback http only
    if page.who:
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={cookies[page.who]}")
    if page.token:
        request.add_header("Authorization", f"Bearer {page.token}")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - start) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_page(page: Page, cookies: dict[str, str]) -> dict:
    for _ in range(WARM_UP):
        status, _ms = fetch(page, cookies)
        if status != 200:
            raise SystemExit(f"{page.name}: {page.path} answered {status} while warming up")
    timings = [fetch(page, cookies)[1] for _ in range(REQUESTS)]
    # Throughput: a few clients at once keep both workers busy.
    started = time.perf_counter()
    with ThreadPoolExecutor(THROUGHPUT_CLIENTS) as pool:
        statuses = list(pool.map(lambda _n: fetch(page, cookies)[0], range(REQUESTS)))
    elapsed = time.perf_counter() - started
    return {
        "page": page.name,
        "path": page.path,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "requests_per_second": round(REQUESTS / elapsed, 1),
        "errors": sum(1 for status in statuses if status != 200),
    }


def public_pages(module_page_id: int) -> dict:
    """The public Wagtail pages around the measured module, as a visitor reaches them."""
    from curriculum.models import CurriculumIndexPage, LessonPage, ModulePage

    module = ModulePage.objects.get(pk=module_page_id)
    lesson = LessonPage.objects.child_of(module).live().order_by("path").first()
    index = CurriculumIndexPage.objects.live().first()
    return {
        "index": index.get_url(),
        "program": module.get_parent().get_url(),
        "module": module.get_url(),
        "lesson": lesson.get_url(),
        "lesson_id": lesson.pk,
    }


LIVE_SESSION_TITLE = "Benchmark session"
LIVE_REGISTERED = 30  # people registered for the measured session
LIVE_MARKED = 20  # of them, marked present by the facilitator so far


def live_session(staff, trainee) -> int:
    """A live session of the trainee's organisation, facilitated by the measured staff member,
    with LIVE_REGISTERED trainees registered and LIVE_MARKED of them marked present: the roster
    the facilitator keeps open during the session. Made once, through the services, and kept
    beside the load set (later runs reuse it)."""
    from curriculum.models import ModulePage
    from lms.accounts.models import Membership, Role, User
    from lms.live_training import rosters, services
    from lms.live_training.models import AttendanceStatus, LiveSession

    organization = Membership.objects.get(user=trainee, role=Role.TRAINEE).organization
    existing = LiveSession.objects.filter(
        organization=organization, title=LIVE_SESSION_TITLE
    ).first()
    if existing is not None:
        return existing.pk
    module = ModulePage.objects.live().filter(live_session_count__gt=0).order_by("path").first()
    starts_at = (timezone.now() + datetime.timedelta(minutes=10)).replace(second=0, microsecond=0)
    session = services.live_session_schedule(
        actor=staff,
        organization=organization,
        module=module,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=LIVE_REGISTERED + 10,
        place="Community room",
        facilitators=[staff],
        title=LIVE_SESSION_TITLE,
    )
    people = User.objects.filter(
        memberships__role=Role.TRAINEE, memberships__organization=organization
    ).order_by("pk")[:LIVE_REGISTERED]
    for number, person in enumerate(people):
        services.live_registration_create(trainee=person, session=session)
        if number < LIVE_MARKED:
            rosters.attendance_mark(
                actor=staff,
                session=session,
                trainee=person,
                status=AttendanceStatus.PRESENT,
                minutes=session.duration_minutes,
            )
    return session.pk


def judge(row: dict, page: Page, bare: dict, signed_in_bare: dict) -> None:
    """Issue 20's target for the page, and whether this run met it."""
    row["met"] = None
    if page.target == "public":
        limit = PUBLIC_TARGET * bare["p50_ms"]
        row["target_text"] = f"≤ {PUBLIC_TARGET:g}× bare ({limit:.1f} ms)"
    elif page.target == "personal":
        limit = PERSONAL_TARGET * signed_in_bare["p50_ms"]
        row["target_text"] = f"≤ {PERSONAL_TARGET:g}× signed-in bare ({limit:.1f} ms)"
    else:
        return
    row["met"] = row["p50_ms"] <= limit
    row["peer_ratio"] = PEER_RATIOS.get(page.peer)


def count_queries(page: Page, people: dict) -> int:
    """The page's SQL queries, counted in-process through the same URLconf and middleware."""
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if page.who:
        client.force_login(people[page.who])
    extra = {"HTTP_AUTHORIZATION": f"Bearer {page.token}"} if page.token else {}
    client.get(page.path, **extra)  # warm caches the way the server's warm-up did
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path, **extra)
    assert response.status_code == 200, (page.path, response.status_code)
    return len(queries)


# ------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------
def start_server() -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "cms.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--threads",
        str(THREADS if WORKER_CLASS == "gthread" else 1),
        "--backlog",
        "2048",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ})  # noqa: S603
    bare = Page("bare", "/bench/bare/")
    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above")
        if fetch(bare, {})[0] == 200:
            return server
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 20 seconds")


# ------------------------------------------------------------------------------
# 50 people at once
# ------------------------------------------------------------------------------
def load_test(
    pages: list[Page],
    cookies: dict[str, str],
    users: int = LOAD_USERS,
    reading: tuple[float, float] = READING,
    trainees: list[str] = (),
    returning: bool = False,
) -> dict:
    """``users`` threads, each a person cycling through the pages for LOAD_SECONDS, reading
    each for a random ``reading`` seconds (none with (0, 0))."""
    timings: list[float] = []
    by_page: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()

    def cookies_for(number: int) -> dict[str, str]:
        if trainees:
            return {**cookies, "trainee": trainees[number % len(trainees)]}
        return cookies

    if returning:
        # People who were here earlier: each has seen each of their pages once before the clock
        # starts (sequentially, not measured), as a returning visitor has.
        for number in range(users):
            for page in pages:
                fetch(page, cookies_for(number))
    deadline = time.perf_counter() + LOAD_SECONDS

    def person(number: int) -> None:
        mine: list[tuple[str, float]] = []
        failures: dict[str, int] = {}
        step = number
        cookies_of = cookies_for(number)
        pauses = random.Random(number)  # noqa: S311 (a reading time, not a secret)
        if reading[1]:
            time.sleep(pauses.uniform(0, reading[1]))  # people arrive over a while
        while time.perf_counter() < deadline:
            page = pages[step % len(pages)]
            step += 1
            status, ms = fetch(page, cookies_of)
            mine.append((page.name, ms))
            if reading[1]:
                time.sleep(pauses.uniform(*reading))
            if status != 200:
                key = f"{page.path} → {status}"
                failures[key] = failures.get(key, 0) + 1
        with lock:
            for name, ms in mine:
                timings.append(ms)
                by_page.setdefault(name, []).append(ms)
            for key, count in failures.items():
                errors[key] = errors.get(key, 0) + count

    started = time.perf_counter()
    threads = [threading.Thread(target=person, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "users": users,
        "reading_seconds": list(reading),
        "seconds": round(elapsed, 1),
        "requests": len(timings),
        "requests_per_second": round(len(timings) / elapsed, 1),
        "errors": sum(errors.values()),
        "error_detail": errors,
        "p50_ms": round(statistics.median(timings), 1) if timings else None,
        "p95_ms": round(percentile(timings, 0.95), 1) if timings else None,
        "returning": returning,
        # Where the slow answers come from: each page's share of the answers slower than the
        # whole load's p95, and its own p50 and p95.
        "pages": _load_by_page(by_page, percentile(timings, 0.95) if timings else 0.0),
    }


def _load_by_page(by_page: dict[str, list[float]], p95: float) -> list[dict]:
    slow = sum(1 for values in by_page.values() for ms in values if ms > p95) or 1
    rows = [
        {
            "page": name,
            "requests": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "share_of_slowest": round(sum(1 for ms in values if ms > p95) / slow, 2),
        }
        for name, values in by_page.items()
    ]
    return sorted(rows, key=lambda row: -row["share_of_slowest"])


# ------------------------------------------------------------------------------
# The report
# ------------------------------------------------------------------------------
def markdown(results: dict) -> str:
    lines = [
        "| Page | p50 ms | p95 ms | req/s | × bare (p50) | SQL queries | target | met | "
        "wagtail-lms × its bare |",
        "|---|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for row in results["pages"]:
        target = row.get("target_text", "")
        met = {True: "yes", False: "**no**", None: ""}[row.get("met")]
        peer = row.get("peer_ratio") or ""
        lines.append(
            f"| {row['page']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['requests_per_second']:.0f} | {row['ratio']:.2f} | {row['queries']} | "
            f"{target} | {met} | {peer} |"
        )
    bulk = results["bulk_evaluation"]
    lines += (
        []
        if bulk is None
        else [
            "",
            f"Bulk credential evaluation: {bulk['trainees']:,} trainees × {bulk['credentials']} "
            f"credentials in {bulk['seconds']:.2f} s = **{bulk['trainees_per_second']:,.0f} "
            f"trainees/s**, the median of {bulk['passes']} passes (fastest first: "
            + ", ".join(f"{value:,}" for value in bulk["each_pass_trainees_per_second"])
            + f"; target {BULK_TARGET:,}: "
            f"{'met' if bulk['trainees_per_second'] >= BULK_TARGET else 'not met'}).",
        ]
    )
    for row in results.get("report_compute", []):
        lines += [
            "",
            f"Report computed from the records ({row['view']}, {row['organizations']} "
            f"organisations, {row['people_in_pipeline']:,} people in the pipeline): "
            f"{row['seconds']:.2f} s in {row['queries']} queries (pages serve it from the "
            "cache for five minutes).",
        ]
    loads = (
        results["load"],
        results.get("returning_load"),
        results.get("stress_load"),
        results.get("heavy_load"),
    )
    for load in loads:
        if load:
            lines += [
                "",
                f"{load['users']} concurrent people for {load['seconds']:.0f} s, "
                + (
                    f"reading each page {load['reading_seconds'][0]:g}–"
                    f"{load['reading_seconds'][1]:g} s"
                    if load.get("reading_seconds", [0, 0])[1]
                    else "with no pause between pages"
                )
                + (
                    ", returning (each had seen their pages once before)"
                    if load.get("returning")
                    else ", first visits"
                )
                + ": "
                f"{load['requests']:,} requests ({load['requests_per_second']:.0f}/s), "
                f"**{load['errors']} errors**, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms"
                + (f" ({load['target']})." if load.get("target") else "."),
            ]
            slowest = [row for row in load.get("pages", []) if row["share_of_slowest"]][:4]
            if slowest:
                lines.append(
                    "Slower than that p95: "
                    + "; ".join(
                        f"{row['page']} {row['share_of_slowest']:.0%} (p95 {row['p95_ms']} ms)"
                        for row in slowest
                    )
                    + "."
                )
    return "\n".join(lines)


def trainee_sessions(trainee, count: int) -> list[str]:
    """Signed-in sessions of ``count`` trainees of ``trainee``'s organisation (``trainee``
    first). Everyone in the load set learns in the starter program, so every trainee page of
    the table is theirs too."""
    from lms.accounts.models import Membership, Role, User

    organization = Membership.objects.filter(user=trainee, role=Role.TRAINEE).values("organization")
    others = (
        User.objects.filter(
            memberships__role=Role.TRAINEE, memberships__organization__in=organization
        )
        .exclude(pk=trainee.pk)
        .order_by("pk")[: count - 1]
    )
    sessions = []
    for person in [trainee, *others]:
        client = Client()
        client.force_login(person)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return sessions


def dataset_counts() -> dict:
    """What the measured database holds (also when the load set was reused, not built)."""
    from certification.issuance.models import IssuedCredential
    from certification.models import AuditEvent
    from certification.supervision.models import PracticeLogEntry, SupervisionSession
    from lms.accounts.models import Membership, Role
    from lms.learning.models import ModuleCompletion

    trainees = Membership.objects.filter(role=Role.TRAINEE).values("user").distinct()
    return {
        "trainees": trainees.count(),
        "practice_entries": PracticeLogEntry.objects.count(),
        "supervision_sessions": SupervisionSession.objects.count(),
        "module_completions": ModuleCompletion.objects.count(),
        "issued_credentials": IssuedCredential.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def network_reader():
    """A reader of the whole state's aggregate reports (every organisation of the data set)."""
    from lms.accounts.models import NetworkAccess, User

    reader, _created = User.objects.get_or_create(
        email="network-reader@bench.peerpath.test", defaults={"display_name": "Network reader"}
    )
    NetworkAccess.objects.get_or_create(user=reader, region="")
    return reader


def report_compute(people: dict) -> list[dict]:
    """A report computed from the records, not from the page cache: seconds and queries for
    one organisation's staff and for the whole state (median of three)."""
    from certification.reports.figures import build_report
    from certification.reports.filters import report_filter
    from certification.reports.selectors import NETWORK, STAFF, organizations_for

    rows = []
    for view, who in ((STAFF, "staff"), (NETWORK, "network")):
        organizations = organizations_for(people[who], view)
        filterset = report_filter({}, organizations=organizations)
        assert filterset.is_valid()
        scope = filterset.scope()
        build_report(scope)  # warm
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                moment = time.perf_counter()
                report = build_report(scope)
                timings.append(time.perf_counter() - moment)
        rows.append(
            {
                "view": view,
                "organizations": len(scope.organizations),
                "people_in_pipeline": len(report.people),
                "seconds": round(sorted(timings)[1], 3),
                "queries": len(queries),
            }
        )
    return rows


def bulk_evaluation() -> dict:
    """Every trainee against every credential in effect, by database aggregation."""
    from certification.rules.bulk import tally_credentials

    tally_credentials()  # warm: plans cached, tables in PostgreSQL's buffers
    # The median of BULK_PASSES passes: one pass on a 2-CPU machine varies by a fifth with
    # whatever else runs; every pass's figure is kept beside it.
    passes = [tally_credentials() for _ in range(BULK_PASSES)]
    passes.sort(key=lambda tallies: sum(tally.seconds for tally in tallies))
    tallies = passes[len(passes) // 2]
    people = max((tally.people for tally in tallies), default=0)
    seconds = sum(tally.seconds for tally in tallies)
    return {
        "trainees": people,
        "credentials": len(tallies),
        "passes": len(passes),
        "seconds": round(seconds, 3),
        # Each trainee is judged against every credential: trainees fully evaluated per second.
        "trainees_per_second": round(people / seconds) if seconds else None,
        "each_pass_trainees_per_second": [
            round(people / sum(tally.seconds for tally in each)) for each in passes
        ],
        "per_credential": [
            {
                "code": tally.definition.code,
                "trainees": tally.people,
                "meeting": tally.met,
                "seconds": round(tally.seconds, 3),
                "trainees_per_second": round(tally.people_per_second),
            }
            for tally in tallies
        ],
    }


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load = build_load_data(
        organizations=_env_int("BENCH_ORGANIZATIONS", 10),
        trainees=_env_int("BENCH_TRAINEES", 5000),
        entries_per_trainee=_env_int("BENCH_ENTRIES", 100),
        completions_per_trainee=_env_int("BENCH_COMPLETIONS", 8),
        progress=lambda message: print(f"  {message}", flush=True),
    )
    people = {
        "trainee": load.trainee,
        "supervisor": load.supervisor,
        "staff": load.staff,
        "network": network_reader(),
    }
    _token, token = access_token_create(
        user=load.trainee, name=f"Benchmark {datetime.date.today()}", scope="read"
    )
    busiest = load.parameters.busiest_supervisor_trainees
    public = public_pages(load.module_page_id)
    pages = [
        # Not a page: what signing in alone costs (the session from the cache, the person).
        Page("Bare view, signed in", "/bench/bare/", "trainee"),
        Page("Curriculum index (signed out)", public["index"], target="public"),
        Page("Program page (signed out)", public["program"], target="public"),
        Page("Module page (signed out)", public["module"], target="public", peer="public_module"),
        Page("Lesson page (signed out)", public["lesson"], target="public"),
        Page(
            "Public verification /verify/<code>/",
            f"/verify/{load.verification_code}/",
            target="public",
        ),
        Page("Trainee home /learn/", "/learn/", "trainee", target="personal"),
        Page(
            "Credential progress /learn/credentials/",
            "/learn/credentials/",
            "trainee",
            target="personal",
        ),
        Page(
            "Module page /learn/modules/<id>/",
            f"/learn/modules/{load.module_page_id}/",
            "trainee",
            target="personal",
            peer="module",
        ),
        Page(
            "Lesson page /learn/lessons/<id>/",
            f"/learn/lessons/{public['lesson_id']}/",
            "trainee",
            target="personal",
            peer="lesson",
        ),
        Page("Practice hours /practice/", "/practice/", "trainee", target="personal"),
        Page(
            f"Supervisor queue /supervise/ ({busiest} trainees)",
            "/supervise/",
            "supervisor",
            target="personal",
        ),
        Page("Staff home /staff/", "/staff/", "staff", target="personal"),
        Page("Staff trainee list /staff/trainees/", "/staff/trainees/", "staff", target="personal"),
        Page("Staff reports /staff/reports/", "/staff/reports/", "staff", target="personal"),
        Page(
            f"Live-training roster /facilitate/sessions/<id>/ ({LIVE_REGISTERED} registered)",
            f"/facilitate/sessions/{live_session(load.staff, load.trainee)}/",
            "staff",
            target="personal",
        ),
        Page(
            "Network reports /network/reports/ (whole state)",
            "/network/reports/",
            "network",
            target="personal",
        ),
        Page(
            "API practice entries /api/v1/practice-entries/",
            "/api/v1/practice-entries/",
            token=token,
            headers={"Accept": "application/json"},
        ),
    ]
    cookies = {}
    for role, person in people.items():
        client = Client()
        client.force_login(person)
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Under load each simulated trainee is a person of their own (their own records, their own
    # kept pages), from the measured trainee's organisation; staff, supervisor and network
    # reader are shared, as a few staff serve many trainees.
    load_trainees = trainee_sessions(load.trainee, max(LOAD_USERS, HEAVY_LOAD_USERS))
    for page in pages:
        page.headers.setdefault("X-Forwarded-Proto", "https")
    queries = {page.path: count_queries(page, people) for page in pages}
    connections.close_all()

    server = start_server()
    try:
        bare_page = Page("Bare Django view (1 query)", "/bench/bare/")
        bare_page.headers["X-Forwarded-Proto"] = "https"
        bare = measure_page(bare_page, cookies)
        bare.update(ratio=1.0, queries=1)
        rows = [bare]
        signed_in_bare = None
        for page in pages if MEASURE_PAGES else pages[:1]:
            row = measure_page(page, cookies)
            row["ratio"] = round(row["p50_ms"] / bare["p50_ms"], 2)
            row["queries"] = queries[page.path]
            if signed_in_bare is None:
                signed_in_bare = row  # the first page: the bare view, signed in
            judge(row, page, bare, signed_in_bare)
            rows.append(row)
            print(f"  {page.name}: p50 {row['p50_ms']} ms ({row['ratio']}× bare)", flush=True)
        limit = LOAD_P95_TARGET * signed_in_bare["p50_ms"]

        def judged(load: dict) -> dict:
            met = not load["errors"] and load["p95_ms"] <= limit
            load["target"] = (
                f"target: 0 errors and p95 at most {LOAD_P95_TARGET:.0f}× the signed-in bare "
                f"view, {limit:.1f} ms: {'met' if met else 'not met'}"
            )
            return load

        print(f"  {LOAD_USERS} people at once for {LOAD_SECONDS} s, first visits ...", flush=True)
        # Not the bare view. Each person's first visit to each of their pages: nothing of
        # theirs is kept yet (the morning everyone signs in).
        load_results = judged(load_test(pages[1:], cookies, trainees=load_trainees))
        print(f"  {LOAD_USERS} people at once for {LOAD_SECONDS} s, returning ...", flush=True)
        # Another 50 people, each having seen their pages once (earlier that day).
        returning_results = judged(
            load_test(
                pages[1:],
                cookies,
                trainees=load_trainees[LOAD_USERS : 2 * LOAD_USERS],
                returning=True,
            )
        )
        stress_results = heavy_results = None
        if MEASURE_PAGES:
            print(f"  {LOAD_USERS} people at once, no pause, for {LOAD_SECONDS} s ...", flush=True)
            stress_results = load_test(
                pages[1:], cookies, trainees=load_trainees, reading=(0.0, 0.0)
            )
            print(f"  {HEAVY_LOAD_USERS} people at once for {LOAD_SECONDS} s ...", flush=True)
            heavy_results = load_test(
                pages[1:], cookies, trainees=load_trainees, users=HEAVY_LOAD_USERS
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    evaluation = bulk_evaluation() if MEASURE_PAGES else None
    reports = report_compute(people) if MEASURE_PAGES else []
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "dataset": dataset_counts(),
        "server": f"gunicorn, {WORKERS} {WORKER_CLASS} workers"
        + (f" × {THREADS} threads" if WORKER_CLASS == "gthread" else "")
        + ", bench.settings (production settings)",
        "targets": {
            "public": f"p50 at most {PUBLIC_TARGET:g}× the anonymous bare view",
            "personal": f"p50 at most {PERSONAL_TARGET:g}× the signed-in bare view",
            "load_p95": f"p95 at most {LOAD_P95_TARGET:g}× the signed-in bare view's p50",
            "bulk_trainees_per_second": BULK_TARGET,
        },
        "peer": "wagtail-lms 0.11, p50 over its own bare view, measured once (issue 20)",
        "pages": rows,
        "bulk_evaluation": evaluation,
        "report_compute": reports,
        "load": load_results,
        "returning_load": returning_results,
        "stress_load": stress_results,
        "heavy_load": heavy_results,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(markdown(results))
    print(f"\nWritten to bench/results.json ({results['total_seconds']:.0f} s in all).")


if __name__ == "__main__":
    main()
