"""What a result says about one weight: decisive or not, and a set of a single item."""

from __future__ import annotations

from dataclasses import replace

from prioritise.sensitivity import Decider, SensitivityResult, WeightInterval, run_sensitivity
from tests.factories import make_scenario


def _weight(
    first: tuple[float, float],
    split: tuple[float, float],
    complete: bool = True,
    ranking: tuple[float, float] | None = None,
) -> WeightInterval:
    order = first if ranking is None else ranking
    return WeightInterval("criteria", "growth", 0.3, first, order, split, complete)


def test_a_weight_is_decisive_near_an_inner_end_only() -> None:
    assert _weight((0.0, 1.0), (0.0, 1.0)).decisive_for == ()
    assert _weight((0.26, 1.0), (0.0, 1.0)).decisive_for == ("first_place", "ranking")
    assert _weight((0.0, 1.0), (0.1, 0.34)).decisive_for == ("portfolio",)
    assert not _weight((0.0, 1.0), (0.1, 0.36)).decisive
    near_zero = WeightInterval("criteria", "jobs", 0.02, (0.0, 1.0), (0.0, 1.0), (0.0, 0.5))
    assert not near_zero.decisive  # 0 is where the weight stops, not where anything changes
    assert not _weight((0.0, 1.0), (0.3, 0.3), complete=False).decisive
    assert _weight((0.0, 0.33), (0.0, 1.0)).to_json()["decisive"] is True
    only_order = _weight((0.0, 1.0), (0.0, 1.0), ranking=(0.28, 0.31))
    assert only_order.decisive_for == ("ranking",) and not only_order.decisive
    assert only_order.to_json()["decisive"] is False


def test_a_set_of_one_item_moves_nothing() -> None:
    result = run_sensitivity(make_scenario(3, programmes=4, areas=1))
    (alone,) = [w for w in result.weights if w.set == "enabling_areas"]
    assert alone.current == 1.0
    assert alone.first_place == alone.ranking == alone.portfolio == (0.0, 1.0)
    assert not alone.decisive


def test_the_spanish_verb_agrees_with_how_many_stakeholders_weigh_it_so() -> None:
    def said(*who: str) -> str:
        decider = Decider("mining", "top_three", "enter", "criteria", "growth", 0.2, 0.3, who)
        result = SensitivityResult("additive", [], [decider], [], True, 0, {}, language="es")
        return result.sentence(decider).text("es")

    assert said("ministry").endswith("(a 10,0 puntos de distancia; ministry ya le da ese peso).")
    assert said("ministry", "industry").endswith("; ministry y industry ya le dan ese peso).")
    assert "ningún actor le da ese peso" in said()
    assert said().startswith("Si growth pesara más de 30,0\u00a0% en vez de 20,0\u00a0%")


def test_the_checked_count_says_what_the_ends_were_checked_against() -> None:
    """Against `optimise`'s split, or, where the intervals are the relaxation's, against fresh
    relaxations: never the first beside a note that says integer splits were out of reach."""
    for relaxed, words in ((False, "con la asignación que entrega"), (True, "relajación continua")):
        result = SensitivityResult(
            "additive", [], [], [], True, 0, {}, language="es", relaxed=relaxed
        )
        assert words in result.checked_text("es")
        assert ("relaxation" in result.checked_text("en")) is relaxed


def test_a_weight_whose_ends_were_not_checked_says_so_and_the_legend_explains() -> None:
    ends = ((0.1, 0.4), (0.15, 0.3), (0.18, 0.26))
    checked = WeightInterval("criteria", "growth", 0.2, *ends, portfolio_checked=True)
    wide = ((0.0, 1.0),) * 3
    unchecked = WeightInterval("criteria", "export", 0.5, *wide, portfolio_checked=False)
    result = SensitivityResult("additive", [checked], [], [], True, 0, {}, language="es")
    said = result.legend("es", app=True)  # the command line adds the small programmes' caveat
    assert len(said) == 2 and said[0].startswith("Decisiva: ")
    result = SensitivityResult("additive", [checked, unchecked], [], [], True, 0, {}, language="es")
    marks = list(result.table("es")["Decisiva"])
    assert marks == ["decisiva", "extremos sin verificar"]
    assert result.legend("en")[2].startswith("Ends unchecked: ")
    assert "extremos sin verificar" in result.format_text("es")


