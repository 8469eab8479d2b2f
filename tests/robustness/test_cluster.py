"""The Dask engine: the same draws on a cluster give the same answer as on this machine."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from distributed import Client, LocalCluster

from prioritise.cli import main
from prioritise.robustness import RobustnessError, RobustnessResult, run_robustness
from prioritise.robustness import cluster as engines
from prioritise.scenario import load

ROOT = Path(__file__).parents[2]
CLUSTERS = load(ROOT / "scenarios" / "chile_clusters_2008.toml")  # funding rules, and quick
DRAWS = 96  # 12 anchors, so both phases of the solve (anchors, then nearest starts) run
SEED = 11
UNREACHABLE = "tcp://127.0.0.1:1"


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as started:
        yield started


@pytest.fixture(scope="module")
def local() -> dict[int, RobustnessResult]:
    return {w: run_robustness(CLUSTERS, DRAWS, SEED, workers=w) for w in (1, 2)}


def comparable(result: RobustnessResult) -> dict:
    """The JSON without what may differ between engines: timings, the engine, its workers."""
    payload = result.to_json()
    for key in ("seconds", "engine", "workers"):
        payload.pop(key)
    if payload["compromise"] is not None:
        payload["compromise"].pop("seconds")
    return payload


def assert_same_draws(one: RobustnessResult, other: RobustnessResult) -> None:
    assert comparable(one) == comparable(other)
    assert np.array_equal(one.arrays.cell_amounts, other.arrays.cell_amounts)
    assert np.array_equal(one.arrays.objective, other.arrays.objective)


def test_local_engine_is_the_same_with_one_or_two_workers(local) -> None:
    assert local[1].engine == local[2].engine == "local"
    assert (local[1].workers, local[2].workers) == (1, 2)
    assert_same_draws(local[1], local[2])
    assert local[1].mixed_integer  # the scenario's funding rules: the harder path
    assert len(local[1].robust_core) > 0 and local[1].compromise is not None


def test_a_running_cluster_gives_the_local_answer(cluster, local) -> None:
    seen: list[tuple[int, int]] = []
    result = run_robustness(
        CLUSTERS,
        DRAWS,
        SEED,
        engine="dask",
        address=cluster.scheduler_address,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert (result.engine, result.workers) == ("dask", 2)
    assert result.to_json()["engine"] == "dask"
    for workers in (1, 2):
        assert_same_draws(result, local[workers])
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and seen[-1] == (DRAWS, DRAWS)


def test_each_worker_process_keeps_one_solver_per_problem(cluster) -> None:
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        before = client.run(lambda: sorted(engines._WORKERS))
        run_robustness(CLUSTERS, 40, SEED, engine="dask", address=cluster.scheduler_address)
        after = client.run(lambda: sorted(engines._WORKERS))
    new = {address: set(after[address]) - set(before[address]) for address in after}
    assert all(len(tokens) <= 1 for tokens in new.values())  # one per process, not per chunk
    assert len(set().union(*new.values())) == 1  # and the same problem on every process
    assert all(len(tokens) <= engines.KEPT_PROBLEMS for tokens in after.values())


def test_the_engine_starts_and_stops_its_own_local_cluster(local) -> None:
    result = run_robustness(CLUSTERS, DRAWS, SEED, workers=1, engine="dask")
    assert (result.engine, result.workers) == ("dask", 1)
    assert_same_draws(result, local[1])


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["robustness", "tutorial", "--draws", "60", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "No Dask scheduler answered"), ("es", "Ningún planificador")]
)
@pytest.mark.parametrize("address", [UNREACHABLE, "no-port-here"])
def test_an_unreachable_scheduler_is_one_sentence_and_one_json_object(
    capsys, monkeypatch, lang: str, words: str, address: str
) -> None:
    monkeypatch.setattr(engines, "CONNECT_SECONDS", 2.0)
    code, out, err = cli(capsys, "--engine", "dask", "--address", address, "--json", "--lang", lang)
    assert code == 2
    payload = json.loads(out)  # exactly one object: a second would not parse
    assert payload["ok"] is False
    [error] = payload["errors"]
    assert error["id"] == "robustness.error.scheduler"
    assert words in error["message"] and address in error["message"]
    assert address in err and "Traceback" not in err
    assert "Errno" not in err and "refused" not in err  # the system's English stays out

    code, out, err = cli(capsys, "--engine", "dask", "--address", address, "--lang", lang)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and address in err and words in err


def test_a_server_that_does_not_greet_like_a_scheduler_is_refused(capsys, monkeypatch) -> None:
    monkeypatch.setattr(engines, "CONNECT_SECONDS", 1.0)
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never answers
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        code, out, err = cli(capsys, "--engine", "dask", "--address", address, "--json")
    assert code == 2 and "Traceback" not in err
    [error] = json.loads(out)["errors"]
    assert error["id"] == "robustness.error.scheduler"
    assert address in error["message"] and "not a Dask scheduler" in error["message"]


def test_a_scheduler_without_workers_says_how_to_start_one(monkeypatch) -> None:
    monkeypatch.setattr(engines, "CONNECT_SECONDS", 1.0)
    with (
        LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty,
        pytest.raises(RobustnessError) as caught,
    ):
        run_robustness(CLUSTERS, 20, engine="dask", address=empty.scheduler_address)
    assert caught.value.message.id == "robustness.error.no_workers"
    assert f"dask worker {empty.scheduler_address}" in caught.value.text("en")


def test_without_distributed_the_dask_engine_says_what_to_install(capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    with pytest.raises(RobustnessError) as caught:
        run_robustness(CLUSTERS, 20, engine="dask")
    for lang in ("en", "es"):
        assert "pip install 'prioritise[cluster]'" in caught.value.text(lang)
    code, out, err = cli(capsys, "--engine", "dask", "--json", "--lang", "es")
    assert code == 2 and "Traceback" not in err
    [error] = json.loads(out)["errors"]
    assert error["id"] == "robustness.error.no_dask"
    assert "paquete opcional distributed" in error["message"]


def test_an_address_needs_the_dask_engine(capsys) -> None:
    code, out, err = cli(capsys, "--address", UNREACHABLE, "--json")
    assert code == 2 and "--engine dask" in err
    assert json.loads(out)["errors"][0]["id"] == "robustness.error.address"
    with pytest.raises(RobustnessError, match="Unknown engine 'ray'"):
        run_robustness(CLUSTERS, 20, engine="ray")


@pytest.mark.parametrize(
    ("error", "english", "spanish"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "nothing accepts", "nada acepta"),
        (socket.gaierror(-2, "Name or service not known"), "not known", "no se conoce"),
        (TimeoutError("timed out"), "no answer", "sin respuesta"),
        (ValueError("bad address"), "tcp://HOST:PORT", "tcp://HOST:PUERTO"),
        (OSError(113, "No route to host"), "network error 113", "error de red 113"),
    ],
)
def test_network_causes_are_worded_in_the_readers_language(
    error: Exception, english: str, spanish: str
) -> None:
    cause = engines.network_cause(error)
    assert english in cause.text("en") and spanish in cause.text("es")
    assert str(error) not in cause.text("es")
