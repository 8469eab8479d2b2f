"""Messages by id: parameters, nesting, names, plurals, and errors that fail loudly."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from prioritise.text import (
    CatalogueError,
    DateTime,
    Duration,
    Integer,
    ListOf,
    LocalizedError,
    Message,
    MessageParameterError,
    Money,
    MoneyUnit,
    Number,
    Percent,
    UnknownMessageError,
    msg,
    render,
    t,
)


@dataclass
class Item:
    """Shaped like a scenario item: an id, the file's name and translated names."""

    id: str
    name: str
    names: dict[str, str] = field(default_factory=dict)


BIOBIO = Item("biobio", "Biobío", {"es": "Biobío", "en": "Biobío"})
MINING = Item("mining", "Minería", {"es": "Minería", "en": "Mining"})


def test_a_message_renders_in_either_language() -> None:
    message = msg("ui.scores.unavailable", detail="x")
    assert message.text("es") == "No se pueden calcular las prioridades de este escenario. x"
    assert render(message, "en") == "Priorities cannot be computed for this scenario. x"
    assert t("common.group.civil", "es") == "sociedad civil"
    assert t("common.group.civil", "en") == "civil society"


def test_nested_messages_render_in_the_same_language() -> None:
    inner = msg("ui.scenario.fallback", path="chile.toml", fallback=MINING)
    outer = msg("ui.error.detail", detail=inner)
    assert (
        outer.text("es")
        == "Qué ocurrió: No se pudo abrir chile.toml; se abrió Minería en su lugar."
    )
    assert (
        outer.text("en")
        == "What happened: chile.toml could not be opened, so Mining was opened instead."
    )


def test_items_render_by_their_names() -> None:
    assert t("ui.error.detail", "en", detail=MINING) == "What happened: Mining"
    only_spanish = Item("los_rios", "Los Ríos", {"es": "Los Ríos"})
    assert t("ui.error.detail", "en", detail=only_spanish) == "What happened: Los Ríos"
    assert t("ui.error.detail", "en", detail=Item("x", "Equis")) == "What happened: Equis"


@pytest.mark.parametrize(
    ("value", "es", "en"),
    [
        (Money(175, 1e6, "USD"), "175,0 MM USD", "175.0 M USD"),
        (Percent(0.242), "24,2\u00a0%", "24.2%"),
        (Percent(0.031, signed=True), "+3,1\u00a0%", "+3.1%"),
        (Number(7.25, 2), "7,25", "7.25"),
        (Integer(7112808), "7.112.808", "7,112,808"),
        (MoneyUnit(1e6, "USD"), "MM USD", "M USD"),
        (Duration(0.4), "0,4 s", "0.4 s"),
        (
            DateTime(datetime(2024, 1, 15, 15, 30, tzinfo=UTC)),
            "15 ene 2024, 12:30",
            "15 Jan 2024, 12:30",
        ),
        (
            ListOf([BIOBIO, MINING, "Los Ríos"]),
            "Biobío, Minería y Los Ríos",
            "Biobío, Mining and Los Ríos",
        ),
        (ListOf(["A", "B"], "or"), "A o B", "A or B"),
        (2025, "2025", "2025"),
    ],
)
def test_wrapped_values_render_by_language(value: object, es: str, en: str) -> None:
    message = msg("ui.error.detail", detail=value)
    assert message.text("es") == f"Qué ocurrió: {es}"
    assert message.text("en") == f"What happened: {en}"


@pytest.mark.parametrize(
    ("count", "es", "en"),
    [
        (0, "0 regiones", "0 regions"),
        (1, "1 región", "1 region"),
        (3, "3 regiones", "3 regions"),
        (Integer(12345), "12.345 regiones", "12,345 regions"),
        (Integer(1.0), "1 región", "1 region"),
    ],
)
def test_plurals_follow_count(count: int | Integer, es: str, en: str) -> None:
    message = msg("common.count.regions", count=count)
    assert message.text("es") == es
    assert message.text("en") == en


def test_plural_needs_a_whole_count() -> None:
    with pytest.raises(MessageParameterError, match="count"):
        msg("common.count.regions")
    with pytest.raises(MessageParameterError, match="count"):
        msg("common.count.regions", count=1.5)
    with pytest.raises(MessageParameterError, match="count"):
        msg("common.count.regions", count=Integer(1.5))
    with pytest.raises(MessageParameterError, match="count"):
        msg("common.count.regions", count=Integer(float("nan")))


def test_unknown_id_is_an_error_not_the_id() -> None:
    with pytest.raises(UnknownMessageError, match=re.escape("common.no_such_word")):
        msg("common.no_such_word")
    with pytest.raises(UnknownMessageError, match=re.escape("nodomain.word")):
        t("nodomain.word", "es")
    with pytest.raises(CatalogueError, match="not a message id"):
        msg("Not An Id")


def test_missing_and_unexpected_parameters_are_errors() -> None:
    with pytest.raises(MessageParameterError, match="missing detail"):
        msg("ui.error.detail")
    with pytest.raises(MessageParameterError, match="unexpected detial"):
        msg("ui.error.detail", detail="x", detial="y")
    carried = Message("ui.error.detail", {})
    with pytest.raises(MessageParameterError, match="missing detail"):
        carried.text("en")


