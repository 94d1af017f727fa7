"""SQL stays in the store: no module outside `ccaf.store` touches a store's SQLite connection,
so every query has one home and screens, sessions and the command line ask the store for it."""

from __future__ import annotations

import ast
from pathlib import Path

import ccaf

PACKAGE = Path(ccaf.__file__).resolve().parent
STORE = PACKAGE / "store"


def connection_uses(source: str, filename: str) -> list[int]:
    """The lines of `source` that read a `.conn` attribute or call `execute` on anything."""
    lines = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Attribute) and node.attr in ("conn", "execute", "executemany"):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_check_sees_a_query() -> None:
    source = "rows = store.conn.execute('SELECT 1')\nother = db.execute('SELECT 2')\n"
    assert connection_uses(source, "example.py") == [1, 2]
    assert connection_uses("store.exams.running()\n", "example.py") == []


def test_no_sql_outside_the_store() -> None:
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if STORE not in p.parents]
    assert len(outside) > 40 and PACKAGE / "study" / "stats.py" in outside
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in outside
        if (lines := connection_uses(path.read_text(encoding="utf-8"), str(path)))
    }
    assert found == {}
