"""Requests over real HTTP: which server, and how many workers and threads, on this machine.

    .venv/bin/python benchmarks/serve.py latency              # SQLite, as `make demo`
    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python benchmarks/serve.py load

`latency`: one client on one kept-alive connection, one request at a time: the smallest
authenticated page and an API label save, through `manage.py runserver` and through gunicorn
(one worker), both with DEBUG on as the demo runs; rounds alternate the two servers.
`saves`: the production server as configured (gunicorn.conf.py, DEBUG off), one client:
the smallest authenticated page (the baseline), a label saved as the annotate page's
keystroke sends it (htmx form post, fragment answer) and through the API; then 16
annotators at one label a second each (p50, p99) and as fast as answered (labels/s).
`load`: gunicorn with DEBUG off and several workers × threads; 16 annotators (threads, each
its own account and kept-alive connection) save labels through the API as fast as they are
answered: throughput and latency percentiles at saturation, and the same 16 at one label a
second each. Baseline in the same run: the smallest authenticated page, one client.

The database is a throwaway one beside DATABASE_URL's ("<name>_serve_benchmark", dropped
at the end), or a temporary SQLite file; the servers run on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANNOTATORS = 16
REVISIONS: dict[str, dict[int, int]] = {}
# One key for this process and the servers: sessions made here must be valid there.
SECRET_KEY = secrets.token_urlsafe(50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["latency", "saves", "load"])
    parser.add_argument("--requests", type=int, default=300, help="per measure and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8, help="per load measurement")
    parser.add_argument(
        "--configs", default="1x8,2x4,2x8,3x4,4x2,5x1", help="workers x threads for `load`"
    )
    options = parser.parse_args()
    with database() as url:
        people = prepare(url)
        if options.mode == "latency":
            latency(url, people, requests=options.requests, runs=options.runs)
        elif options.mode == "saves":
            saves(
                url, people, requests=options.requests, runs=options.runs, seconds=options.seconds
            )
        else:
            configs = [tuple(map(int, c.split("x"))) for c in options.configs.split(",")]
            load(url, people, configs=configs, seconds=options.seconds, runs=options.runs)


@contextmanager
def database() -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/serve.sqlite3"
        return
    import psycopg

    base, _, name = configured.rpartition("/")
    throwaway = f"{name}_serve_benchmark"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{throwaway}"')
        admin.execute(f'CREATE DATABASE "{throwaway}"')
    try:
        yield f"{base}/{throwaway}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{throwaway}" WITH (FORCE)')


def prepare(url: str) -> list[dict[str, str]]:
    """Migrate, make a project with the seed article and 16 annotators; their credentials."""
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from claims.demo import SEED_ARTICLE
    from claims.imports.articles import import_files
    from claims.models import Sentence
    from claims.projects import add_member, create_project
    from claims.tokens import create_token

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    project = create_project(name="Serving", slug="serving")
    # Every annotator labels the one article: the queue, which a blind project needs to
    # hand it out, is not what is measured here.
    project.blind = False
    project.save(update_fields=["blind"])
    with SEED_ARTICLE.open("rb") as file:
        import_files(project=project, files=[(SEED_ARTICLE.name, file)])
    sentences = list(Sentence.objects.filter(article__project=project).values_list("pk", flat=True))
    article = Sentence.objects.get(pk=sentences[0]).article_id
    people = []
    for number in range(ANNOTATORS):
        user = User.objects.create_user(f"annotator{number}")
        add_member(project=project, user=user, role="annotator")
        client = Client()
        client.force_login(user)
        people.append(
            {
                "session": client.cookies["sessionid"].value,
                "token": create_token(user=user),
                "sentences": json.dumps(sentences),
                "article": str(article),
                # The CSRF cookie holds the secret, which the header may repeat unmasked.
                "csrf": _get_new_csrf_string(),
            }
        )
    connections.close_all()
    return people


@contextmanager
def server(url: str, command: list[str], *, debug: bool) -> Iterator[tuple[int, int]]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "true" if debug else "false",
        "SECRET_KEY": SECRET_KEY,
        "SECURE_SSL_REDIRECT": "false",
        "API_USER_RATE": "1000000/minute",
        "BIND": f"127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [arg.replace("PORT", str(port)) for arg in command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server on port {port}")


class Annotator:
    """One person's kept-alive connection: the smallest page, and label saves."""

    def __init__(self, port: int, person: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.person = person
        self.sentences = json.loads(person["sentences"])
        # Kept across servers and runs: a save based on a stale revision is refused.
        self.revisions: dict[int, int] = REVISIONS.setdefault(person["token"], {})
        self.count = 0

    def smallest_page(self) -> None:
        self.connection.request(
            "GET",
            "/projects/serving/labels.css",
            headers={"Cookie": f"sessionid={self.person['session']}"},
        )
        response = self.connection.getresponse()
        response.read()
        assert response.status == 200, response.status

    def save(self) -> None:
        sentence = self.sentences[self.count % len(self.sentences)]
        label = ("claim", "attribution", "opinion")[self.count // len(self.sentences) % 3]
        self.count += 1
        body = {"sentence": sentence, "label": label, "based_on": self.revisions.get(sentence, 0)}
        headers = {
            "Authorization": f"Token {self.person['token']}",
            "Content-Type": "application/json",
        }
        try:
            self.connection.request("POST", "/api/v1/annotations/", json.dumps(body), headers)
            response = self.connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closed a connection idle past its keep-alive; a browser reconnects
            # and sends again, and so do we (the time counts).
            self.connection.close()
            self.connection.request("POST", "/api/v1/annotations/", json.dumps(body), headers)
            response = self.connection.getresponse()
        answer = json.loads(response.read())
        assert response.status in {200, 201}, (response.status, answer)
        self.revisions[sentence] = answer["id"]

    def keystroke(self) -> None:
        """A label as the annotate page's key sends it: a form post marked as htmx, answered
        with the changed sentence and the progress bar."""
        sentence = self.sentences[self.count % len(self.sentences)]
        label = ("claim", "attribution", "opinion")[self.count // len(self.sentences) % 3]
        self.count += 1
        body = urllib.parse.urlencode(
            {"sentence": sentence, "label": label, "based_on": self.revisions.get(sentence, 0)}
        )
        headers = {
            "Cookie": f"sessionid={self.person['session']}; csrftoken={self.person['csrf']}",
            "X-CSRFToken": self.person["csrf"],
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        path = f"/projects/serving/articles/{self.person['article']}/label/"
        self.connection.request("POST", path, body, headers)
        response = self.connection.getresponse()
        answer = response.read().decode()
        assert response.status == 200, (response.status, answer[:500])
        found = re.search(rf'data-sentence-id="{sentence}" data-revision="(\d+)"', answer)
        assert found, answer[:500]
        self.revisions[sentence] = int(found.group(1))


def timed(action, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share / 100 * len(ordered)))]


def latency(url: str, people: list[dict[str, str]], *, requests: int, runs: int) -> None:
    servers = {
        "runserver": [sys.executable, "manage.py", "runserver", "--noreload", "127.0.0.1:PORT"],
        "gunicorn 1x4": [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "1"],
    }
    print(f"{url.split(':')[0]}; {requests} requests per measure, median of {runs} runs")
    results: dict[str, dict[str, list[float]]] = {
        name: {"page": [], "save": []} for name in servers
    }
    for _ in range(runs):
        for name, command in servers.items():
            with server(url, command, debug=True) as (port, _):
                client = Annotator(port, people[0])
                timed(client.smallest_page, 20)  # warm up
                results[name]["page"].append(
                    statistics.median(timed(client.smallest_page, requests))
                )
                results[name]["save"].append(statistics.median(timed(client.save, requests)))
    print(f"{'':14} {'page p50 ms':>12} {'API save p50 ms':>16}")
    for name, measures in results.items():
        page = statistics.median(measures["page"]) * 1000
        save = statistics.median(measures["save"]) * 1000
        print(f"{name:14} {page:12.2f} {save:16.2f}")


def saves(url: str, people, *, requests: int, runs: int, seconds: float) -> None:
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    print(
        f"{url.split(':')[0]}; gunicorn as configured, DEBUG off; one client: {requests} "
        f"requests per measure; then {ANNOTATORS} annotators for {seconds:g} s; median of "
        f"{runs} runs, each on a fresh server"
    )
    columns = ["page p50", "htmx p50", "API p50", "paced p50", "paced p99", "labels/s"]
    measured: list[list[float]] = []
    for _ in range(runs):
        with server(url, command, debug=False) as (port, _):
            client = Annotator(port, people[0])
            for action in (client.smallest_page, client.keystroke, client.save):
                timed(action, 20)  # warm up
            # Interleaved in rounds, so that a burst of load elsewhere hits all three alike.
            page, htmx, api = [], [], []
            for _ in range(max(1, requests // 50)):
                page += timed(client.smallest_page, 50)
                htmx += timed(client.keystroke, 50)
                api += timed(client.save, 50)
            paced, _ = crowd(port, people[1:] + people[:1], seconds=seconds, pace=1.0)
            saturated, done = crowd(port, people, seconds=seconds, pace=None)
        ms = [statistics.median(values) * 1000 for values in (page, htmx, api, paced)]
        measured.append([*ms, percentile(paced, 99) * 1000, done / seconds])
    print("  ".join(f"{name:>10}" for name in columns) + "   (ms, but labels/s)")
    medians = [statistics.median(column) for column in zip(*measured, strict=True)]
    print("  ".join(f"{value:10.2f}" for value in medians))
    htmx, api = medians[1] - medians[0], medians[2] - medians[0]
    print(f"above the page: htmx {htmx:.2f} ms, API {api:.2f} ms")


def load(url: str, people, *, configs, seconds: float, runs: int) -> None:
    print(
        f"{url.split(':')[0]}; {ANNOTATORS} annotators, {seconds:g} s per measurement, "
        f"median of {runs} runs (configurations interleaved); saturated = as fast as "
        "answered, paced = 1 label/s each; memory = RSS of all the server's processes after"
    )
    rows: dict[tuple[int, int], list[tuple[float, ...]]] = {config: [] for config in configs}
    for _ in range(runs):
        for workers, threads in configs:
            command = [
                sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                "-w", str(workers), "--threads", str(threads),
            ]  # fmt: skip
            with server(url, command, debug=False) as (port, pid):
                floor = Annotator(port, people[0])
                timed(floor.smallest_page, 20)
                floor_p50 = statistics.median(timed(floor.smallest_page, 200))
                saturated, done = crowd(port, people, seconds=seconds, pace=None)
                paced, _ = crowd(port, people, seconds=seconds, pace=1.0)
                memory = resident_mib(pid)
            rows[(workers, threads)].append(
                (
                    floor_p50,
                    done / seconds,
                    statistics.median(saturated),
                    percentile(saturated, 99),
                    statistics.median(paced),
                    percentile(paced, 99),
                    memory,
                )
            )
    print(
        f"{'workers x threads':18} {'floor p50':>9} {'labels/s':>9} {'sat p50':>8} "
        f"{'sat p99':>8} {'paced p50':>9} {'paced p99':>9}  (ms) {'MiB':>6}"
    )
    for (workers, threads), measured in rows.items():
        m = [statistics.median(column) for column in zip(*measured, strict=True)]
        print(
            f"{workers} x {threads:<14} {m[0] * 1000:9.2f} {m[1]:9.0f} {m[2] * 1000:8.1f} "
            f"{m[3] * 1000:8.1f} {m[4] * 1000:9.1f} {m[5] * 1000:9.1f}      {m[6]:6.0f}"
        )


def resident_mib(pid: int) -> float:
    """Resident memory of `pid` and its children (gunicorn's master and workers)."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if int(status.parent.name) == pid or int(fields["PPid"]) == pid:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def crowd(port: int, people, *, seconds: float, pace: float | None) -> tuple[list[float], int]:
    """Every annotator saving for `seconds`: all the latencies, and how many saves."""
    timings: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(people))

    def annotate(person: dict[str, str], offset: float) -> None:
        client = Annotator(port, person)
        client.save()  # opens the connection
        start.wait()
        began = time.perf_counter()
        mine = []
        next_at = began + offset
        while time.perf_counter() - began < seconds:
            if pace is not None:
                time.sleep(max(0.0, next_at - time.perf_counter()))
                next_at += 1 / pace
            started = time.perf_counter()
            client.save()
            mine.append(time.perf_counter() - started)
        with lock:
            timings.extend(mine)

    threads = [
        threading.Thread(target=annotate, args=(person, number / len(people)))
        for number, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, len(timings)


if __name__ == "__main__":
    main()
