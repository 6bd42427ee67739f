"""The backends a site offers, named by dotted paths in the SUGGESTION_BACKENDS setting."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from claims.suggestions.base import Backend


class UnknownBackend(LookupError):
    """No configured backend has this name."""


@cache
def _backends(paths: tuple[str, ...]) -> tuple[Backend, ...]:
    # Each path names a class with no arguments; instances hold compiled rules or a
    # client, so they are made once per process and shared (backends keep no state
    # between calls).
    return tuple(import_string(path)() for path in paths)


def configured_backends() -> tuple[Backend, ...]:
    """The configured backends, in the setting's order (the first is the default)."""
    return _backends(tuple(settings.SUGGESTION_BACKENDS))


def backend_named(name: str | None = None) -> Backend:
    """The configured backend called `name`, or the first one; raises UnknownBackend."""
    backends = configured_backends()
    for backend in backends:
        if name is None or backend.name == name:
            return backend
    known = ", ".join(backend.name for backend in backends) or "none"
    raise UnknownBackend(f"no suggestion backend is called {name!r} (configured: {known})")
