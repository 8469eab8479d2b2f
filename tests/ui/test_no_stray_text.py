"""Page modules draw only what they ask for: no bare string statements that magic would show."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).parents[2] / "src" / "prioritise" / "ui" / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_bare_strings_after_the_module_docstring(page: Path) -> None:
    tree = ast.parse(page.read_text(encoding="utf-8"))
    stray = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and node is not (tree.body[0] if tree.body else None)
        and not _is_docstring(tree, node)
    ]
    assert not stray, f"{page.name}: bare strings at lines {stray}"


def _is_docstring(tree: ast.Module, node: ast.Expr) -> bool:
    for parent in ast.walk(tree):
        body = getattr(parent, "body", None)
        definition = isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        if definition and body and body[0] is node:
            return True
    return False
