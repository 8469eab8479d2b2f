"""The command line's arguments, described in the reader's language.

`--help` speaks the language asked for with `--lang` (English without it: no scenario is read
to print help), and so do argparse's own complaints about the arguments: its usage line,
section titles and the placeholders of the arguments (`FILE`, `ARCHIVO`) are given in that
language, and its usual errors (an unknown command, a missing file, an option without its value)
are said again from the catalogue, with the closest command when a name is misspelt.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from prioritise.cli.common import FALLBACK_LANGUAGE, terminal_language
from prioritise.cli.importing import add_import_command
from prioritise.scenario import declared_language
from prioritise.text import LANGUAGES, ListOf, Number, Percent, t

PRICE_SECONDS = 30.0
"""Default of `optimise --price-seconds`: `prioritise.allocate.PRICE_SECONDS`, written out so that
the command line starts without loading the solver (a test keeps the two equal)."""
GAP = 0.001
"""Default of `optimise --gap`: `prioritise.allocate.DEFAULT_GAP` (0.1 %), written out for the
same reason (a test keeps the two equal)."""
SENSITIVITY_SECONDS = 28.0
"""Default of `sensitivity --seconds`: `prioritise.sensitivity.portfolio.SECONDS`, written out for
the same reason (a test keeps the two equal)."""


def language_asked(argv: Sequence[str]) -> str:
    """The language given with `--lang` anywhere in `argv`, else the one the first scenario
    named declares (so that a wrong option is refused in the scenario's language, as the
    rest of the command speaks), else the terminal's."""
    for i, word in enumerate(argv):
        value = word.split("=", 1)[1] if word.startswith("--lang=") else None
        if word == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    for word in argv[1:]:  # the first word is the command
        declared = None if word.startswith("-") else declared_language(word)
        if declared in LANGUAGES:
            return declared
    return terminal_language()


class BadArguments(Exception):
    """argparse's complaint about the arguments, raised instead of printing usage and exiting."""

    def __init__(self, prog: str, sentence: str) -> None:
        super().__init__(f"{prog}: {sentence}")


UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<args>.+)$")
"""argparse's complaint of arguments it could not place."""

_ARGPARSE = (
    (
        re.compile(
            r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)$"
        ),
        "choice",
    ),
    (re.compile(r"the following arguments are required: (?P<args>.+)$"), "required"),
    (UNRECOGNIZED, "unrecognized"),
    (re.compile(r"argument (?P<arg>.+?): expected one argument$"), "expected_one"),
    (re.compile(r"argument (?P<arg>.+?): invalid \w+ value: (?P<value>.+)$"), "invalid_value"),
)  # fmt: skip


def said_again(message: str, lang: str) -> str:
    """argparse's usual complaints in the catalogue's words; any other as argparse said it."""
    for pattern, kind in _ARGPARSE:
        found = pattern.match(message)
        if found is None:
            continue
        parts = found.groupdict()
        if kind == "choice":
            value = parts["value"].strip("'\"")
            choices = [c.strip(" '\"") for c in parts["choices"].split(",")]
            close = difflib.get_close_matches(value, choices, n=1)
            listed = ListOf(choices, "or")
            if close:
                return t(
                    "cli.usage.choice_close", lang, arg=parts["arg"], value=value, close=close[0]
                )
            return t("cli.usage.choice", lang, arg=parts["arg"], value=value, choices=listed)
        if kind == "required":
            return t("cli.usage.required", lang, args=parts["args"])
        if kind == "unrecognized":
            return t("cli.usage.unrecognized", lang, args=parts["args"])
        if kind == "expected_one":
            return t("cli.usage.expected_one", lang, arg=parts["arg"])
        return t("cli.usage.invalid_value", lang, arg=parts["arg"], value=parts["value"])
    return message