def test_the_points_away_are_the_difference_of_the_weights_as_shown() -> None:
    """28,33 % → 31,45 % reads "31,5 % en vez de 28,3 %" and "3,2 puntos", not "3,1"."""
    decider = Decider("mining", "top_three", "enter", "criteria", "growth", 0.2833, 0.3145, ())
    result = SensitivityResult("additive", [], [decider], [], True, 0, {}, language="es")
    said = result.sentence(decider).text("es")
    assert (
        "más de 31,5\u00a0% en vez de 28,3\u00a0%" in said and "(a 3,2 puntos de distancia;" in said
    )


def test_the_time_line_counts_the_whole_line_splits_apart() -> None:
    """With funding decisions the whole-line splits are counted beside the relaxation's
    re-solves (where the relaxation is loose they are not among them); without, one count."""
    seconds = {"total": 75.0}
    for integer, relaxed in ((True, False), (False, True)):
        result = SensitivityResult(
            "additive", [], [], [], integer, 421, seconds, relaxed=relaxed, integer_solves=316
        )
        assert (
            "421 splits with the funding decisions relaxed (continuous amounts) and 316 with"
            " whole lines solved in 1 min 15 s"
        ) in result.format_text("en")
        assert (
            "421 asignaciones con las decisiones de financiamiento relajadas (montos continuos)"
            " y 316 con líneas completas calculadas en"
        ) in result.format_text("es")
    plain = SensitivityResult("additive", [], [], [], False, 421, seconds, integer_solves=0)
    assert "421 splits re-solved in 1 min 15 s." in plain.format_text("en")
    assert "whole lines" not in plain.format_text("en")


def test_a_split_interval_not_explored_to_the_end_says_what_is_known() -> None:
    """Not "28,3 % – 28,3 %" (which reads "any move changes the money") but what the search
    saw: how far each side held, "—" where nothing was looked at; and that who decides read
    only the splits it solved."""
    started = WeightInterval("criteria", "growth", 0.3, (0.0, 1.0), (0.0, 1.0), (0.128, 0.3), False)
    untouched = WeightInterval(
        "criteria", "jobs", 0.25, (0.0, 1.0), (0.0, 1.0), (0.25, 0.25), False
    )
    done = WeightInterval("criteria", "cost", 0.45, (0.0, 1.0), (0.0, 1.0), (0.2, 0.6))
    result = SensitivityResult("additive", [started, untouched, done], [], [], True, 0, {})
    for lang, words, more in (
        ("es", "No explorada hasta el final", "2 ponderaciones"),
        ("en", "Not explored to the end", "2 weights"),
    ):
        text = result.format_text(lang)
        rows = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
        assert "≤ 12,8\u00a0%" in rows["growth"] or "≤ 12.8%" in rows["growth"]
        assert rows["growth"].count("—") == 1 and rows["jobs"].count("—") == 2
        assert "≤" not in rows["cost"] and "—" not in rows["cost"]
        assert words in text and more in text
        assert result.deciders_partial(lang) is not None
        table = result.table(lang)
        split = table.iloc[:, -3:-1]  # the split interval's two ends
        assert split.isna().to_numpy().tolist() == [[False, True], [True, True], [False, False]]
    assert result.weights[1].to_json()["portfolio"] == [0.25, 0.25]  # the JSON keeps the points
    finished = SensitivityResult("additive", [done], [], [], True, 0, {})
    assert finished.deciders_partial("en") is None
    assert "Not explored" not in finished.format_text("en")


def test_an_unfinished_interval_that_reached_0_or_1_ends_there() -> None:
    reached = WeightInterval("criteria", "size", 0.06, (0.0, 1.0), (0.0, 1.0), (0.0, 0.06), False)
    result = SensitivityResult("additive", [reached], [], [], True, 0, {})
    (row,) = [line for line in result.format_text("en").splitlines() if line.startswith("  size")]
    assert "0.0% – —" in row and "≤" not in row


