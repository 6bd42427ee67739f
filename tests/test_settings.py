"""Production settings: `check --deploy` must be clean once DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a deployment never does.
_INHERITED = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**_INHERITED, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_is_clean_with_debug_off():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DEBUG="false",
        SECRET_KEY="k" * 60 + "-production-like-secret",
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DEBUG": "false"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "SECRET_KEY must be set" in result.stderr


def test_throttle_settings_come_from_the_environment():
    show = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), "
        "s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], s.CLIENT_IP_HEADER, sep='|')"
    )
    result = _manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        show,
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="5",
        API_USER_RATE="20/second",
        API_ANON_RATE="5/minute",
        CLIENT_IP_HEADER="HTTP_X_REAL_IP",
    )
    rates = {"user": "20/second", "anon": "5/minute"}
    assert result.stdout.strip() == f"3|300|{rates}|HTTP_X_REAL_IP", result.stderr