class _Parser(argparse.ArgumentParser):
    """A parser that speaks `lang`: its usage line, section titles and `-h` in that language,
    its errors raised as `BadArguments` in plain words."""

    def __init__(self, *args: Any, lang: str = FALLBACK_LANGUAGE, **kwargs: Any) -> None:
        self.lang = lang
        prefix = t("cli.help.usage", lang) + " "

        class Localized(argparse.HelpFormatter):
            def add_usage(self, usage: Any, actions: Any, groups: Any, given: Any = None) -> None:
                # argparse gives '' when it words a command's name: no prefix there
                super().add_usage(usage, actions, groups, prefix if given is None else given)

        kwargs.setdefault("formatter_class", Localized)
        kwargs["add_help"] = False  # its own -h below, described in the language
        super().__init__(*args, **kwargs)
        self._positionals.title = t("cli.help.positionals", lang)
        self._optionals.title = t("cli.help.options", lang)
        self.add_argument("-h", "--help", action="help", help=_escaped(t("cli.help.help", lang)))

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._given = [] if args is None else list(args)  # the command, to name its options
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        close = self._unknown_option(message) or self._no_command(message)
        raise BadArguments(self.prog, close or said_again(message, self.lang))

    def _no_command(self, message: str) -> str | None:
        """'which command? one of list, validate, …' rather than 'missing: COMMAND'."""
        commands = self._commands()
        if not commands or self._command_given() is not None:
            return None
        if not message.startswith("the following arguments are required"):
            return None
        names: dict[int, str] = {}  # one name a command: not its alias (optimize)
        for name, parser in commands.items():
            names.setdefault(id(parser), name)
        return t("cli.usage.no_command", self.lang, commands=", ".join(names.values()))

    def _commands(self) -> dict[str, argparse.ArgumentParser]:
        found: dict[str, argparse.ArgumentParser] = {}
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                found.update(action.choices)
        return found

    def _command_given(self) -> str | None:
        commands = self._commands()
        return next((word for word in getattr(self, "_given", []) if word in commands), None)

    def _options(self, command: str | None) -> list[str]:
        """The options of this parser and of `command`'s parser (of every command if None)."""
        commands = self._commands()
        found = list(self._option_string_actions)
        for name in commands if command is None else [command]:
            found += list(commands[name]._option_string_actions)
        return sorted(set(found))

    def _unknown_option(self, message: str) -> str | None:
        """'unknown option --budgte; did you mean --budget?' for a misspelt option, naming it
        alone, not the arguments argparse could no longer place after it; the options meant are
        those of the command given, and an option of other commands is said to be theirs."""
        found = UNRECOGNIZED.match(message)
        if found is None:
            return None
        command = self._command_given()
        for given in found.group("args").split():
            name = given.split("=", 1)[0]
            if not name.startswith("--"):
                continue
            if command is not None and name in self._options(None):
                return t("cli.usage.option_of_others", self.lang, option=name, command=command)
            close = difflib.get_close_matches(name, self._options(command), n=1, cutoff=0.75)
            if close:
                return t("cli.usage.unknown_option_close", self.lang, option=name, close=close[0])
        return None


def _escaped(text: str) -> str:
    """argparse reads `%` in help as a format: '0,1 %' must be written '0,1 %%'."""
    return text.replace("%", "%%")


