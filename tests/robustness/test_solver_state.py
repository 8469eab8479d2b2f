"""HiGHS never writes on standard output, and no solver state left in a process changes an answer."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import highspy
import numpy as np
import pytest

from prioritise.allocate.matrices import new_highs
from prioritise.robustness.solve import SolveError, run_highs


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_making_a_solver_prints_nothing_on_standard_output() -> None:
    """Newer highspy prints a banner when the first Highs() is made; it must not reach
    stdout (it may reach stderr)."""
    result = python(
        """
        from prioritise.allocate.matrices import new_highs
        highs = new_highs()
        highs.run()
        print("only this")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "only this\n"


def test_python_output_before_and_after_a_solver_keeps_its_order() -> None:
    result = python(
        """
        import sys
        print("before", end=" ")
        from prioritise.allocate.matrices import new_highs
        new_highs()
        print("after")
        """
    )
    assert result.stdout == "before after\n"


def test_solvers_made_on_another_thread_never_hide_what_is_printed() -> None:
    """Once the first solver is made, fd 1 stays put: the baselines solved beside the search
    must not swallow what the command prints meanwhile."""
    result = python(
        """
        import sys, threading
        from prioritise.allocate.matrices import new_highs
        new_highs()
        sys.setswitchinterval(1e-6)  # threads take turns as often as they can
        done = threading.Event()
        def make():
            while not done.is_set():
                new_highs()
        worker = threading.Thread(target=make)
        worker.start()
        for i in range(3000):
            print(i, flush=True)
        done.set()
        worker.join()
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(i) for i in range(3000)]


ROBUSTNESS = """
    import json
    from prioritise.robustness import run_robustness
    from prioritise.scenario import load
    result = run_robustness(load("scenarios/tutorial.toml"), draws=24, seed=5, workers=1)
    payload = result.to_json()
    payload.pop("seconds"); payload["compromise"].pop("seconds")
    print(json.dumps(payload, sort_keys=True))
"""

OTHER_THREADS_FIRST = """
    import highspy
    from prioritise.allocate.matrices import new_highs
    highs = new_highs()
    highs.setOptionValue("threads", 3)
    highs.addVar(0.0, 1.0)
    highs.changeColCost(0, -1.0)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
"""


@pytest.mark.slow
def test_robustness_does_not_depend_on_an_earlier_solve_with_other_threads() -> None:
    """An earlier solve in the same process started HiGHS' thread scheduler with another
    thread count; the robustness draws must still solve, with the same answer."""
    from pathlib import Path

    root = Path(__file__).parents[2]
    alone = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ROBUSTNESS)],
        capture_output=True, text=True, timeout=300, cwd=root,
    )
    after = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(OTHER_THREADS_FIRST) + textwrap.dedent(ROBUSTNESS)],
        capture_output=True, text=True, timeout=300, cwd=root,
    )
    assert alone.returncode == 0, alone.stderr
    assert after.returncode == 0, after.stderr
    assert json.loads(alone.stdout) == json.loads(after.stdout)


def test_an_unexpected_status_is_a_plain_message_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    highs = new_highs()
    highs.addVar(0.0, 1.0)
    highs.addRow(2.0, highspy.kHighsInf, 1, np.array([0], dtype=np.int32), np.array([1.0]))
    with caplog.at_level(logging.WARNING), pytest.raises(SolveError) as caught:
        run_highs(highs, "draw 12")
    assert str(caught.value) == "draw 12: the solver stopped with status 'Infeasible'"
    assert any("Infeasible" in record.getMessage() for record in caplog.records)


def test_a_solver_stop_reads_in_spanish_with_the_status_as_given() -> None:
    highs = new_highs()
    highs.addVar(0.0, 1.0)
    highs.addRow(2.0, highspy.kHighsInf, 1, np.array([0], dtype=np.int32), np.array([1.0]))
    with pytest.raises(SolveError) as caught:
        run_highs(highs, "draw 12")
    assert isinstance(caught.value, RuntimeError)
    assert caught.value.text("es") == "draw 12: el optimizador se detuvo con el estado 'Infeasible'"
    assert caught.value.text("en") == "draw 12: the solver stopped with status 'Infeasible'"
