"""Spanish renderings of the library's messages, checked on messages the library really produces."""

from __future__ import annotations

import pytest

from prioritise.translations import messages_es
from prioritise.translations.messages_es import TEMPLATES, decimal_comma, to_spanish
from tests.factories import edited, scenario_dict, without
from tests.translations.helpers import SCENARIO_TESTS, parametrized_cases, problems_of
from tests.translations.helpers import raw_scenario as _raw

NO_CRITERIA = without(scenario_dict(0), "stakeholders.0.criteria")
PAIRWISE = {
    "items": ["growth", "jobs", "cost"],
    "matrix": [[1, 3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]],
}


def _pairwise(**change: object) -> dict:
    return edited(NO_CRITERIA, "stakeholders.0.pairwise", {"criteria": PAIRWISE | change})


# (raw scenario, one English line it must produce, that line in Spanish)
VALIDATION = [
    (
        _raw(("stakeholders.0.criteria.growht", 5.0)),
        "stakeholders[0].criteria.growht: unknown criterion 'growht' (did you mean 'growth'?)",
        "stakeholders[0].criteria.growht: criterio desconocido 'growht' (¿quiso decir 'growth'?)",
    ),
    (
        _raw(("scenario.languge", "es")),
        "scenario: unknown key 'languge' (did you mean 'language'?)",
        "scenario: clave desconocida 'languge' (¿quiso decir 'language'?)",
    ),
    (
        _raw(("constraints.region_share", {"atlantis": {"max": 0.2}})),
        "constraints.region_share.atlantis: unknown region 'atlantis'",
        "constraints.region_share.atlantis: región desconocida 'atlantis'",
    ),
    (
        _raw(("tables.need.p0", {"a7": 1.0})),
        "tables.need.p0.a7: unknown enabling area 'a7'",
        "tables.need.p0.a7: ámbito habilitante desconocido 'a7'",
    ),
    (
        _raw(("regions.1.id", "r0")),
        "regions[1].id: 'r0' is used already by regions[0]",
        "regions[1].id: 'r0' ya está en uso en regions[0]",
    ),
    (
        _raw(("tables.need.sources", {"p0": 3})),
        "tables.need.sources.p0: must be a source id (text in quotes)",
        "tables.need.sources.p0: debe ser el id de una fuente (texto entre comillas)",
    ),
    (
        _raw(("programmes.0.performance.lagging", 0.5)),
        "programmes[0].performance.lagging: criterion 'lagging' is a region criterion, "
        "not a programme one",
        "programmes[0].performance.lagging: el criterio 'lagging' es de nivel 'region', "
        "no de nivel 'programme'",
    ),
    (
        _raw(("programmes.0.performance.jobs",)),
        "programmes[0].performance: missing a value for criterion 'jobs'",
        "programmes[0].performance: falta un valor para el criterio 'jobs'",
    ),
    (
        _raw(("regions.0.performance.lagging", 1.5)),
        "regions[0].performance.lagging: 1.5 is outside the criterion's scale [0, 1]",
        "regions[0].performance.lagging: 1,5 está fuera de la escala del criterio, de 0 a 1",
    ),
    (
        _raw(("tables.specialisation",)),
        "tables.specialisation: missing: criterion 'specialisation' takes its values from a "
        "programme × region table of that name",
        "tables.specialisation: falta: el criterio 'specialisation' toma sus valores de una "
        "tabla programa × región con ese nombre",
    ),
    (
        _raw(("tables.specialty", {"p0": {"r0": 1.0}})),
        "tables.specialty: a table must be 'need' or carry a programme_region criterion's "
        "values (did you mean 'specialisation'?)",
        "tables.specialty: una tabla debe ser 'need' o contener los valores de un criterio "
        "programme_region (¿quiso decir 'specialisation'?)",
    ),
    (
        _raw(("tables.need.p0", "lots")),
        "tables.need.p0: must be a row of numbers (or the table's 'source' or 'note')",
        "tables.need.p0: debe ser una fila de números (o la 'source' o 'note' de la tabla)",
    ),
    (
        _raw(("tables.need.p0", {"a0": "many"})),
        "tables.need.p0.a0: must be a number",
        "tables.need.p0.a0: debe ser un número",
    ),
    (
        _raw(("programmes.1.performance.growth", "high")),
        "programmes[1].performance.growth: must be a number (got 'high')",
        "programmes[1].performance.growth: debe ser un número (se recibió 'high')",
    ),
    (
        _raw(("programmes.0.performance.jobs", float("inf"))),
        "programmes[0].performance.jobs: must be a finite number",
        "programmes[0].performance.jobs: debe ser un número finito",
    ),
    (
        _raw(("tables.specialisation.p0", {"r0": -1.0})),
        "tables.specialisation.p0.r0: must be a finite number, zero or more",
        "tables.specialisation.p0.r0: debe ser un número finito, cero o mayor",
    ),
    (
        _pairwise(matrix=[[1, -3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]]),
        "stakeholders[0].pairwise.criteria.matrix[0][1]: must be a positive number",
        "stakeholders[0].pairwise.criteria.matrix[0][1]: debe ser un número positivo",
    ),
    (
        _raw(("budget.years", [2030.5, 2031])),
        "budget.years[0]: must be a whole number",
        "budget.years[0]: debe ser un número entero",
    ),
    (
        _raw(("scenario.name", 5)),
        "scenario.name: must be text (in quotes) (got 5)",
        "scenario.name: debe ser texto (entre comillas) (se recibió 5)",
    ),
    (
        _raw(("budget.carry_over", "yes")),
        "budget.carry_over: must be true or false (got 'yes')",
        "budget.carry_over: debe ser true o false (se recibió 'yes')",
    ),
    (
        _raw(("budget.years", 2030)),
        "budget.years: must be a list [ ... ]",
        "budget.years: debe ser una lista [ ... ]",
    ),
    (
        _raw(("budget", 5)),
        "budget: must be a table { ... }",
        "budget: debe ser una tabla { ... }",
    ),
    (
        _raw(("criteria.0.scale", [1.0])),
        "criteria[0].scale: has too few entries",
        "criteria[0].scale: tiene muy pocas entradas",
    ),
    (
        _raw(("criteria.0.scale", [1.0, 2.0, 3.0])),
        "criteria[0].scale: has too many entries",
        "criteria[0].scale: tiene demasiadas entradas",
    ),
    (
        _raw(("programmes.0.id", "9lives")),
        "programmes[0].id: must be an id: a letter, then letters, digits, '_' or '-' "
        "(got '9lives')",
        "programmes[0].id: debe ser un id: una letra y luego letras, dígitos, '_' o '-' "
        "(se recibió '9lives')",
    ),
    (
        _raw(("constraints.min_region_share", 1.5)),
        "constraints.min_region_share: must be less than or equal to 1 (got 1.5)",
        "constraints.min_region_share: debe ser menor o igual a 1 (se recibió 1,5)",
    ),
    (
        _raw(("returns.saturation", 0.0)),
        "returns.saturation: must be greater than 0 (got 0.0)",
        "returns.saturation: debe ser mayor que 0 (se recibió 0,0)",
    ),
    (
        _raw(("priority.method", "electre")),
        "priority.method: 'electre' is not allowed; use one of 'additive', 'topsis' or 'promethee'",
        "priority.method: 'electre' no está permitido; use uno de 'additive', 'topsis' o "
        "'promethee'",
    ),
    (
        _raw(("stakeholders.1.ranks", {"criteria": ["growth", "jobs"]})),
        "stakeholders[1].criteria: given as points and as ranks; keep one form",
        "stakeholders[1].criteria: se entregó como puntos y como orden de prioridad; "
        "deje una sola forma",
    ),
    (
        _raw(("stakeholders.0.criteria", {"growth": 0.0, "jobs": 0.0, "cost": 0.0})),
        "stakeholders[0].criteria: weights are all zero: give at least one a positive value",
        "stakeholders[0].criteria: todas las ponderaciones son cero: dé un valor positivo "
        "a lo menos a una",
    ),
    (
        edited(NO_CRITERIA, "stakeholders.0.ranks", {"criteria": ["growth", "growth"]}),
        "stakeholders[0].ranks.criteria[1]: 'growth' is ranked twice",
        "stakeholders[0].ranks.criteria[1]: 'growth' aparece dos veces en el orden de prioridad",
    ),
    (
        _pairwise(items=["growth", "growth", "cost"]),
        "stakeholders[0].pairwise.criteria.items: an item is listed twice",
        "stakeholders[0].pairwise.criteria.items: un elemento aparece dos veces",
    ),
    (
        _pairwise(matrix=[[1, 3], [1 / 3, 1]]),
        "stakeholders[0].pairwise.criteria.matrix: must be square: 3 rows of 3 numbers, "
        "one per item",
        "stakeholders[0].pairwise.criteria.matrix: debe ser cuadrada: 3 filas de 3 números, "
        "una por elemento",
    ),
    (
        _pairwise(matrix=[[2, 3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]]),
        "stakeholders[0].pairwise.criteria.matrix[0][0]: the diagonal must be 1 "
        "(an item compared with itself)",
        "stakeholders[0].pairwise.criteria.matrix[0][0]: la diagonal debe ser 1 "
        "(un elemento comparado consigo mismo)",
    ),
    (
        _pairwise(matrix=[[1, 2.5, 5], [3, 1, 2], [0.2, 0.5, 1]]),
        "stakeholders[0].pairwise.criteria.matrix[0][1]: 2.5 and matrix[1][0] = 3 are not "
        "reciprocal (expected 0.4)",
        "stakeholders[0].pairwise.criteria.matrix[0][1]: 2,5 y matrix[1][0] = 3 no son "
        "recíprocos (se esperaba 0,4)",
    ),
    (
        _raw(("budget.years", [2030, 2030])),
        "budget.years: a year is listed twice",
        "budget.years: un año aparece dos veces",
    ),
    (
        _raw(("budget.years", [2031, 2030])),
        "budget.years: years must be in increasing order",
        "budget.years: los años deben ir en orden creciente",
    ),
    (
        _raw(("budget.per_year", [30.0])),
        "budget.per_year: has 1 amounts for 2 years",
        "budget.per_year: tiene 1 montos para 2 años",
    ),
    (
        _raw(("budget.per_year", [10.0, 10.5])),
        "budget.per_year: adds up to 20.5, not the total 30",
        "budget.per_year: suma 20,5, no el total 30",
    ),
    (
        _raw(
            (
                "constraints.fixed",
                [
                    {
                        "programme": "p0",
                        "enabling_area": "a0",
                        "region": "r0",
                        "year": 1999,
                        "amount": 1.0,
                    }
                ],
            )
        ),
        "constraints.fixed[0].year: 1999 is not a budget year",
        "constraints.fixed[0].year: 1999 no es un año del presupuesto",
    ),
    (
        _raw(("constraints.region_share", {"r0": {"min": 0.6}, "r1": {"min": 0.6}})),
        "constraints.region_share: the regional minimum shares add up to 120.0%, above 100 % "
        "of the budget",
        "constraints.region_share: las participaciones mínimas regionales suman 120,0 %, "
        "más del 100 % del presupuesto",
    ),
    (
        _raw(("constraints.programme_share", {"p0": {"min": 0.75}, "p1": {"min": 0.5}})),
        "constraints.programme_share: the programme minimum shares add up to 125.0%, above "
        "100 % of the budget",
        "constraints.programme_share: las participaciones mínimas por programa suman 125,0 %, "
        "más del 100 % del presupuesto",
    ),
    (
        _raw(("constraints.max_programme_share", 0.25), ("constraints.spend_all", True)),
        "constraints.max_programme_share: 3 programmes capped at 25.0% each cannot spend the "
        "whole budget (spend_all = true)",
        "constraints.max_programme_share: 3 programas con un tope de 25,0 % cada uno no pueden "
        "gastar todo el presupuesto (spend_all = true)",
    ),
    (
        _raw(("scenario.name",)),
        "scenario.name: required, but missing",
        "scenario.name: obligatorio, pero falta",
    ),
    (
        _raw(("format",)),
        "format: required, but missing (this version reads 'prioritise-scenario/1')",
        "format: obligatorio, pero falta (esta versión lee 'prioritise-scenario/1')",
    ),
    (
        _raw(("format", "prioritise-scenario/99")),
        "format: 'prioritise-scenario/99' is not a scenario format this version reads "
        "(it reads 'prioritise-scenario/1')",
        "format: 'prioritise-scenario/99' no es un formato de escenario que esta versión lea "
        "(lee 'prioritise-scenario/1')",
    ),
    (
        [1, 2],
        "a scenario must be a TOML document",
        "un escenario debe ser un documento TOML",
    ),
    (
        _raw(("criteria.0.preference", {"function": "level", "q": 1.0})),
        "criteria[0].preference: the 'level' function needs p",
        "criteria[0].preference: la función 'level' necesita p",
    ),
    (
        _raw(("criteria.0.preference", {"function": "linear"})),
        "criteria[0].preference: the 'linear' function needs q and p",
        "criteria[0].preference: la función 'linear' necesita q y p",
    ),
    (
        _raw(("criteria.0.preference", {"function": "linear", "q": 2.0, "p": 1.0})),
        "criteria[0].preference: the indifference threshold q must not exceed the preference "
        "threshold p",
        "criteria[0].preference: el umbral de indiferencia q no debe superar el umbral de "
        "preferencia p",
    ),
    (
        _raw(("criteria.0.scale", [5.0, 1.0])),
        "criteria[0].scale: scale must be [low, high] with low below high",
        "criteria[0].scale: la escala debe ser [mínimo, máximo], con el mínimo bajo el máximo",
    ),
    (
        _raw(("returns.slopes", [1.0, 0.5])),
        "returns: give breakpoints and slopes together, or neither",
        "returns: entregue breakpoints y slopes juntos, o ninguno de los dos",
    ),
    (
        _raw(("returns.slopes", [1.0, 0.5]), ("returns.breakpoints", [0.0, 1.0])),
        "returns: there must be one more breakpoint than slopes",
        "returns: debe haber un valor más en breakpoints que en slopes",
    ),
    (
        _raw(("returns.slopes", [1.0]), ("returns.breakpoints", [1.0, 2.0])),
        "returns: breakpoints must start at 0 and increase",
        "returns: breakpoints debe partir en 0 e ir en aumento",
    ),
    (
        _raw(("returns.slopes", [0.5, 1.0]), ("returns.breakpoints", [0.0, 1.0, 2.0])),
        "returns: slopes must not increase (returns diminish)",
        "returns: slopes no debe aumentar (los rendimientos son decrecientes)",
    ),
    (
        _raw(("constraints.region_share", {"r0": {"min": 0.6, "max": 0.2}})),
        "constraints.region_share.r0: min (0.6) is above max (0.2)",
        "constraints.region_share.r0: min (0,6) es mayor que max (0,2)",
    ),
]


