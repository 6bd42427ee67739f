"""The floor plan of the code: no import circles, and names that say what is inside.

Imports anywhere in a module count, at its top or inside a function: an import moved into
a function to dodge a circle is still a circle, only one that fails later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claims", "annotator")
VAGUE_NAMES = {"utils", "helpers", "common", "functions", "services", "misc"}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path, *, name: str, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports: for `from a import b`, a.b if it is a module."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {target for target in targets if target in modules and target != name}


def _circle() -> list[str] | None:
    modules = _modules()
    edges = {name: _imports(path, name=name, modules=modules) for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> list[str] | None:
        if name in trail:
            return [*trail[trail.index(name) :], name]
        if name in done:
            return None
        for target in sorted(edges[name]):
            if found := visit(target, [*trail, name]):
                return found
        done.add(name)
        return None

    return next((found for name in sorted(edges) if (found := visit(name, []))), None)


def test_no_module_imports_itself_through_others():
    assert _circle() is None


def test_the_import_graph_sees_the_modules_it_checks():
    # Guards the test above against finding no circle because it found no imports.
    modules = _modules()
    imported = _imports(
        modules["claims.agreement.tasks"], name="claims.agreement.tasks", modules=modules
    )
    assert "claims.agreement.cache" in imported


@pytest.mark.parametrize("name", sorted(_modules()))
def test_module_names_say_what_is_inside(name):
    assert name.rpartition(".")[2] not in VAGUE_NAMES


def test_no_two_modules_of_a_package_differ_only_by_a_plural():
    names = set(_modules())
    assert sorted(name for name in names if f"{name}s" in names) == []
