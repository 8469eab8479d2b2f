"""Plain-language sentences about constraints, in English and Spanish.

A shadow price is only useful in a workshop when it is said in words: "lowering the floor for
Antofagasta by 1 M USD would add ...". Numbers follow each language's conventions (Spanish uses
a decimal comma and a dot for thousands).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from prioritise.allocate.input import AllocationInput


def _language(data: AllocationInput) -> str:
    return data.language if data.language in ("en", "es") else "en"


def number(value: float, language: str, decimals: int = 2) -> str:
    """A number with up to `decimals` decimals, trailing zeros dropped."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if language == "es":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def unit_label(data: AllocationInput) -> str:
    """'M USD' in English, 'MM USD' in Spanish (Chile writes MMUS$ for millions)."""
    prefixes = {1.0: "", 1e3: "k ", 1e6: "M ", 1e9: "bn "}
    if _language(data) == "es":
        prefixes = {1.0: "", 1e3: "mil ", 1e6: "MM ", 1e9: "mil MM "}
    prefix = prefixes.get(float(data.unit))
    if prefix is None:
        return f"× {data.unit:g} {data.currency}"
    return f"{prefix}{data.currency}"


def money(amount: float, data: AllocationInput) -> str:
    decimals = 2 if abs(amount) >= 0.01 or amount == 0 else 4
    return f"{number(amount, _language(data), decimals)} {unit_label(data)}"


def percent(share: float, data: AllocationInput) -> str:
    decimals = 1 if abs(share) >= 0.01 or share == 0 else 2
    return f"{number(100 * share, _language(data), decimals)} %"


def value(amount: float, language: str) -> str:
    """Three significant digits, never in scientific notation."""
    text = np.format_float_positional(amount, precision=3, unique=False, fractional=False, trim="-")
    return text.replace(".", ",") if language == "es" else text


def cell_label(data: AllocationInput, cell: tuple[str, str, str]) -> str:
    return " · ".join(data.name(part) for part in cell)


@dataclass(frozen=True)
class ConstraintFacts:
    """What a sentence needs to know about one named constraint."""

    kind: str
    bound: str | None
    who: str
    limit: str
    activity: str
    binding: bool
    shadow_price: float | None
    year: str = ""
    slack: str = ""


_BASIS = {
    "programme_share": ("of the budget", "del presupuesto"),
    "region_share": ("of the budget", "del presupuesto"),
    "enabling_share": ("of the programme's money", "del dinero del programa"),
}

_EN = {
    ("budget_year", True): "The {year} budget ({limit}) is fully used: 1 {u} more that year "
    "{effect}.",
    ("budget_year", False): "The {year} budget ({limit}) is not fully used ({slack} left): more "
    "money that year would add nothing.",
    ("budget", True): "The total budget ({limit}) is fully used: 1 {u} more {effect}.",
    ("budget", False): "Only {activity} of the {limit} budget is spent: returns are saturated, "
    "so more money would add nothing.",
    ("min", True): "Lowering the floor for {who} ({limit} {basis}) by 1 {u} {effect}.",
    ("min", False): "The floor for {who} ({limit}) is not binding: it gets {activity}.",
    ("max", True): "Raising the cap on {who} ({limit} {basis}) by 1 {u} {effect}.",
    ("max", False): "The cap on {who} ({limit}) is not binding: it gets {activity}.",
    ("concentration", True): "{who} is at its limit ({limit}); letting it take 1 {u} more "
    "{effect}.",
    ("concentration", False): "{who} is {activity}, within the {limit} limit.",
    ("min_ticket", True): "{activity} funded lines sit at the minimum ticket ({limit}); lowering "
    "the ticket by 1 {u} {effect}.",
    ("min_ticket", False): "Every funded line gets more than the minimum ticket ({limit}).",
    ("max_lines", True): "All {limit} lines allowed are funded; one more line could add value "
    "(optimise again with a higher limit to measure it).",
    ("max_lines", False): "{activity} of the {limit} lines allowed are funded.",
    ("continuity", True): "Funding of {who} in {year} is held at {limit} of the year before; "
    "letting it fall 1 {u} further {effect}.",
    ("continuity", False): "Funding of {who} in {year} stays above {limit} of the year before.",
    ("fixed", True): "The commitment of {limit} to {who} in {year} is held; committing 1 {u} "
    "less {effect}.",
}
_EN[("fixed", False)] = _EN[("fixed", True)]