@pytest.mark.parametrize(("raw", "english", "spanish"), VALIDATION)
def test_validation_problems_read_in_spanish(raw: object, english: str, spanish: str) -> None:
    found = problems_of(raw)
    assert english in found, found
    assert to_spanish(english) == spanish


def test_every_template_is_exercised_above() -> None:
    """Each English template in the table has a real message among the cases of this file."""
    english = [line for _, line, _ in VALIDATION]
    english += [
        "the file is empty",
        "this is a binary file, not a TOML scenario",
        "the file is not UTF-8 text",
        "not valid TOML: Expected ']'",
        "no such file",
        "this is a folder, not a file",
        "the file is too large to be a scenario (over 1 MB)",
        "cannot be read (Permission denied)",
        "could not finish checking the file ('p0')",
        "No stakeholder with influence stated criterion weights: all weigh the same.",
        "No enabling-area need recorded for p1: their areas are treated alike.",
        "programme_blend is set, but nobody gave direct programme weights: the priorities come "
        "from the criteria alone.",
        "There are no programme-level criteria: programmes share equally before any direct "
        "programme weights.",
        "budgets must be numbers",
        "a budget sweep needs at least one budget",
        "a frontier needs at least 2 steps",
        "there is no region 'atlantis'; the regions are r0, r1, r2",
        "name the region: there is no 'metropolitana' and no region has a population to find "
        "the largest by",
        "the equity frontier needs the regions' population, and no region has one",
        "which must be 'programme' or 'metropolitan'",
        "'sector' is not a total; use one of programme, area, region, year",
    ]
    messages = set()
    for line in english:
        for text in (line, line.split(": ", 1)[-1]):
            messages.update({text, text.rsplit(" (got ", 1)[0]})
    unmatched = [t.pattern for t in TEMPLATES if not any(t.fullmatch(m) for m in messages)]
    assert not unmatched, unmatched


