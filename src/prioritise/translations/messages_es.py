"""Chilean Spanish renderings of the library's English messages.

The library speaks English, which the command line and its tests rely on. The Spanish interface
passes each message through `to_spanish`, which matches it against the English templates of
the scenario checks, value-tree notes and trade-off errors and rewrites it, keeping ids, names
and numbers (with a decimal comma). A message no template knows comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rewrite = Callable[[re.Match[str]], str]

_NUMBER = re.compile(r"(?<![\w.])(-?\d+)\.(\d+)(?![\w.])")

_UNKNOWN = {
    "key": "clave desconocida",
    "source": "fuente desconocida",
    "criterion": "criterio desconocido",
    "regional criterion": "criterio regional desconocido",
    "programme": "programa desconocido",
    "region": "región desconocida",
    "enabling area": "ámbito habilitante desconocido",
}
_FORMS = {"points": "puntos", "ranks": "orden de prioridad", "pairwise": "comparación por pares"}
_SHARE_LABELS = {"regional": "regionales", "programme": "por programa"}
_SET_LABELS = {
    "criterion": "de los criterios",
    "enabling-area": "de los ámbitos habilitantes",
    "regional-criterion": "de los criterios regionales",
    "direct programme": "directas de los programas",
}
_COMPARISONS = {
    "greater than or equal to": "mayor o igual a",
    "greater than": "mayor que",
    "less than or equal to": "menor o igual a",
    "less than": "menor que",
}


def decimal_comma(text: str) -> str:
    """Decimal numbers written the Spanish way: '0.6' -> '0,6', '120.0%' -> '120,0 %'."""
    text = _NUMBER.sub(r"\1,\2", text)
    return re.sub(r"(\d)%", r"\1 %", text)


def _or(listing: str) -> str:
    """An English list of choices ('a', 'b' or 'c') with a Spanish 'o'."""
    return re.sub(r"(?<=') or (?=')", " o ", listing)


def _suggestion(match: re.Match[str]) -> str:
    close = match.group("close")
    return f" (¿quiso decir '{close}'?)" if close else ""


def _fixed(spanish: str) -> Rewrite:
    return lambda match: spanish


_SUGGEST = r"(?: \(did you mean '(?P<close>.*)'\?\))?"

_TABLE: list[tuple[re.Pattern[str], Rewrite]] = [
    (
        re.compile(
            rf"unknown (?P<kind>key|source|regional criterion|criterion|programme|region|"
            rf"enabling area) '(?P<name>.*?)'{_SUGGEST}"
        ),
        lambda m: f"{_UNKNOWN[m['kind']]} '{m['name']}'{_suggestion(m)}",
    ),
    (
        re.compile(r"'(?P<id>.*)' is used already by (?P<other>\S+)"),
        lambda m: f"'{m['id']}' ya está en uso en {m['other']}",
    ),
    (
        re.compile(r"must be a source id \(text in quotes\)"),
        _fixed("debe ser el id de una fuente (texto entre comillas)"),
    ),
    (
        re.compile(
            r"criterion '(?P<id>.*)' is a (?P<level>\w+) criterion, not a (?P<want>\w+) one"
        ),
        lambda m: f"el criterio '{m['id']}' es de nivel '{m['level']}', no de nivel '{m['want']}'",
    ),
    (
        re.compile(r"missing a value for criterion '(?P<id>.*)'"),
        lambda m: f"falta un valor para el criterio '{m['id']}'",
    ),
    (
        re.compile(
            r"(?P<value>\S+) is outside the criterion's scale \[(?P<low>\S+), (?P<high>\S+)\]"
        ),
        lambda m: (
            f"{decimal_comma(m['value'])} está fuera de la escala del criterio, "
            f"de {decimal_comma(m['low'])} a {decimal_comma(m['high'])}"
        ),
    ),
    (
        re.compile(
            r"missing: criterion '(?P<id>.*)' takes its values from a programme × region table "
            r"of that name"
        ),
        lambda m: (
            f"falta: el criterio '{m['id']}' toma sus valores de una tabla "
            "programa × región con ese nombre"
        ),
    ),
    (
        re.compile(
            rf"a table must be 'need' or carry a programme_region criterion's values{_SUGGEST}"
        ),
        lambda m: (
            "una tabla debe ser 'need' o contener los valores de un criterio programme_region"
            + _suggestion(m)
        ),
    ),
    (
        re.compile(r"must be a row of numbers \(or the table's 'source' or 'note'\)"),
        _fixed("debe ser una fila de números (o la 'source' o 'note' de la tabla)"),
    ),
    (re.compile(r"must be a number"), _fixed("debe ser un número")),
    (re.compile(r"must be a finite number"), _fixed("debe ser un número finito")),
    (
        re.compile(r"must be a finite number, zero or more"),
        _fixed("debe ser un número finito, cero o mayor"),
    ),
    (re.compile(r"must be a positive number"), _fixed("debe ser un número positivo")),
    (re.compile(r"must be a whole number"), _fixed("debe ser un número entero")),
    (re.compile(r"must be text \(in quotes\)"), _fixed("debe ser texto (entre comillas)")),
    (re.compile(r"must be true or false"), _fixed("debe ser true o false")),
    (re.compile(r"must be a list \[ \.\.\. \]"), _fixed("debe ser una lista [ ... ]")),
    (re.compile(r"must be a table \{ \.\.\. \}"), _fixed("debe ser una tabla { ... }")),
    (re.compile(r"has too few entries"), _fixed("tiene muy pocas entradas")),
    (re.compile(r"has too many entries"), _fixed("tiene demasiadas entradas")),
    (
        re.compile(r"must be an id: a letter, then letters, digits, '_' or '-'"),
        _fixed("debe ser un id: una letra y luego letras, dígitos, '_' o '-'"),
    ),
    (
        re.compile(
            r"must be (?P<how>greater than or equal to|greater than|less than or equal to|"
            r"less than) (?P<limit>\S+)"
        ),
        lambda m: f"debe ser {_COMPARISONS[m['how']]} {decimal_comma(m['limit'])}",
    ),
    (
        re.compile(r"'(?P<value>.*)' is not allowed; use one of (?P<choices>.*)"),
        lambda m: f"'{m['value']}' no está permitido; use uno de {_or(m['choices'])}",
    ),
    (
        re.compile(r"given as (?P<forms>\w+(?: and as \w+)+); keep one form"),
        lambda m: (
            "se entregó como "
            + " y como ".join(_FORMS[f] for f in m["forms"].split(" and as "))
            + "; deje una sola forma"
        ),
    ),
    (
        re.compile(r"weights are all zero: give at least one a positive value"),
        _fixed("todas las ponderaciones son cero: dé un valor positivo a lo menos a una"),
    ),
    (
        re.compile(r"'(?P<id>.*)' is ranked twice"),
        lambda m: f"'{m['id']}' aparece dos veces en el orden de prioridad",
    ),
    (re.compile(r"an item is listed twice"), _fixed("un elemento aparece dos veces")),
    (
        re.compile(r"must be square: (?P<n>\d+) rows of (?P=n) numbers, one per item"),
        lambda m: f"debe ser cuadrada: {m['n']} filas de {m['n']} números, una por elemento",
    ),
    (
        re.compile(r"the diagonal must be 1 \(an item compared with itself\)"),
        _fixed("la diagonal debe ser 1 (un elemento comparado consigo mismo)"),
    ),
    (
        re.compile(
            r"(?P<a>\S+) and (?P<cell>matrix\[\d+\]\[\d+\]) = (?P<b>\S+) are not reciprocal "
            r"\(expected (?P<expected>\S+)\)"
        ),
        lambda m: (
            f"{decimal_comma(m['a'])} y {m['cell']} = {decimal_comma(m['b'])} no son recíprocos "
            f"(se esperaba {decimal_comma(m['expected'])})"
        ),
    ),
    (re.compile(r"a year is listed twice"), _fixed("un año aparece dos veces")),
    (
        re.compile(r"years must be in increasing order"),
        _fixed("los años deben ir en orden creciente"),
    ),
    (
        re.compile(r"has (?P<n>\d+) amounts for (?P<years>\d+) years"),
        lambda m: f"tiene {m['n']} montos para {m['years']} años",
    ),
    (
        re.compile(r"adds up to (?P<sum>\S+), not the total (?P<total>\S+)"),
        lambda m: f"suma {decimal_comma(m['sum'])}, no el total {decimal_comma(m['total'])}",
    ),
    (
        re.compile(r"(?P<year>.*) is not a budget year"),
        lambda m: f"{m['year']} no es un año del presupuesto",
    ),
    (
        re.compile(
            r"the (?P<label>regional|programme) minimum shares add up to (?P<total>\S+), "
            r"above 100 % of the budget"
        ),
        lambda m: (
            f"las participaciones mínimas {_SHARE_LABELS[m['label']]} suman "
            f"{decimal_comma(m['total'])}, más del 100 % del presupuesto"
        ),
    ),
    (
        re.compile(
            r"(?P<n>\d+) programmes capped at (?P<cap>\S+) each cannot spend the whole budget "
            r"\(spend_all = true\)"
        ),
        lambda m: (
            f"{m['n']} programas con un tope de {decimal_comma(m['cap'])} cada uno no pueden "
            "gastar todo el presupuesto (spend_all = true)"
        ),
    ),
    (
        re.compile(r"required, but missing(?: \(this version reads '(?P<format>.*)'\))?"),
        lambda m: (
            "obligatorio, pero falta"
            + (f" (esta versión lee '{m['format']}')" if m["format"] else "")
        ),
    ),
    (
        re.compile(
            r"'(?P<version>.*)' is not a scenario format this version reads "
            r"\(it reads '(?P<format>.*)'\)"
        ),
        lambda m: (
            f"'{m['version']}' no es un formato de escenario que esta versión lea "
            f"(lee '{m['format']}')"
        ),
    ),
    (
        re.compile(r"a scenario must be a TOML document"),
        _fixed("un escenario debe ser un documento TOML"),
    ),
    (
        re.compile(r"could not finish checking the file \((?P<why>.*)\)"),
        lambda m: f"no se pudo terminar de revisar el archivo ({m['why']})",
    ),
    (
        re.compile(r"this is a binary file, not a TOML scenario"),
        _fixed("es un archivo binario, no un escenario TOML"),
    ),
    (re.compile(r"the file is not UTF-8 text"), _fixed("el archivo no es texto UTF-8")),
    (re.compile(r"the file is empty"), _fixed("el archivo está vacío")),
    (
        re.compile(r"not valid TOML: (?P<reason>.*)"),
        lambda m: f"no es TOML válido: {m['reason']}",
    ),
    (
        re.compile(r"the file is too large to be a scenario \(over (?P<mb>\d+) MB\)"),
        lambda m: f"el archivo es demasiado grande para ser un escenario (más de {m['mb']} MB)",
    ),
    (re.compile(r"no such file"), _fixed("el archivo no existe")),
    (re.compile(r"this is a folder, not a file"), _fixed("es una carpeta, no un archivo")),
    (
        re.compile(r"cannot be read \((?P<why>.*)\)"),
        lambda m: f"no se puede leer ({m['why']})",
    ),
    (
        re.compile(r"the '(?P<function>.*)' function needs (?P<names>\w+(?: and \w+)*)"),
        lambda m: f"la función '{m['function']}' necesita {m['names'].replace(' and ', ' y ')}",
    ),
    (
        re.compile(r"the indifference threshold q must not exceed the preference threshold p"),
        _fixed("el umbral de indiferencia q no debe superar el umbral de preferencia p"),
    ),
    (
        re.compile(r"scale must be \[low, high\] with low below high"),
        _fixed("la escala debe ser [mínimo, máximo], con el mínimo bajo el máximo"),
    ),
    (
        re.compile(r"give breakpoints and slopes together, or neither"),
        _fixed("entregue breakpoints y slopes juntos, o ninguno de los dos"),
    ),
    (
        re.compile(r"there must be one more breakpoint than slopes"),
        _fixed("debe haber un valor más en breakpoints que en slopes"),
    ),
    (
        re.compile(r"breakpoints must start at 0 and increase"),
        _fixed("breakpoints debe partir en 0 e ir en aumento"),
    ),
    (
        re.compile(r"slopes must not increase \(returns diminish\)"),
        _fixed("slopes no debe aumentar (los rendimientos son decrecientes)"),
    ),
    (
        re.compile(r"min \((?P<low>\S+)\) is above max \((?P<high>\S+)\)"),
        lambda m: f"min ({decimal_comma(m['low'])}) es mayor que max ({decimal_comma(m['high'])})",
    ),
    # value-tree notes
    (
        re.compile(
            r"No stakeholder with influence stated (?P<set>criterion|enabling-area|"
            r"regional-criterion|direct programme) weights: all weigh the same\."
        ),
        lambda m: (
            f"Ningún actor con influencia entregó ponderaciones {_SET_LABELS[m['set']]}: "
            "todas pesan lo mismo."
        ),
    ),
    (
        re.compile(
            r"No enabling-area need recorded for (?P<ids>.*): their areas are treated alike\."
        ),
        lambda m: (
            f"No hay necesidad por ámbito habilitante registrada para {m['ids']}: "
            "sus ámbitos se tratan por igual."
        ),
    ),
    (
        re.compile(
            r"programme_blend is set, but nobody gave direct programme weights: the "
            r"priorities come from the criteria alone\."
        ),
        _fixed(
            "programme_blend está definido, pero nadie entregó ponderaciones directas de los "
            "programas: las prioridades vienen solo de los criterios."
        ),
    ),
    (
        re.compile(
            r"There are no programme-level criteria: programmes share equally before any "
            r"direct programme weights\."
        ),
        _fixed(
            "No hay criterios a nivel de programa: los programas se reparten por igual antes "
            "de las ponderaciones directas de los programas."
        ),
    ),
    # trade-offs
    (re.compile(r"budgets must be numbers"), _fixed("los presupuestos deben ser números")),
    (
        re.compile(r"a budget sweep needs at least one budget"),
        _fixed("un barrido de presupuesto necesita a lo menos un presupuesto"),
    ),
    (
        re.compile(r"a frontier needs at least (?P<n>\d+) steps"),
        lambda m: f"una frontera eficiente necesita a lo menos {m['n']} pasos",
    ),
    (
        re.compile(r"there is no region '(?P<id>.*)'; the regions are (?P<ids>.*)"),
        lambda m: f"no existe la región '{m['id']}'; las regiones son {m['ids']}",
    ),
    (
        re.compile(
            r"name the region: there is no 'metropolitana' and no region has a population to "
            r"find the largest by"
        ),
        _fixed(
            "indique la región: no existe 'metropolitana' y ninguna región tiene población "
            "para saber cuál es la más grande"
        ),
    ),
    (
        re.compile(r"the equity frontier needs the regions' population, and no region has one"),
        _fixed("la frontera de equidad necesita la población de las regiones, y ninguna la tiene"),
    ),
    (
        re.compile(r"which must be 'programme' or 'metropolitan'"),
        _fixed("which debe ser 'programme' o 'metropolitan'"),
    ),
    (
        re.compile(r"'(?P<kind>.*)' is not a total; use one of (?P<kinds>.*)"),
        lambda m: f"'{m['kind']}' no es un total; use uno de {m['kinds']}",
    ),
]

_GOT = re.compile(r"(?P<head>.*) \(got (?P<got>.*)\)", re.DOTALL)
_LOCATED = re.compile(r"(?P<where>line \d+, column \d+|byte \d+|[^\s:]+): (?P<rest>.*)", re.DOTALL)
TEMPLATES: tuple[re.Pattern[str], ...] = tuple(pattern for pattern, _ in _TABLE)


def _translate(message: str) -> str | None:
    for pattern, rewrite in _TABLE:
        match = pattern.fullmatch(message)
        if match:
            return rewrite(match)
    return None


def to_spanish(message: str) -> str:
    """`message` in Chilean Spanish when a template knows it, else unchanged."""
    whole = _translate(message)
    if whole is not None:
        return whole
    got = _GOT.fullmatch(message)
    if got:
        head = _translate(got["head"])
        if head is not None:
            shown = got["got"]
            if re.fullmatch(r"-?\d+(?:\.\d+)?", shown):
                shown = decimal_comma(shown)
            return f"{head} (se recibió {shown})"
    located = _LOCATED.fullmatch(message)
    if located:
        rest = to_spanish(located["rest"])
        if rest != located["rest"]:
            return f"{located['where']}: {rest}"
    return message


def in_language(message: str, language: str) -> str:
    """`message` as the interface in `language` shows it."""
    return to_spanish(message) if language == "es" else message
