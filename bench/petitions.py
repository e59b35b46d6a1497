"""Benchmark of petition cases at province scale, and of the public status lookup under gunicorn.

`BENCH_ONLY=petitions python -m bench` fills a throw-away database with BENCH_CASES cases
(default 1,000,000; raw executemany on SQLite, COPY on PostgreSQL) and prints, measured in the
same run on the same data:

* the filtered, paginated case list (`petitions.selectors.cases_filtered`, a 50-row page and
  its count) and the overdue dashboard (`petitions.selectors.dashboard`), each against the
  hand-written SQL for the same page over the same indexes (goal: ours <= 3x raw);
* the public status lookup (POST /cong-dan/tra-cuu/, with its rate-limit counter and the
  constant-time secret check) served by gunicorn in the production configuration of
  `make serve`, against a minimal Django view under the same server and middleware (goal:
  lookup >= 0.5x the minimal view's throughput), with N keep-alive clients for T seconds.

With DANVAN_BENCH_PG_URL (a PostgreSQL server URL whose role may create databases) the same
section runs again on PostgreSQL in a child process, on a fresh database `danvan_bench_petitions`.

Knobs: BENCH_CASES, BENCH_PETITION_UNITS (300), BENCH_HTTP_CLIENTS (8), BENCH_HTTP_SECONDS (8).
This module is also the benchmark's WSGI entry (`bench.petitions:application`) and URLconf: the
production URLs plus `/bench-minimal/`.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlparse

CASES = int(os.environ.get("BENCH_CASES", "1000000"))
UNITS = int(os.environ.get("BENCH_PETITION_UNITS", "300"))
CLIENTS = int(os.environ.get("BENCH_HTTP_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "8"))
ROUNDS = 4  # HTTP rounds per endpoint, alternated
TODAY = dt.date(2026, 11, 30)
KNOWN = 1000  # cases whose secret the benchmark knows (the lookup targets)
PG_CHILD = "BENCH_PETITIONS_PG_CHILD"
PG_DB = "danvan_bench_petitions"


# --- WSGI entry and URLconf for gunicorn -------------------------------------------------------

_app: Any = None


def _minimal(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def __getattr__(name: str) -> Any:
    # Django imports this module as ROOT_URLCONF and reads `urlpatterns` lazily.
    if name == "urlpatterns":
        from django.urls import include, path

        return [path("bench-minimal/", _minimal), path("", include("danvan.urls"))]
    raise AttributeError(name)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
    """Serve the production application plus the minimal view (gunicorn entry point)."""
    global _app
    if _app is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
        from django.core.wsgi import get_wsgi_application

        _app = get_wsgi_application()
        from django.conf import settings

        settings.ROOT_URLCONF = "bench.petitions"
    return _app(environ, start_response)


# --- data --------------------------------------------------------------------------------------


def _timed(fn: Callable[[], object], repeat: int = 7) -> float:
    fn()  # warm the caches: both sides are measured warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _populate() -> dict[str, Any]:
    """Create units, handlers and CASES cases; return what the measurements need."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from danvan.lib.vntext import fold
    from danvan.orgs.models import Unit
    from danvan.petitions import crypto
    from danvan.petitions.models import OPEN_STATUSES, Case, CaseEvent, Status

    with transaction.atomic():
        units = Unit.objects.bulk_create(
            Unit(
                code=f"BP-{i}",
                name=f"Ủy ban nhân dân xã Thử {i:03d}",
                kind="commune",
                search_text=fold(f"BP-{i} Ủy ban nhân dân xã Thử {i:03d}"),
            )
            for i in range(UNITS)
        )
        User = get_user_model()
        handlers = [User.objects.create_user(f"bench-handler-{i}") for i in range(20)]
        coordinator = User.objects.create_user("bench-coordinator")
    unit_ids = [u.pk for u in units]
    handler_ids = [h.pk for h in handlers]

    fields = list(Case._meta.concrete_fields)
    columns = [f.column for f in fields]
    statuses = [*OPEN_STATUSES, Status.CLOSED, Status.CLOSED, Status.CONCLUDED, Status.GUIDED]
    kinds = ["complaint", "denunciation", "feedback", "feedback", "mixed"]
    channels = ["desk", "post", "portal", "portal", "transfer", "national"]
    base = dt.datetime(2022, 1, 1, 1, 0, tzinfo=dt.UTC)
    sqlite = connection.vendor == "sqlite"
    known_secrets: dict[str, str] = {}
    words = ["đường", "đất đai", "bồi thường", "môi trường", "cán bộ", "trợ cấp", "an ninh"]

    def value(f: Any, i: int) -> Any:
        name = f.name
        received = base + dt.timedelta(minutes=(i * 37) % (5 * 365 * 24 * 60))
        status = statuses[(i * 7) % len(statuses)]
        open_ = status in OPEN_STATUSES
        if name == "id":
            return i + 1
        if name in ("created_at", "updated_at", "received_at"):
            return received.replace(tzinfo=None).isoformat(" ") if sqlite else received
        if name == "received_on":
            return received.date().isoformat() if sqlite else received.date()
        if name == "unit":
            return unit_ids[(i * 13) % len(unit_ids)]
        if name == "handler":
            return handler_ids[i % len(handler_ids)] if i % 3 else None
        if name == "status":
            return status
        if name == "kind":
            return kinds[i % len(kinds)]
        if name == "channel":
            return channels[(i // 3) % len(channels)]
        if name == "competence":
            return "own"
        if name in ("current_due", "latest_due"):
            if not open_:
                return None
            day = TODAY + dt.timedelta(days=(i % 120) - 60 + (30 if name == "latest_due" else 0))
            return day.isoformat() if sqlite else day
        if name == "complex":
            return i % 11 == 0
        if name == "backlogged":
            return i % 17 == 0
        if name == "tracking_code":
            return f"DV-{i:08d}"
        if name == "secret_hash":
            if i < KNOWN:
                secret = f"B{i:03d}X-SECR-ET{i % 10}A"
                known_secrets[f"DV-{i:08d}"] = secret
                return crypto.secret_hash(secret)
            return "f" * 64
        if name == "subject":
            return f"Đơn về {words[i % len(words)]} số {i}"
        if name == "content":
            return f"Nội dung đơn số {i} về {words[i % len(words)]}."
        if name == "search_text":
            return fold(f"DV-{i:08d} Đơn về {words[i % len(words)]} số {i}")
        if name == "version":
            return 1
        if f.null:
            return None
        default = f.get_default()
        if isinstance(default, list | dict):
            return json.dumps(default)
        return default

    batch = 20000
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if sqlite:
            sql = (
                f"INSERT INTO {Case._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(columns))})"
            )
            raw.execute("PRAGMA synchronous=OFF")  # a throw-away database: load fast
            for start in range(0, CASES, batch):
                rows = [
                    tuple(value(f, i) for f in fields)
                    for i in range(start, min(CASES, start + batch))
                ]
                raw.execute("BEGIN")
                raw.executemany(sql, rows)
                raw.execute("COMMIT")
            raw.execute("PRAGMA synchronous=FULL")
        else:
            with raw.copy(f"COPY {Case._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
                for i in range(CASES):
                    copy.write_row(tuple(value(f, i) for f in fields))
            connection.connection.commit()
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{Case._meta.db_table}', 'id'), %s)",
                [CASES],
            )
    with transaction.atomic():
        events = []
        for case in Case.objects.filter(tracking_code__in=list(known_secrets)):
            at = case.received_at
            for n, to in enumerate(("received", "classified", "accepted")):
                events.append(
                    CaseEvent(
                        case=case,
                        at=at + dt.timedelta(days=n),
                        action=f"case.{to}",
                        to_status=to,
                        public=True,
                    )
                )
        CaseEvent.objects.bulk_create(events, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    inserted = time.perf_counter() - started
    return {
        "units": unit_ids,
        "coordinator": coordinator,
        "secrets": known_secrets,
        "insert_seconds": inserted,
    }


# --- list and dashboard: selectors vs raw SQL ---------------------------------------------------


def _raw(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _measure_queries(data: dict[str, Any]) -> list[tuple[str, float, float, int, int]]:

    from danvan.core.access import Actor
    from danvan.orgs.models import Role
    from danvan.petitions import selectors
    from danvan.petitions.models import OPEN_STATUSES

    actor = Actor(
        user=data["coordinator"], grants=frozenset({(Role.COORDINATOR, data["units"][0])})
    )
    open_list = list(OPEN_STATUSES)
    marks = ", ".join(["%s"] * len(open_list))
    unit_id = data["units"][5]
    cols = (
        "c.id, c.tracking_code, c.subject, c.kind, c.channel, c.status, c.received_at, "
        "c.current_due, c.latest_due, c.complex, c.backlogged, c.anonymous, c.kind_hint, "
        "u.id, u.name, h.id, h.username, h.first_name, h.last_name"
    )
    frm = (
        "FROM petitions_case c JOIN orgs_unit u ON u.id = c.unit_id "
        "LEFT JOIN auth_user h ON h.id = c.handler_id"
    )
    order = "ORDER BY c.received_at DESC, c.id DESC LIMIT 50 OFFSET %s"
    lists = [
        (
            "list: unit, open, page 3",
            selectors.CaseFilters(unit_id=unit_id, open_only=True),
            2,
            f"c.unit_id = %s AND c.status IN ({marks})",
            [unit_id, *open_list],
        ),
        (
            "list: overdue, page 1",
            selectors.CaseFilters(due="overdue"),
            0,
            f"c.status IN ({marks}) AND c.current_due < %s",
            [*open_list, TODAY],
        ),
        (
            "list: complaints via portal, p10",
            selectors.CaseFilters(kind="complaint", channel="portal"),
            9,
            "c.kind = %s AND c.channel = %s",
            ["complaint", "portal"],
        ),
    ]
    results = []
    for name, filters, page, where, params in lists:

        def ours(filters: Any = filters, page: int = page) -> tuple[list[Any], int]:
            qs = selectors.cases_filtered(actor=actor, filters=filters, today=TODAY)
            rows = list(qs[page * 50 : page * 50 + 50])
            return rows, qs.count()

        def raw(where: str = where, params: list[Any] = params, page: int = page) -> Any:
            rows = _raw(f"SELECT {cols} {frm} WHERE {where} {order}", [*params, page * 50])
            count = _raw(f"SELECT COUNT(*) FROM petitions_case c WHERE {where}", params)  # noqa: S608
            return rows, count[0][0]

        mine, theirs = ours(), raw()
        assert [c.pk for c in mine[0]] == [r[0] for r in theirs[0]], name
        assert mine[1] == theirs[1], name
        results.append((name, _timed(ours), _timed(raw), len(mine[0]), mine[1]))

    soon_end = TODAY + dt.timedelta(days=selectors.DUE_SOON_DAYS)
    measures = (
        "COUNT(c.id), "
        "COUNT(CASE WHEN c.current_due >= %s AND c.current_due <= %s THEN 1 END), "
        "COUNT(CASE WHEN c.current_due < %s THEN 1 END), "
        "COUNT(CASE WHEN c.latest_due < %s THEN 1 END)"
    )
    mparams = [TODAY, soon_end, TODAY, TODAY]

    def dash_ours() -> Any:
        return selectors.dashboard(actor=actor, today=TODAY)

    def dash_raw() -> Any:
        by_unit = _raw(
            f"SELECT c.unit_id, u.name, {measures} FROM petitions_case c "  # noqa: S608
            f"JOIN orgs_unit u ON u.id = c.unit_id WHERE c.status IN ({marks}) "
            "GROUP BY c.unit_id, u.name ORDER BY u.name",
            [*mparams, *open_list],
        )
        by_handler = _raw(
            f"SELECT u.name, c.handler_id, h.username, h.first_name, {measures} "  # noqa: S608
            "FROM petitions_case c JOIN orgs_unit u ON u.id = c.unit_id "
            f"LEFT JOIN auth_user h ON h.id = c.handler_id WHERE c.status IN ({marks}) "
            "GROUP BY u.name, c.handler_id, h.username, h.first_name "
            "ORDER BY u.name, h.username",
            [*mparams, *open_list],
        )
        totals = _raw(
            f"SELECT {measures} FROM petitions_case c WHERE c.status IN ({marks})",  # noqa: S608
            [*mparams, *open_list],
        )
        return by_unit, by_handler, totals

    mine, theirs = dash_ours(), dash_raw()
    assert mine["totals"]["overdue"] == theirs[2][0][2]
    assert len(mine["by_unit"]) == len(theirs[0])
    results.append(
        (
            "overdue dashboard",
            _timed(dash_ours, repeat=5),
            _timed(dash_raw, repeat=5),
            len(mine["by_unit"]),
            mine["totals"]["overdue"],
        )
    )
    return results


# --- HTTP: lookup vs minimal view under gunicorn ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env() -> dict[str, str]:
    from django.conf import settings

    env = dict(os.environ)
    env.update(
        {
            "DANVAN_PRODUCTION": "1",
            # The keys of this process, so the secrets hashed at insert time still match.
            "DANVAN_SECRET_KEY": settings.SECRET_KEY,
            "DANVAN_IDENTITY_KEYS": ",".join(settings.DANVAN_IDENTITY_KEYS),
            "DANVAN_SSL_REDIRECT": "0",
            "DANVAN_TRUSTED_PROXY_COUNT": "1",
            "DANVAN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
        }
    )
    return env


def _start_gunicorn(port: int, log: Any) -> subprocess.Popen[bytes]:
    env = _server_env()
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    # The arguments of `make serve` (GUNICORN_ARGS), on a free port and our WSGI entry.
    proc = subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "bench.petitions:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
        ],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench-minimal/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def _csrf(conn: http.client.HTTPConnection) -> tuple[str, str]:
    conn.request("GET", "/cong-dan/tra-cuu/")
    response = conn.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert cookie and token, "no CSRF token on the lookup page"
    return cookie.group(1), token.group(1)


def _load(port: int, make_request: Callable[[int, int], tuple[str, str, bytes, dict]]) -> tuple:
    """Run CLIENTS keep-alive clients for SECONDS / ROUNDS; return (req/s, errors, p50 ms)."""
    stop = time.monotonic() + SECONDS / ROUNDS
    counts = [0] * CLIENTS
    errors = [0] * CLIENTS
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        k = 0
        while time.monotonic() < stop:
            method, path, body, headers = make_request(n, k)
            k += 1
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies[n].append(time.perf_counter() - t0)
            if ok:
                counts[n] += 1
            else:
                errors[n] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    all_lat = sorted(x for xs in latencies for x in xs)
    p50 = all_lat[len(all_lat) // 2] * 1000 if all_lat else float("nan")
    return sum(counts) / elapsed, sum(errors), p50


def _measure_http(data: dict[str, Any]) -> list[tuple[str, float, int, float]]:
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    proc = _start_gunicorn(port, log)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cookie, token = _csrf(conn)
        conn.close()
        known = list(data["secrets"].items())

        def minimal(n: int, k: int) -> tuple[str, str, bytes, dict]:
            return "GET", "/bench-minimal/", b"", {}

        def lookup(n: int, k: int) -> tuple[str, str, bytes, dict]:
            code, secret = known[(n * 7919 + k) % len(known)]
            body = urlencode(
                {"csrfmiddlewaretoken": token, "tracking_code": code, "secret": secret}
            ).encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                # One address per request, as many citizens: every lookup still writes its
                # rate-limit counter, and none is refused for the benchmark's own volume.
                "X-Forwarded-For": f"10.{n}.{(k >> 8) & 255}.{k & 255}",
            }
            return "POST", "/cong-dan/tra-cuu/", body, headers

        def lookup_json(n: int, k: int) -> tuple[str, str, bytes, dict]:
            code, secret = known[(n * 7919 + k) % len(known)]
            body = json.dumps({"tracking_code": code, "secret": secret}).encode()
            headers = {
                "Content-Type": "application/json",
                "X-Forwarded-For": f"10.{n}.{(k >> 8) & 255}.{k & 255}",
            }
            return "POST", "/cong-dan/tra-cuu.json", body, headers

        # Check once that the lookup really answers with the case's status.
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        method, path, body, headers = lookup(0, 0)
        probe.request(method, path, body=body, headers=headers)
        response = probe.getresponse()
        page = response.read().decode()
        assert response.status == 200 and 'id="status-label"' in page, page[:500]
        method, path, body, headers = lookup_json(0, 0)
        probe.request(method, path, body=body, headers=headers)
        response = probe.getresponse()
        answer = response.read().decode()
        assert response.status == 200 and '"status_label"' in answer, answer[:500]
        probe.close()
        # Alternate short rounds of each, so a change in the machine's load hits both alike.
        runs: dict[str, list[tuple[float, int, float]]] = {
            "minimal": [],
            "lookup_json": [],
            "lookup": [],
        }
        for _round in range(ROUNDS):
            runs["minimal"].append(_load(port, minimal))
            runs["lookup_json"].append(_load(port, lookup_json))
            runs["lookup"].append(_load(port, lookup))
        return [
            (
                label,
                statistics.mean(r[0] for r in runs[key]),
                sum(r[1] for r in runs[key]),
                statistics.median(r[2] for r in runs[key]),
            )
            for key, label in (
                ("minimal", "minimal Django view"),
                ("lookup_json", "status lookup, JSON"),
                ("lookup", "status lookup, HTML page"),
            )
        ]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


# --- the section --------------------------------------------------------------------------------


def _report(data: dict[str, Any], vendor: str) -> None:
    print(f"{vendor}: {CASES:,} cases in {UNITS} units, inserted in {data['insert_seconds']:.0f} s")
    print(f"{'benchmark':<34}{'ours (ms)':>11}{'raw SQL (ms)':>14}{'ratio':>8}  rows / total")
    for name, ours, raw, rows, total in _measure_queries(data):
        flag = "" if ours / raw <= 3 else "  (goal <= 3x missed)"
        print(
            f"{name:<34}{ours * 1000:>11.1f}{raw * 1000:>14.1f}{ours / raw:>7.2f}x  "
            f"{rows} / {total}{flag}"
        )
    print(f"\nHTTP under gunicorn (make serve settings), {CLIENTS} clients x {SECONDS:.0f} s:")
    rows = _measure_http(data)
    for name, rps, errors, p50 in rows:
        print(f"{name:<34}{rps:>9.0f} req/s  p50 {p50:>6.1f} ms  errors {errors}")
    for index, label in ((1, "JSON lookup / minimal"), (2, "HTML lookup / minimal")):
        ratio = rows[index][1] / rows[0][1] if rows[0][1] else float("nan")
        verdict = "goal >= 0.5x met" if ratio >= 0.5 else "goal >= 0.5x missed"
        print(f"{label:<34}{ratio:>9.2f}x  ({verdict})")


def _pg_child(url: str) -> None:
    """Create a fresh PostgreSQL database and run this section there in a child process."""
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB} ENCODING 'UTF8' TEMPLATE template0")
    env = dict(os.environ)
    env.update(
        {
            PG_CHILD: "1",
            "BENCH_ONLY": "petitions",
            "DANVAN_DATABASE_URL": parsed._replace(path=f"/{PG_DB}").geturl(),
            "DANVAN_VAR_DIR": tempfile.mkdtemp(prefix="danvan-bench-pg-"),
        }
    )
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bench"], env=env, capture_output=True, text=True
        )
        lines = [line for line in out.stdout.splitlines() if not line.startswith("== ")]
        print("\n".join(lines).strip())
        if out.returncode:
            print(out.stderr[-3000:])
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def section() -> None:
    """Populate, measure on this database; then on PostgreSQL when a server URL is given."""
    from django.db import connection

    data = _populate()
    _report(data, connection.vendor)
    if os.environ.get(PG_CHILD):
        return
    url = os.environ.get("DANVAN_BENCH_PG_URL", "").strip()
    if url:
        print()
        _pg_child(url)
    else:
        print("\n(PostgreSQL skipped: set DANVAN_BENCH_PG_URL=postgres://user:pw@host/db)")
