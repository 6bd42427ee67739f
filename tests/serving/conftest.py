"""The production server as it runs in the image: the entrypoint script, gunicorn with DEBUG
off, WhiteNoise serving the collected static files, against the test database on
PostgreSQL. Subprocesses, so committed data only (transactional tests)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="several processes share one database: PostgreSQL, as in production",
)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.send("GET", path, headers=headers)

    def send(
        self, method: str, path: str, *, body: object = None, headers: dict[str, str] | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        data = json.dumps(body) if body is not None else None
        sent = {"Host": "127.0.0.1", **({"Content-Type": "application/json"} if data else {})}
        try:
            connection.request(method, path, body=data, headers=sent | (headers or {}))
            response = connection.getresponse()
            answer = Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()
        return answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(**changes: object) -> str:
    """The test database's URL (the one this test process uses), with `changes` made."""
    params = {**connection.settings_dict, **{k.upper(): v for k, v in changes.items()}}
    user = params["USER"] or ""
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/"
        f"{params['NAME']}"
    )


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """collectstatic once, as the image's build does, with DEBUG off."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(static_root=root),
        check=True,
        timeout=120,
    )
    return root


def production_env(*, static_root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return env | {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "DEBUG": "false",
        # The test process's key, so that sessions it makes are valid in the servers.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
        "DB_WAIT_SECONDS": "20",
        **extra,
    }


@contextmanager
def entrypoint(
    role: str, *, static_root: Path, wait_for: str | None = None, **env: str
) -> Iterator[Server]:
    """`./entrypoint ROLE` running with production settings, once `wait_for` (a path)
    answers 200: by default /readyz for the web role; "" waits for nothing."""
    if wait_for is None and role == "web":
        wait_for = "/readyz"
    port = free_port()
    # To a file: a pipe nobody reads could fill and stall the server.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(ROOT / "entrypoint"), *role.split()],
            cwd="/",  # the script finds the project itself
            env=production_env(
                static_root=static_root,
                DATABASE_URL=env.pop("DATABASE_URL", database_url()),
                BIND=f"127.0.0.1:{port}",
                **env,
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers stop with it
        )
        server = Server(port, process, log)
        try:
            if wait_for:
                path = wait_for
                wait_until(lambda: _answers(server, path), what=f"{path} 200", server=server)
            yield server
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # gunicorn stops its workers gracefully
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _answers(server: Server, path: str) -> bool:
    try:
        return server.get(path).status == 200
    except OSError:
        return False


def wait_until(
    check: Callable[[], bool],
    *,
    what: str,
    seconds: float = 60,
    server: Server | None = None,
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if server is not None and server.process.poll() is not None:
            pytest.fail(
                f"exited with {server.process.returncode} before {what}:\n{server.output()}"
            )
        time.sleep(0.2)
    pytest.fail(f"no {what} after {seconds:g} s" + (f":\n{server.output()}" if server else ""))
