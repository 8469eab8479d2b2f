"""The translating guide's example runs as written and says what its comments say, and the
glossary it sends translators to is in the repository."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "translating.md"


def test_the_guides_example_runs_and_gives_what_its_comments_say() -> None:
    (block,) = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, object] = {}
    checked = 0
    for line in block.splitlines():
        code, _, said = line.partition("  # ")
        expected = re.fullmatch(r"'(.*)'", said.strip())
        statement = ast.parse(code).body
        if expected and statement and isinstance(statement[0], ast.Expr):
            assert eval(code, namespace) == expected.group(1), line
            checked += 1
        else:
            exec(code, namespace)
    assert checked == 2  # both results the guide shows


def test_the_glossary_the_guide_names_is_in_the_repository() -> None:
    links = re.findall(r"\]\(([^)#]+\.md)\)", GUIDE.read_text(encoding="utf-8"))
    assert "glossary.md" in links
    assert all((GUIDE.parent / link).is_file() for link in links)
    assert "GLOSSARY.md" not in GUIDE.read_text(encoding="utf-8")
