"""Words of the robustness sheets in English and Spanish: sheet titles, headers, row names.

The keys are stable so that code and tests can find a sheet or a column whatever the language;
sheet titles stay within Excel's 31 characters.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "es")
SHEET_KEYS = (
    "robustness",
    "core_index",
    "core_by_region",
    "programmes",
    "regions",
    "ranks",
    "compromise",
    "regret",
)

_WORDS: dict[str, tuple[str, str]] = {
    # sheet titles (at most 31 characters: Excel's limit)
    "robustness": ("Robustness", "Robustez"),
    "core_index": ("Core index", "Índice de núcleo"),
    "core_by_region": ("Core index by region", "Índice de núcleo por región"),
    "programmes": ("Money range by programme", "Rango de montos por programa"),
    "regions": ("Money range by region", "Rango de montos por región"),
    "ranks": ("Rank acceptability", "Aceptabilidad de posiciones"),
    "compromise": ("Compromise vs group", "Compromiso vs grupo"),
    "regret": ("Regret by stakeholder", "Arrepentimiento por actor"),
    # columns
    "item": ("Item", "Concepto"),
    "value": ("Value", "Valor"),
    "unit": ("Unit", "Unidad"),
    "programme": ("Programme", "Programa"),
    "enabling_area": ("Enabling area", "Ámbito habilitante"),
    "region": ("Region", "Región"),
    "stakeholder": ("Stakeholder", "Actor"),
    "id": ("Id", "Id"),
    "core": (
        "Core index (share of draws that fund it)",
        "Índice de núcleo (fracción de sorteos que la financian)",
    ),
    "pair_core": (
        "Share of draws that fund the programme in the region (any enabling area)",
        "Fracción de sorteos que financian el programa en la región (cualquier ámbito)",
    ),
    "p10": ("P10 ({unit})", "P10 ({unit})"),
    "p50": ("P50, median ({unit})", "P50, mediana ({unit})"),
    "p90": ("P90 ({unit})", "P90 ({unit})"),
    "mean": ("Mean ({unit})", "Media ({unit})"),
    "group": ("Group split ({unit})", "Asignación del grupo ({unit})"),
    "class": ("Class", "Clase"),
    "priority": ("Priority (group weights)", "Prioridad (ponderaciones del grupo)"),
    "population_share": ("Population share", "Proporción de la población"),
    "p_population_share": (
        "Chance of at least its population share",
        "Probabilidad de recibir al menos su proporción de población",
    ),
    "rank_n": ("Rank {n}", "Lugar {n}"),
    "level": ("Level", "Nivel"),
    "compromise_amount": ("Compromise ({unit})", "Compromiso ({unit})"),
    "difference": ("Compromise − group ({unit})", "Compromiso − grupo ({unit})"),
    "split": ("Split", "Asignación"),
    "achieved": ("Value under this split", "Valor con esta asignación"),
    "optimum": ("Best value possible", "Mejor valor posible"),
    "regret_value": ("Regret (value given up)", "Arrepentimiento (valor perdido)"),
    "regret_share": ("Regret (share of the best value)", "Arrepentimiento (fracción del mejor)"),
    # classes of cells
    "class_core": ("robust core", "núcleo robusto"),
    "class_contested": ("contested", "en disputa"),
    "class_rare": ("rarely funded", "rara vez financiada"),
    "class_never": ("never funded", "nunca financiada"),
    # splits
    "split_own": ("Best for {name}", "La mejor para {name}"),
    "split_group": ("Group weights", "Ponderaciones del grupo"),
    "split_compromise": ("Minimax-regret compromise", "Compromiso de mínimo arrepentimiento"),
    # summary rows
    "draws": ("Draws", "Sorteos"),
    "seed": ("Seed", "Semilla"),
    "sampling": ("Sampling", "Muestreo"),
    "spread": (
        "Spread of the draws: {set} (Dirichlet precision; larger is tighter)",
        "Dispersión de los sorteos: {set} (precisión de Dirichlet; mayor es más estrecha)",
    ),
    "core_lines": (
        "Lines in the robust core (funded in at least 90 % of draws)",
        "Líneas del núcleo robusto (financiadas en al menos el 90 % de los sorteos)",
    ),
    "core_money": (
        "Money of the robust core in the group split",
        "Monto del núcleo robusto en la asignación del grupo",
    ),
    "contested_lines": (
        "Contested lines (funded in 10–90 % of draws)",
        "Líneas en disputa (financiadas en el 10–90 % de los sorteos)",
    ),
    "value_group": ("Value of the group split", "Valor de la asignación del grupo"),
    "value_draws": (
        "Value of the draws' best splits, {q}",
        "Valor de la mejor asignación de cada sorteo, {q}",
    ),
    "max_regret": ("Largest regret: {split}", "Mayor arrepentimiento: {split}"),
    "worst_off": ("Worst off: {split}", "Más perjudicado: {split}"),
    "note": ("Note", "Nota"),
    "value_unit": ("value", "valor"),
}


def word(key: str, language: str, **values: Any) -> str:
    """A word of the robustness sheets in English or Spanish."""
    english, spanish = _WORDS[key]
    text = spanish if language == "es" else english
    return text.format(**values) if values else text


def sheet_titles(language: str = "en") -> dict[str, str]:
    """The robustness sheets' titles, by stable key, in the report's language."""
    return {key: word(key, language) for key in SHEET_KEYS}