def test_every_message_of_the_validation_tests_is_translated() -> None:
    """Each distinct problem the scenario tests trigger differs from its English once rendered."""
    raws = []
    for path, value, _ in parametrized_cases(SCENARIO_TESTS, "test_each_rule_reports_its_location"):
        raws.append(edited(scenario_dict(0), path, value))
    for path, _ in parametrized_cases(SCENARIO_TESTS, "test_missing_keys_are_named"):
        raws.append(without(scenario_dict(0), path))
    messages = set()
    for raw in raws:
        messages.update(line.split(": ", 1)[-1] for line in problems_of(raw))
    assert len(messages) > 30
    untranslated = [m for m in messages if to_spanish(m) == m]
    assert not untranslated, untranslated


def test_unknown_messages_and_english_pass_through() -> None:
    assert to_spanish("something nobody wrote a template for") == (
        "something nobody wrote a template for"
    )
    assert messages_es.in_language("the file is empty", "en") == "the file is empty"
    assert messages_es.in_language("the file is empty", "es") == "el archivo está vacío"


@pytest.mark.parametrize(
    ("english", "spanish"),
    [("0.6", "0,6"), ("120.0%", "120,0 %"), ("-1.25", "-1,25"), ("30", "30"), ("v1.2.3", "v1.2.3")],
)
def test_decimal_comma(english: str, spanish: str) -> None:
    assert decimal_comma(english) == spanish
