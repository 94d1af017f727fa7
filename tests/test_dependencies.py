"""The dependencies in pyproject.toml are the packages the code imports: no more, no fewer."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def imported_names(folder: Path) -> dict[str, Path]:
    """Each top-level module a folder's Python files import (absolute imports), with one file
    that imports it."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def third_party(imports: dict[str, Path], local: Iterable[str]) -> dict[str, Path]:
    """The imports that come from installed distributions, not the standard library or here."""
    skip = set(sys.stdlib_module_names) | {"ccaf", *local}
    return {name: path for name, path in imports.items() if name not in skip}


def distribution(module: str) -> str:
    """The normalised name of the distribution that provides a top-level module."""
    providers = importlib.metadata.packages_distributions().get(module)
    assert providers, f"{module} is imported but no installed distribution provides it"
    return normalise(providers[0])


def normalise(requirement: str) -> str:
    """A requirement's distribution name, normalised as PEP 503 does."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name is not None, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def declared(*extras: str) -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {normalise(r) for r in requirements}


def test_every_package_the_app_imports_is_a_declared_dependency() -> None:
    imports = third_party(imported_names(ROOT / "src" / "ccaf"), ())
    wanted = declared()
    missing = {
        f"{name} ({path.relative_to(ROOT)})"
        for name, path in imports.items()
        if distribution(name) not in wanted
    }
    assert not missing, f"imported but not in [project] dependencies: {sorted(missing)}"


def test_every_declared_dependency_is_imported_by_the_app() -> None:
    used = {distribution(name) for name in third_party(imported_names(ROOT / "src" / "ccaf"), ())}
    assert declared() - used == set()


def test_tests_and_benchmarks_import_only_declared_packages() -> None:
    wanted = declared("test")  # the tests run with `.[test]` installed, as CI does
    for folder in ("tests", "benchmarks"):
        local = {p.stem for p in (ROOT / folder).glob("*.py")}
        imports = third_party(imported_names(ROOT / folder), local)
        missing = {name for name in imports if distribution(name) not in wanted}
        assert not missing, f"{folder} imports undeclared packages: {sorted(missing)}"


def test_the_import_scan_sees_what_a_file_imports(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import os.path\nimport yaml\nfrom textual.app import App\nfrom . import b\n"
        "def f():\n    import httpx2\n",
        encoding="utf-8",
    )
    names = third_party(imported_names(tmp_path), ())
    assert set(names) == {"yaml", "textual", "httpx2"}
    assert {distribution(n) for n in names} == {"pyyaml", "textual", "httpx2"}