def test_the_command_line_says_a_small_programme_can_lose_its_money_inside_a_split_interval():
    """The app's slider says it beside the interval; the text and the reports say it once."""
    done = WeightInterval("criteria", "cost", 0.45, (0.0, 1.0), (0.0, 1.0), (0.2, 0.6))
    result = SensitivityResult("additive", [done], [], [], True, 0, {})
    assert "less than 2% of the budget can still lose all its money" in result.format_text("en")
    assert "menos del 2\u00a0% del presupuesto igual puede perder" in result.format_text("es")
    assert not [line for line in result.legend("en", app=True) if "lose all" in line]


def test_the_texts_headings_stand_above_their_columns() -> None:
    done = WeightInterval("criteria", "cost", 0.45, (0.1, 0.9), (0.2, 0.8), (0.3, 0.6))
    result = SensitivityResult("additive", [done], [], [], True, 0, {})
    for lang, heads in (
        ("en", ("first place", "whole ranking", "split")),
        ("es", ("primer lugar", "orden completo", "asignación")),
    ):
        lines = result.format_text(lang).splitlines()
        (row,) = [line for line in lines if line.startswith("  cost")]
        header = lines[lines.index(row) - 3]
        ends = [row.index(v) for v in ("10", "20", "30")]  # where each interval starts
        for head, start in zip(heads, ends, strict=True):
            middle = header.index(head) + len(head) / 2
            assert start - 2 <= middle <= start + 17, (lang, head, header, row)


def test_who_decides_says_when_time_ran_out_before_its_funding_edges_were_pinned_down() -> None:
    done = WeightInterval("criteria", "cost", 0.45, (0.0, 1.0), (0.0, 1.0), (0.2, 0.6))
    cut = SensitivityResult("additive", [done], [], [], True, 0, {}, deciders_refined=False)
    assert cut.to_json()["deciders_refined"] is False
    assert "a longer run may find other, nearer ones" in cut.format_text("en")
    assert "un análisis más largo puede encontrar otros, más cercanos" in cut.format_text("es")
    whole = SensitivityResult("additive", [done], [], [], True, 0, {})
    assert whole.to_json()["deciders_refined"] is True and whole.deciders_partial("en") is None


def test_the_legend_says_the_split_was_solved_on_steps_not_at_every_weight() -> None:
    """A share was seen to pass the limit by 0.26 points at 11.4 % inside an interval that
    starts at 11.2 %: the split is solved every 5 points and at the ends, and the text says so
    wherever an interval was explored to its ends (never for one that was not)."""
    done = WeightInterval("criteria", "cost", 0.45, (0.0, 1.0), (0.0, 1.0), (0.2, 0.6))
    short = WeightInterval("criteria", "size", 0.3, (0.0, 1.0), (0.0, 1.0), (0.25, 0.3), False)
    for lang, words in (("en", "every 5 points of weight"), ("es", "cada 5 puntos de ponderación")):
        result = SensitivityResult("additive", [done], [], [], True, 0, {})
        assert any(words in line for line in result.legend(lang))
        assert any(words in line for line in result.legend(lang, app=True))
        assert words in result.format_text(lang)
        unfinished = SensitivityResult("additive", [short], [], [], True, 0, {})
        assert not any(words in line for line in unfinished.legend(lang))


def test_no_end_checked_is_said_without_describing_a_check_that_never_ran() -> None:
    """With no time for any check, the text does not say what "no share moves past the limit
    just inside an end" as if it had been seen; it says none was checked, and how to give the
    run time (the command line a `--seconds`, the app its button)."""
    unchecked = WeightInterval("criteria", "cost", 0.45, (0.0, 1.0), (0.0, 1.0), (0.2, 0.6))
    result = SensitivityResult(
        "additive", [unchecked] * 3, [], [], True, 0, {}, suggested_seconds=30.0
    )
    for lang, none, claim in (
        ("en", "None of the 3 split intervals", "just inside an end"),
        ("es", "Ninguno de los 3 intervalos", "justo dentro de un extremo"),
    ):
        said = result.checked_text(lang)
        assert said.startswith(none) and claim not in said and "--seconds 30" in said
        app = result.checked_text(lang, app=True)
        assert app.startswith(none) and claim not in app and "--seconds" not in app
    checked = replace(unchecked, portfolio_checked=True)
    some = SensitivityResult(
        "additive", [checked, unchecked], [], [], True, 0, {}, suggested_seconds=30.0
    )
    assert some.checked_text("en").startswith("1 of 2 split intervals were checked")