def build_parser(lang: str = FALLBACK_LANGUAGE) -> argparse.ArgumentParser:
    """Every command and option of `prioritise`, described in `lang`."""

    def h(message_id: str, **params: Any) -> str:
        return _escaped(t(message_id, lang, **params))

    def m(message_id: str) -> str:
        """A placeholder of the usage line (`FILE`, `ARCHIVO`): no `%` to escape there."""
        return t(message_id, lang)

    parser = _Parser(prog="prioritise", description=h("cli.help.description"), lang=lang)
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=h("cli.help.lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=m("cli.metavar.command"))

    def command(name: str, **options: Any) -> argparse.ArgumentParser:
        found = sub.add_parser(name, lang=lang, **options)
        # The same option after the command; SUPPRESS keeps a value given before the command.
        found.add_argument(
            "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=h("cli.help.lang")
        )
        return found

    scenario_help = h("cli.help.scenario")
    solver_help = h("cli.help.solver")
    json_help = h("cli.help.as_json")
    file = m("cli.metavar.file")
    seconds = m("cli.metavar.seconds")
    count = m("cli.metavar.count")

    p = command("list", help=h("cli.help.list"))
    p.add_argument("--json", action="store_true", help=json_help)

    p = command("validate", help=h("cli.help.validate"))
    p.add_argument("files", nargs="+", metavar=file, help=scenario_help)
    p.add_argument("-q", "--quiet", action="store_true", help=h("cli.help.quiet"))
    p.add_argument("--strict", action="store_true", help=h("cli.help.strict"))
    p.add_argument("--json", action="store_true", help=json_help)

    p = command("show", help=h("cli.help.show"))
    p.add_argument("file", metavar=file, help=scenario_help)

    p = command("score", help=h("cli.help.score"))
    p.add_argument("file", metavar=file, help=scenario_help)
    p.add_argument(
        "--method", choices=["additive", "topsis", "promethee"], help=h("cli.help.method")
    )
    p.add_argument("--json", action="store_true", help=json_help)

    p = command("optimise", aliases=["optimize"], help=h("cli.help.optimise"))
    p.add_argument("file", metavar=file, help=scenario_help)
    p.add_argument("--budget", metavar=m("cli.metavar.amount"), help=h("cli.help.budget"))
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs", help=solver_help)
    p.add_argument("--time-limit", metavar=seconds, help=h("cli.help.time_limit"))
    p.add_argument(
        "--gap",
        default=GAP,
        metavar=m("cli.metavar.share"),
        help=h("cli.help.gap", gap=Number(GAP, 3), share=Percent(GAP, 1)),
    )
    p.add_argument(
        "--price-seconds",
        default=PRICE_SECONDS,
        metavar=seconds,
        help=h("cli.help.price_seconds", seconds=Number(PRICE_SECONDS, 0)),
    )
    p.add_argument("--json", action="store_true", help=json_help)
    p.add_argument("--out", metavar=m("cli.metavar.path"), help=h("cli.help.out"))
    p.add_argument(
        "--sensitivity-seconds",
        default=SENSITIVITY_SECONDS,
        metavar=seconds,
        help=h("cli.help.sensitivity_seconds", seconds=Number(SENSITIVITY_SECONDS, 0)),
    )

    p = command("sweep", help=h("cli.help.sweep"))
    p.add_argument("file", metavar=file, help=scenario_help)
    p.add_argument("--budgets", metavar=m("cli.metavar.amounts"), help=h("cli.help.budgets"))
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs", help=solver_help)
    p.add_argument("--json", action="store_true", help=json_help)

    p = command("frontier", help=h("cli.help.frontier"))
    p.add_argument("file", metavar=file, help=scenario_help)
    p.add_argument(
        "--budgets", metavar=m("cli.metavar.amounts"), help=h("cli.help.frontier_budgets")
    )
    p.add_argument("--json", action="store_true", help=json_help)

    p = command("robustness", help=h("cli.help.robustness"))
    p.add_argument("file", metavar=file, help=scenario_help)
    p.add_argument("--draws", default=200, metavar=count, help=h("cli.help.draws"))
    p.add_argument("--seed", type=int, default=0, metavar=count, help=h("cli.help.seed"))
    p.add_argument(
        "--sampling",
        choices=["dirichlet", "uniform", "resample"],
        default="dirichlet",
        help=h("cli.help.sampling"),
    )
    p.add_argument("--workers", default=None, metavar=count, help=h("cli.help.workers"))
    p.add_argument(
        "--engine", choices=["local", "dask"], default="local", help=h("cli.help.engine")
    )
    p.add_argument("--address", metavar=m("cli.metavar.address"), help=h("cli.help.address"))
    p.add_argument("--integer", action="store_true", help=h("cli.help.integer"))
    p.add_argument("--json", action="store_true", help=json_help)

    p = command("sensitivity", help=h("cli.help.sensitivity"))
    p.add_argument("file", metavar=file, help=scenario_help)
    p.add_argument(
        "--seconds",
        default=SENSITIVITY_SECONDS,
        metavar=seconds,
        help=h("cli.help.seconds", seconds=Number(SENSITIVITY_SECONDS, 0)),
    )
    p.add_argument("--json", action="store_true", help=json_help)

    add_import_command(command("import", help=h("cli.help.import")), h, m)

    p = command("app", help=h("cli.help.app"))
    p.add_argument("file", nargs="?", metavar=file, help=h("cli.help.app_file"))
    p.add_argument("--port", type=int, default=8501, metavar=count, help=h("cli.help.port"))
    p.add_argument("--host", metavar=m("cli.metavar.host"), help=h("cli.help.host"))
    p.add_argument(
        "--public-url", metavar=m("cli.metavar.public_url"), help=h("cli.help.public_url")
    )
    return parser
