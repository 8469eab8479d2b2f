"""The package's shape: layers that only point down, no import circles, no hidden re-exports.

Every module under src/prioritise is parsed with `ast`; every import counts, at the top of a
module or inside a function, absolute or relative. The layers, lowest first:

    text → scenario → weights → scoring → allocate
        → tradeoffs, robustness, workshop, sensitivity → report → cli, ui → __main__

A module may import its own package's modules and any package of a lower layer, never one of
its own layer or above. Streamlit belongs to `ui`, PuLP to `allocate`, highspy to `allocate`
and `robustness`.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SOURCE = TESTS.parent / "src" / "prioritise"
PACKAGE = "prioritise"
MAX_LINES = 450

LAYERS: list[set[str]] = [
    {"text"},
    {"scenario"},
    {"weights"},
    {"scoring"},
    {"allocate"},
    {"tradeoffs", "robustness", "workshop", "sensitivity"},
    {"report"},
    {"cli", "ui"},
    {"__main__"},
]
THIRD_PARTY_HOMES = {
    "streamlit": {"ui"},
    "pulp": {"allocate"},
    "highspy": {"allocate", "robustness"},
}


# --------------------------------------------------------------------------- the graph


def module_name(path: Path, root: Path, package: str) -> str:
    parts = [package, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(root: Path, package: str) -> dict[str, Path]:
    return {module_name(p, root, package): p for p in sorted(root.rglob("*.py"))}


def imported_names(path: Path, name: str, modules: Iterable[str] = ()) -> Iterable[str]:
    """Every dotted name the module imports, anywhere in its body, relative ones resolved.

    `from x import y` names the module x.y when there is one (in `modules`), else x.
    """
    known = set(modules)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:
                full = f"{origin}.{alias.name}"
                yield full if full in known or alias.name.startswith("test_") else origin
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func).endswith("import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def import_graph(
    root: Path, package: str
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module → modules of the package it imports, module → top-level outside packages)."""
    modules = modules_of(root, package)
    internal: dict[str, set[str]] = {}
    external: dict[str, set[str]] = {}
    for name, path in modules.items():
        internal[name], external[name] = set(), set()
        for target in imported_names(path, name, modules):
            top = target.split(".")[0]
            if top != package:
                external[name].add(top)
            elif target != name:
                internal[name].add(target if target in modules else _owner(target, modules))
    return internal, external


def _owner(target: str, modules: Mapping[str, Path]) -> str:
    """The longest module name that `target` starts with (`import a.b.c` of a name in a.b)."""
    while target not in modules and "." in target:
        target = target.rpartition(".")[0]
    return target


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One import circle as [a, b, ..., a], or None when the graph has none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def top_package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_of(module: str) -> int:
    top = top_package(module)
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    return -1


def layer_violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Imports that point sideways or up between packages, and modules in no layer."""
    problems = []
    for source, targets in sorted(graph.items()):
        if source != PACKAGE and layer_of(source) < 0:
            problems.append(f"{source} belongs to no layer")
        for target in sorted(targets):
            if top_package(source) == top_package(target):
                continue
            if target == PACKAGE or layer_of(target) >= layer_of(source):
                problems.append(f"{source} imports {target}")
    return problems


def module_getattr(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "__getattr__"
        for node in tree.body
    )


# --------------------------------------------------------------------------- the package

GRAPH, EXTERNAL = import_graph(SOURCE, PACKAGE)
MODULES = modules_of(SOURCE, PACKAGE)


def test_the_graph_sees_the_package() -> None:
    assert len(MODULES) > 60
    assert "prioritise.allocate.solve" in GRAPH["prioritise.allocate"]
    assert "prioritise.allocate.engine" in GRAPH["prioritise.allocate.solve"]
    # function-level imports count too
    assert "prioritise.cli.analysis" in GRAPH["prioritise.cli.command_line"]


def test_there_is_no_import_circle() -> None:
    assert find_cycle(GRAPH) is None, " → ".join(find_cycle(GRAPH) or [])


def test_layers_only_point_down() -> None:
    assert layer_violations(GRAPH) == []


def test_no_module_defines_getattr() -> None:
    assert [name for name, path in MODULES.items() if module_getattr(path)] == []


@pytest.mark.parametrize("library", sorted(THIRD_PARTY_HOMES))
def test_solver_and_ui_libraries_stay_in_their_packages(library: str) -> None:
    homes = THIRD_PARTY_HOMES[library]
    users = sorted(name for name, tops in EXTERNAL.items() if library in tops)
    assert users, f"nothing imports {library}: the check would pass vacuously"
    assert [name for name in users if top_package(name) not in homes] == []


def test_no_source_file_is_too_long() -> None:
    lengths = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_packages_export_what_they_list_and_no_name_hides_a_module() -> None:
    for name, path in MODULES.items():
        if path.name != "__init__.py" or top_package(name) in ("", "ui"):
            continue
        package = importlib.import_module(name)
        exported = getattr(package, "__all__", None)
        assert exported, f"{name} lists no public names"
        missing = [item for item in exported if not hasattr(package, item)]
        assert missing == [], f"{name}: {missing}"
        parts = {p.stem for p in path.parent.glob("*.py")} | {
            p.name for p in path.parent.iterdir() if (p / "__init__.py").is_file()
        }
        assert sorted(set(exported) & parts) == [], f"{name}: a name hides a module"


def test_no_test_module_imports_another() -> None:
    for path in sorted(TESTS.rglob("*.py")):
        name = module_name(path, TESTS, "tests")
        for target in imported_names(path, name):
            assert not target.rpartition(".")[2].startswith("test_"), f"{name} imports {target}"


# --------------------------------------------------------------------------- the checks fail


def test_find_cycle_reports_a_circle_and_passes_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"a"}}) == ["a", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_layer_check_reports_upward_sideways_and_unknown_imports() -> None:
    graph = {
        "prioritise.scenario.io": {"prioritise.allocate.solve", "prioritise.scenario.schema"},
        "prioritise.robustness.lp": {"prioritise.tradeoffs.sweep", "prioritise.allocate.input"},
        "prioritise.extras": set(),
    }
    assert layer_violations(graph) == [
        "prioritise.extras belongs to no layer",
        "prioritise.robustness.lp imports prioritise.tradeoffs.sweep",
        "prioritise.scenario.io imports prioritise.allocate.solve",
    ]


def test_a_lazy_relative_circle_and_a_module_getattr_are_found(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "sub" / "__init__.py").write_text("from pkg.sub import low\n")
    (root / "sub" / "low.py").write_text("def f():\n    from ..top import g\n    return g\n")
    (root / "top.py").write_text(
        "from pkg.sub import low\n\ndef g():\n    return low\n\n"
        "def __getattr__(name):\n    raise AttributeError(name)\n"
    )
    graph, _ = import_graph(root, "pkg")
    assert graph["pkg.sub.low"] == {"pkg.top"}
    assert graph["pkg.top"] == {"pkg.sub.low"}
    assert find_cycle(graph) == ["pkg.sub.low", "pkg.top", "pkg.sub.low"]
    assert module_getattr(root / "top.py")
    assert not module_getattr(root / "sub" / "low.py")