@pytest.mark.parametrize("value", [0.5, True, None, [1, 2], {"es": "x"}])
def test_unformatted_values_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        msg("ui.error.detail", detail=value)


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        t("common.budget", "fr")


def test_message_keeps_its_own_copy_of_params() -> None:
    params: dict[str, Any] = {"detail": "before"}
    message = Message("ui.error.detail", params)
    params["detail"] = "after"
    assert message.text("en") == "What happened: before"
    assert message == Message("ui.error.detail", {"detail": "before"})
    assert hash(message) == hash(Message("ui.error.detail", {"detail": "other"}))
    assert pickle.loads(pickle.dumps(message)) == message


class BudgetTooSmall(LocalizedError):
    """A library error with its own constructor, as subclasses will have."""

    def __init__(self, needed: float) -> None:
        super().__init__("ui.error.detail", detail=Money(needed, 1e6, "USD"))
        self.needed = needed


def test_localized_error_is_english_in_logs_and_translated_for_users() -> None:
    error = BudgetTooSmall(12.5)
    assert str(error) == "What happened: 12.5 M USD"
    assert error.text("es") == "Qué ocurrió: 12,5 MM USD"
    assert error.message.id == "ui.error.detail"
    with pytest.raises(LocalizedError, match=re.escape("12.5 M USD")):
        raise error


def test_localized_error_survives_pickling() -> None:
    copy = pickle.loads(pickle.dumps(BudgetTooSmall(3.0)))
    assert isinstance(copy, BudgetTooSmall)
    assert copy.needed == 3.0
    assert copy.text("es") == "Qué ocurrió: 3,0 MM USD"


def test_localized_error_from_a_ready_message() -> None:
    error = LocalizedError(msg("common.count.regions", count=2))
    assert str(error) == "2 regions"
    with pytest.raises(TypeError):
        LocalizedError(msg("common.budget"), extra=1)


def test_a_broken_message_still_logs() -> None:
    error = LocalizedError(Message("common.no_such_word", {}))
    assert "common.no_such_word" in str(error)
    with pytest.raises(UnknownMessageError):
        error.text("es")


def test_a_list_of_names_with_commas_is_told_apart_by_semicolons() -> None:
    """The last one too ("…; y …"): without it, "…; Certificación y Proveedores, Los Lagos"
    reads as one name."""
    names = ["Piloto de riego eficiente, Maule", "Certificación", "Proveedores, Los Lagos"]
    assert ListOf(names).text("es") == (
        "Piloto de riego eficiente, Maule; Certificación; y Proveedores, Los Lagos"
    )
    assert ListOf(names, "or").text("en") == (
        "Piloto de riego eficiente, Maule; Certificación; or Proveedores, Los Lagos"
    )
    assert ListOf(["Biobío", "Los Ríos"]).text("es") == "Biobío y Los Ríos"
    assert ListOf(["North", "Centre", "South"]).text("en") == "North, Centre and South"


def test_names_with_the_joining_word_are_told_apart() -> None:
    """A list of "Fishing and aquaculture" and "Global services" reads as three programmes."""
    assert ListOf(["Fishing and aquaculture", "Global services"]).text("en") == (
        "'Fishing and aquaculture' and 'Global services'"
    )
    assert ListOf(["Pesca y acuicultura", "Servicios globales"]).text("es") == (
        "«Pesca y acuicultura» y «Servicios globales»"
    )
    assert ListOf(["Minería", "Pesca y acuicultura", "Servicios globales"]).text("es") == (
        "Minería; Pesca y acuicultura; y Servicios globales"
    )
    assert ListOf(["Mining", "Tourism", "Land"]).text("en") == "Mining, Tourism and Land"
    assert ListOf(["Pesca y acuicultura"]).text("es") == "Pesca y acuicultura"  # one: plain


def test_two_names_one_with_a_comma_are_quoted_so_they_do_not_read_as_three() -> None:
    """In the language's own quotation marks: «…» in Spanish."""
    names = ["Piloto de riego eficiente, Maule", "Certificación de turismo sustentable"]
    assert ListOf(names).text("es") == (
        "«Piloto de riego eficiente, Maule» y «Certificación de turismo sustentable»"
    )
    assert ListOf(names, "or").text("en") == (
        "'Piloto de riego eficiente, Maule' or 'Certificación de turismo sustentable'"
    )
    assert ListOf(["Maule", "Los Ríos"]).text("es") == "Maule y Los Ríos"  # no comma: as before


def test_amounts_with_a_decimal_comma_are_listed_plainly() -> None:
    amounts = ["1,35 MM USD retenidos por el piso regional", "0,23 MM USD elegidos por su valor"]
    assert ListOf(amounts).text("es") == (
        "1,35 MM USD retenidos por el piso regional y 0,23 MM USD elegidos por su valor"
    )
    three = ["1,35 MM USD", "0,23 MM USD", "2,5 MM USD"]
    assert ListOf(three).text("es") == "1,35 MM USD, 0,23 MM USD y 2,5 MM USD"
    assert ListOf(["1,500 people", "Biobío, Ñuble"]).text("en") == (
        "'1,500 people' and 'Biobío, Ñuble'"  # the name's comma still counts
    )
