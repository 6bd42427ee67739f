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


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 60 + "-production-like-secret"}


def _show(expression: str, **env: str) -> str:
    result = _manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        f"from django.conf import settings as s; {expression}",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_https_settings_default_on_with_debug_off_and_each_can_be_set():
    show = (
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, sep='|')"
    )
    behind_a_proxy = _show(show, **PRODUCTION, CSRF_TRUSTED_ORIGINS="https://annotate.example.org")
    expected = "True|True|True|31536000|('HTTP_X_FORWARDED_PROTO', 'https')|"
    assert behind_a_proxy == expected + "['https://annotate.example.org']"
    plain = _show(show, **PRODUCTION, HTTPS="false")
    assert plain == "False|False|False|0|None|[]"
    trying = _show(show, **PRODUCTION, SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="false")
    assert trying.startswith("False|True|True|0|")
    assert _show(show).startswith("False|False|False|0|None|")  # the demo: plain HTTP


def test_postgresql_connections_have_timeouts_and_are_checked_before_reuse():
    show = (
        "d = s.DATABASES['default']; "
        "print(d['OPTIONS'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    shown = _show(
        show,
        DATABASE_URL="postgres://annotator@db.example.org:5432/annotator",
        DB_CONNECT_TIMEOUT="3",
        DB_STATEMENT_TIMEOUT="7",
    )
    options = (
        "{'connect_timeout': 3, 'options': '-c statement_timeout=7s', "
        "'server_side_binding': True, 'prepare_threshold': 5}"
    )
    assert shown == f"{options} 60 True"


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    show = "print(s.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    url = "postgres://annotator@db.example.org:5432/annotator"
    assert _show(show, DATABASE_URL=url, DB_PREPARE_THRESHOLD="off") == "None"
    assert _show(show, DATABASE_URL=url, DB_PREPARE_THRESHOLD="2") == "2"
