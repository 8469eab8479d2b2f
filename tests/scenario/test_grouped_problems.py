"""A problem met in many places is said once, with the count of the others (`grouped`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prioritise.scenario import Problem, grouped, problem_lines
from prioritise.scenario.problems import REPEATS_LISTED
from prioritise.text import msg

problems = st.lists(
    st.builds(
        Problem,
        st.sampled_from(["regions", "tables.need.a.x", "tables.need.b.x", "budget.years"]),
        st.sampled_from(
            [
                msg("scenario.check.unknown_region", name="x"),
                msg("scenario.check.unknown_region", name="y"),
                msg("scenario.check.year_twice", year="2018"),
                "a finished sentence",
            ]
        ),
        st.sampled_from(["error", "warning"]),
    ),
    max_size=12,
)


@given(problems)
def test_every_problem_is_said_or_counted_in_its_order(found: list[Problem]) -> None:
    said = grouped(found)
    assert sum(1 + more for _, more in said) == len(found)
    shown = [problem for problem, _ in said]
    kept = {id(problem) for problem in shown}
    assert [id(p) for p in shown] == [id(p) for p in found if id(p) in kept]  # their order
    for problem, more in said:
        same = [p for p in found if (p.severity, p.text()) == (problem.severity, problem.text())]
        assert more == (len(same) - 1 if len(same) > REPEATS_LISTED else 0)
        assert problem is same[0] or more == 0


def test_a_few_repeats_are_each_listed_and_many_are_counted() -> None:
    unknown = msg("scenario.check.unknown_region", name="tarapaca")
    two = [Problem(f"tables.{name}.mining.tarapaca", unknown) for name in ("need", "activity")]
    assert problem_lines(two, "en") == [
        "tables.need.mining.tarapaca: unknown region 'tarapaca'",
        "tables.activity.mining.tarapaca: unknown region 'tarapaca'",
    ]
    three = [*two, Problem("tables.other.mining.tarapaca", unknown)]
    assert problem_lines(three, "es", "f.toml: ") == [
        "f.toml: tables.need.mining.tarapaca (y 2 lugares más): región desconocida 'tarapaca'"
    ]
