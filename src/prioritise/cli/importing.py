"""`prioritise import`: initiatives from a spreadsheet into a scenario file, and the empty
spreadsheet (template) to fill in.

Problems go to stderr, one located sentence each (`Initiatives, row 7, column cost_2026: …`),
exit 2; nothing is written then. `--json` prints one object instead:
`{"ok": false, "problems": [{"sheet", "row", "column", "message"}]}` or
`{"ok": true, "initiatives": N, "file": …, "dropped_from_pools": [{"pool", "initiative",
"message"}]}`. `--drop-from-pools` takes the initiatives the sheet no longer has out of the pools'
lists instead of refusing the sheet for them (`scenario.sheet_pools`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from prioritise import scenario as scenario_io
from prioritise.cli.common import UsageError, load_scenario, print_json, terminal_language
from prioritise.scenario import ScenarioError, default_scenario_path, write_atomically
from prioritise.scenario.initiative_sheet import SHEET_KINDS, import_initiatives
from prioritise.scenario.initiative_template import initiative_sheet_bytes
from prioritise.scenario.sheet_cells import SheetError, SheetProblem
from prioritise.scenario.sheet_pools import only_lost_members
from prioritise.text import Money, msg, t


def _language_of(args: argparse.Namespace, path: str | None) -> str:
    """--lang, else the language of the scenario at `path` when it loads, else the
    terminal's."""
    if getattr(args, "lang", None):
        return str(args.lang)
    try:
        return load_scenario(path).scenario.language if path else terminal_language()
    except ScenarioError:
        return terminal_language()


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SHEET_KINDS:
        raise UsageError("cli.usage.sheet_kind", name=Path(path).name)
    return suffix[1:]


def _template(args: argparse.Namespace) -> int:
    kind = _kind(args.template)
    source = args.scenario or str(default_scenario_path())
    scenario = load_scenario(source)
    lang = args.lang or scenario.scenario.language
    args.language = lang
    target = Path(args.template)
    if not target.parent.is_dir():
        raise UsageError("cli.usage.no_folder", folder=str(target.parent))
    write_atomically(target, initiative_sheet_bytes(scenario, lang, kind, filled=args.filled))
    if args.json:
        print_json({"ok": True, "file": str(target), "template": True})
    else:
        print(t("cli.import.template", lang, path=str(target)))
    return 0


def _scenario_problems(exc: ScenarioError) -> list[SheetProblem]:
    return [
        SheetProblem(
            None, None, None, msg("scenario.sheet.in_scenario", where=where, problem=p.message)
        )
        for p in exc.problems
        for where in [f"{exc.origin}: {p.location}" if p.location else exc.origin]
    ]


def _one_mode(args: argparse.Namespace) -> None:
    """An option of the other way of using the command is refused, not ignored: the reader
    would otherwise believe it had done something."""
    if args.template:
        if args.file or args.into:
            raise UsageError(
                "cli.usage.import_or_template",
                template="--template",
                into="--into",
                file=msg("cli.metavar.file"),
            )
        if args.drop_from_pools:
            raise UsageError(
                "cli.usage.import_option_only", option="--drop-from-pools", into="--into"
            )
        return
    for option, given in (("--filled", args.filled), ("--scenario", args.scenario)):
        if given:
            raise UsageError("cli.usage.template_option_only", option=option, template="--template")


def cmd_import(args: argparse.Namespace) -> int:
    _one_mode(args)
    if args.template:
        return _template(args)
    if not args.file or not args.into:
        raise UsageError(
            "cli.usage.import_needs",
            command="prioritise import",
            into="--into",
            template="--template",
            file=msg("cli.metavar.file"),
            scenario=msg("cli.metavar.scenario"),
            out=msg("cli.metavar.out"),
        )
    lang = _language_of(args, args.into)
    args.language = lang
    _kind(args.file)
    try:
        had = bool(scenario_io.load(args.into).initiatives)
        result = import_initiatives(args.file, args.into, drop_from_pools=args.drop_from_pools)
    except SheetError as exc:
        problems = exc.problems
    except ScenarioError as exc:
        problems = _scenario_problems(exc)
    else:
        # a first import leaves no money for lines unless the file says otherwise: say so
        whole = not had and result.scenario.initiatives_share == 1.0
        if args.json:
            found = {"ok": True, "initiatives": result.count, "file": str(args.into)}
            found["whole_budget_to_initiatives"] = whole
            print_json({**found, "dropped_from_pools": [d.to_json(lang) for d in result.dropped]})
        else:
            print(t("cli.import.done", lang, count=result.count, file=args.into))
            if whole:
                budget = result.scenario.budget.total
                meta = result.scenario.scenario
                amount = Money(float(budget), meta.unit, meta.currency, 2)
                print(t("cli.import.whole_budget", lang, budget=amount, key="initiatives_share"))
            for dropped in result.dropped:
                print(dropped.message.text(lang))
        return 0
    if args.json:
        print_json({"ok": False, "problems": [p.to_json(lang) for p in problems]})
    else:
        for problem in problems:
            print(problem.line(lang), file=sys.stderr)
        if only_lost_members(problems):  # the one problem the import mends when asked
            print(t("cli.import.drop_hint", lang, option="--drop-from-pools"), file=sys.stderr)
    return 2


def add_import_command(
    command: argparse.ArgumentParser, h: Callable[[str], str], m: Callable[[str], str]
) -> None:
    """The options of `prioritise import`; `h` words a help text and `m` a placeholder of the
    usage line in the reader's language."""
    file, scenario = m("cli.metavar.file"), m("cli.metavar.scenario")
    command.add_argument("file", nargs="?", metavar=file, help=h("cli.help.import_file"))
    command.add_argument("--into", metavar=scenario, help=h("cli.help.into"))
    command.add_argument("--template", metavar=m("cli.metavar.out"), help=h("cli.help.template"))
    command.add_argument("--scenario", metavar=scenario, help=h("cli.help.template_scenario"))
    command.add_argument("--filled", action="store_true", help=h("cli.help.filled"))
    command.add_argument(
        "--drop-from-pools", action="store_true", help=h("cli.help.drop_from_pools")
    )
    command.add_argument("--json", action="store_true", help=h("cli.help.as_json"))