_ES = {
    ("budget_year", True): "El presupuesto {year} ({limit}) se usa completo: 1 {u} más ese año "
    "{effect}.",
    ("budget_year", False): "El presupuesto {year} ({limit}) no se usa completo (quedan {slack}): "
    "más dinero ese año no agregaría valor.",
    ("budget", True): "El presupuesto total ({limit}) se usa completo: 1 {u} más {effect}.",
    ("budget", False): "Solo se gastan {activity} de los {limit}: los retornos están saturados y "
    "más dinero no agregaría valor.",
    ("min", True): "Bajar el piso de {who} ({limit} {basis}) en 1 {u} {effect}.",
    ("min", False): "El piso de {who} ({limit}) no está activo: recibe {activity}.",
    ("max", True): "Subir el tope de {who} ({limit} {basis}) en 1 {u} {effect}.",
    ("max", False): "El tope de {who} ({limit}) no está activo: recibe {activity}.",
    ("concentration", True): "{who} está en su límite ({limit}); permitirle 1 {u} más {effect}.",
    ("concentration", False): "{who} es {activity}, dentro del límite de {limit}.",
    ("min_ticket", True): "{activity} líneas financiadas quedan en el monto mínimo ({limit}); "
    "bajarlo en 1 {u} {effect}.",
    ("min_ticket", False): "Toda línea financiada recibe más que el monto mínimo ({limit}).",
    ("max_lines", True): "Se financian las {limit} líneas permitidas; una línea más podría "
    "agregar valor (optimice de nuevo con un límite mayor para medirlo).",
    ("max_lines", False): "Se financian {activity} de las {limit} líneas permitidas.",
    ("continuity", True): "El financiamiento de {who} en {year} se mantiene en {limit} del año "
    "anterior; permitir que baje 1 {u} más {effect}.",
    ("continuity", False): "El financiamiento de {who} en {year} se mantiene sobre {limit} del "
    "año anterior.",
    ("fixed", True): "El compromiso de {limit} con {who} en {year} se mantiene; comprometer "
    "1 {u} menos {effect}.",
}
_ES[("fixed", False)] = _ES[("fixed", True)]


def effect(shadow: float | None, objective: float | None, language: str) -> str:
    """'would add 0.0021 value (0.6 % of the total)' and its Spanish twin."""
    if shadow is None or not math.isfinite(shadow):
        return ""
    scale = max(abs(objective or 0.0), 1e-12)
    if abs(shadow) <= 1e-9 * max(1.0, scale):
        return "would add nothing" if language == "en" else "no agregaría valor"
    pct = number(100 * abs(shadow) / scale, language, 2 if abs(shadow) / scale >= 1e-4 else 4)
    amount = value(abs(shadow), language)
    if language == "es":
        verb = "agregaría" if shadow > 0 else "restaría"
        return f"{verb} {amount} de valor ({pct} % del total)"
    verb = "would add" if shadow > 0 else "would lose"
    return f"{verb} {amount} value ({pct} % of the total)"


def constraint_sentence(
    facts: ConstraintFacts, data: AllocationInput, objective: float | None
) -> str:
    language = _language(data)
    templates = _ES if language == "es" else _EN
    key_kind = facts.bound if facts.kind in _BASIS else facts.kind
    template = templates[(key_kind, facts.binding)]
    basis = _BASIS.get(facts.kind, ("", ""))[1 if language == "es" else 0]
    return template.format(
        year=facts.year,
        limit=facts.limit,
        activity=facts.activity,
        who=facts.who,
        slack=facts.slack,
        basis=basis,
        u=unit_label(data),
        effect=effect(facts.shadow_price, objective, language),
    )


def concentration_who(data: AllocationInput, programme: str, region: str) -> str:
    if _language(data) == "es":
        return f"La participación de {data.name(programme)} en el dinero de {data.name(region)}"
    return f"{data.name(programme)}'s share of {data.name(region)}'s money"


def area_who(data: AllocationInput, area: str, programme: str) -> str:
    joiner = "dentro de" if _language(data) == "es" else "within"
    return f"{data.name(area)} {joiner} {data.name(programme)}"


def status_message(status: str, gap: float | None, time_limit: float | None, language: str) -> str:
    """'Optimal (gap 0.01 %).' or 'Feasible, gap 2.3 % (stopped at the time limit 1 s).'"""
    spanish = language == "es"
    gap_text = None if gap is None else f"{number(100 * gap, language, 3)} %"
    limit = "" if time_limit is None else f" {time_limit:g} s"
    if status == "optimal":
        if gap_text is None:
            return "Óptimo." if spanish else "Optimal."
        return f"Óptimo (brecha {gap_text})." if spanish else f"Optimal (gap {gap_text})."
    if status == "feasible":
        if spanish:
            part = f"brecha {gap_text}" if gap_text else "brecha desconocida"
            return f"Factible, {part} (detenido por el límite de tiempo{limit})."
        part = f"gap {gap_text}" if gap_text else "gap unknown"
        return f"Feasible, {part} (stopped at the time limit{limit})."
    if status == "not_solved":
        if spanish:
            return (
                f"No se encontró una asignación dentro del límite de tiempo{limit}; "
                "permita más tiempo."
            )
        return f"No allocation was found within the time limit{limit}; allow more time."
    if status == "infeasible":
        return (
            "Ninguna asignación cumple todas las reglas."
            if spanish
            else "No allocation satisfies every rule."
        )
    return "El optimizador falló." if spanish else "The solver failed."
