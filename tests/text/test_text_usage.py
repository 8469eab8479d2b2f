"""Code and catalogues in step: every id the code uses exists, every id of a converted domain
is used, and the language layer stays the lowest layer of the package."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import prioritise
from prioritise.text import CATALOGUES
from prioritise.text.usage import IdUse, find_id_uses, used_ids

SOURCE = Path(prioritise.__file__).parent
TEXT_PACKAGE = SOURCE / "text"

# Every domain's code speaks through the catalogue: every catalogue id must be used and every
# id-shaped constant in the code must exist.
CONVERTED_DOMAINS: frozenset[str] = frozenset(
    {
        "allocate",
        "cli",
        "common",
        "report",
        "robustness",
        "scenario",
        "scoring",
        "sensitivity",
        "tradeoffs",
        "ui",
        "workshop",
    }
)
CATALOGUE_EXAMPLES = frozenset({"common.count.regions"})
"""Kept for the catalogue's own tests of plural forms (tests/text), not used by the package."""

SAMPLE = '''
"""Docstrings such as msg("common.budget") are not uses."""
from prioritise.text import Message, msg, t
from prioritise import text

GROUPS = {"public": "common.group.public", "civil": "common.group.civil"}
FILE = "scenario.toml"
OTHER = "numpy.float64"


def show(lang, name):
    yield msg("common.budget")
    yield t("ui.language", lang)
    yield text.msg("common.count.regions", count=2)
    yield Message("common.typo_here", {})
    yield msg(f"common.group.{name}")
'''


def test_used_ids_reads_calls_and_id_constants(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "sample.py").write_text(SAMPLE, encoding="utf-8")
    assert used_ids(tmp_path) == {
        "common.budget",
        "ui.language",
        "common.count.regions",
        "common.typo_here",
        "common.group.public",
        "common.group.civil",
    }
    explicit = {use.id for use in find_id_uses(tmp_path) if use.explicit}
    assert explicit == {"common.budget", "ui.language", "common.count.regions", "common.typo_here"}
    assert used_ids(tmp_path, domains={"ui"}) == explicit
    first = find_id_uses(tmp_path)[0]
    assert str(first).startswith(str(tmp_path / "pkg" / "sample.py"))


@functools.cache
def uses_in_source() -> tuple[IdUse, ...]:
    """Every id-shaped string of any domain in the package (read once per test run)."""
    return tuple(find_id_uses(SOURCE))


def test_every_id_the_code_uses_exists() -> None:
    known = CATALOGUES.ids()
    missing = [
        str(use)
        for use in uses_in_source()
        if use.id not in known and (use.explicit or use.id.split(".")[0] in CONVERTED_DOMAINS)
    ]
    assert not missing, "message ids used in the code but in no catalogue:\n" + "\n".join(missing)


@functools.cache
def app_keys() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """What the app's modules can look up by short key (``tr("headline")`` finds
    ``ui.<module>.headline``): every string constant of src/prioritise/ui, and every f-string
    there as a pattern (``tr(f"{kind}_head")``)."""
    constants: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in (SOURCE / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and any(
                isinstance(part, ast.Constant) and len(str(part.value)) > 1 for part in node.values
            ):
                pattern = "".join(
                    re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z0-9_]+"
                    for part in node.values
                )
                patterns.append(re.compile(pattern))
    return frozenset(constants), tuple(patterns)


def looked_up_by_the_app(message_id: str) -> bool:
    parts = message_id.split(".", 2)
    if len(parts) == 3 and parts[2] == "title":  # menu titles: read by page name
        return (SOURCE / "ui" / "pages" / f"{parts[1]}.py").is_file()
    constants, patterns = app_keys()
    key = parts[-1]
    return key in constants or any(p.fullmatch(key) for p in patterns)


def test_every_domain_with_messages_is_converted() -> None:
    with_ids = {d for d in CATALOGUES.domains() if CATALOGUES.entries("en", d)}
    assert with_ids <= CONVERTED_DOMAINS


@pytest.mark.parametrize("domain", sorted(CONVERTED_DOMAINS))
def test_every_id_of_a_converted_domain_is_used(domain: str) -> None:
    ids = {i for i in CATALOGUES.ids() if i.split(".")[0] == domain} - CATALOGUE_EXAMPLES
    unused = sorted(ids - {use.id for use in uses_in_source()})
    if domain == "ui":
        unused = [i for i in unused if not looked_up_by_the_app(i)]
    assert not unused, f"ids in {domain}.po that no code uses: {unused}"


def test_the_app_rule_finds_a_stale_key() -> None:
    assert looked_up_by_the_app("ui.portfolio.title")
    assert not looked_up_by_the_app("ui.portfolio.no_module_says_this_key_zq")


def test_the_text_layer_imports_no_other_part_of_prioritise() -> None:
    for path in TEXT_PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert not node.module.startswith(("prioritise", "streamlit")), path
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith(("prioritise", "streamlit")), path
    code = (
        "import sys, prioritise.text; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('prioritise', 'streamlit')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    modules = ast.literal_eval(loaded)
    assert all(m == "prioritise" or m.startswith("prioritise.text") for m in modules), modules
