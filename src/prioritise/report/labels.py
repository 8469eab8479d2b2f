"""Words of the allocation reports in English and Spanish: sheet titles, column headers, rows.

Reports speak the scenario's language (`scenario.language`), like the sentences that explain
each constraint; the keys are stable so that code and tests can find a sheet or a column
whatever the language.
"""

from __future__ import annotations

ILLUSTRATIVE = "illustrative"
LANGUAGES = ("en", "es")

_LABELS: dict[str, tuple[str, str]] = {
    # sheet titles
    "summary": ("Summary", "Resumen"),
    "allocation": ("Allocation", "Asignación"),
    "by_programme": ("By programme", "Por programa"),
    "by_region": ("By region", "Por región"),
    "by_area": ("By enabling area", "Por ámbito habilitante"),
    "by_year": ("By year", "Por año"),
    "weights": ("Weights", "Ponderaciones"),
    "constraints": ("Constraints", "Restricciones"),
    "baselines": ("Baselines", "Referencias"),
    "sources": ("Sources", "Fuentes"),
    # columns
    "item": ("Item", "Concepto"),
    "value_col": ("Value", "Valor"),
    "unit": ("Unit", "Unidad"),
    "programme": ("Programme", "Programa"),
    "area": ("Enabling area", "Ámbito habilitante"),
    "region": ("Region", "Región"),
    "year": ("Year", "Año"),
    "amount": ("Amount", "Monto"),
    "share": ("Share of budget", "Fracción del presupuesto"),
    "earned": ("Value earned", "Valor obtenido"),
    "priority": ("Priority", "Prioridad"),
    "kind": ("Kind", "Tipo"),
    "population": ("Population", "Población"),
    "per_capita": ("Per person", "Por persona"),
    "budget": ("Budget", "Presupuesto"),
    "unspent": ("Unspent", "Sin gastar"),
    "id": ("Id", "Id"),
    "weight_set": ("Weight set", "Conjunto de ponderaciones"),
    "group": ("Group", "Grupo"),
    "name": ("Name", "Nombre"),
    "binding": ("Binding", "Activa"),
    "shadow": ("Shadow price", "Precio sombra"),
    "sentence": ("In words", "En palabras"),
    "split": ("Split", "Reparto"),
    "description": ("Description", "Descripción"),
    "objective": ("Value", "Valor"),
    "gain": ("Value gained by the proposal", "Valor ganado por la propuesta"),
    "gain_share": ("Gain", "Ganancia"),
    "title": ("Title", "Título"),
    "url": ("URL", "URL"),
    "note": ("Note", "Nota"),
    "cited_by": ("Cited by", "Citada por"),
    # summary rows and words
    "scenario": ("Scenario", "Escenario"),
    "proposal_value": ("Value of the proposal", "Valor de la propuesta"),
    "status": ("Status", "Estado"),
    "years": ("Years", "Años"),
    "spent": ("Spent", "Gastado"),
    "lines": ("Funded lines", "Líneas financiadas"),
    "cells": (
        "Possible lines (programme × area × region)",
        "Líneas posibles (programa × ámbito × región)",
    ),
    "method": ("Priority method", "Método de priorización"),
    "solver": ("Solver", "Optimizador"),
    "gap": ("Optimality gap", "Brecha de optimalidad"),
    "seconds": ("Solve time", "Tiempo de resolución"),
    "optimised": ("Optimised proposal", "Propuesta optimizada"),
    "proportional": ("Priority-proportional split", "Reparto proporcional a la prioridad"),
    "population_split": ("Population-proportional split", "Reparto proporcional a la población"),
    "gain_over": ("Value gained over the {name}", "Valor ganado sobre el {name}"),
    "criterion": ("criterion", "criterio"),
    "table": ("table", "tabla"),
    "illustrative_title": (
        "Illustrative: no source (example or expert-judgement figures)",
        "Ilustrativo: sin fuente (cifras de ejemplo o de juicio experto)",
    ),
    "unsourced_title": ("No source given", "Sin fuente indicada"),
    "source_kind": ("source", "fuente"),
    "illustrative_kind": ("illustrative", "ilustrativo"),
    "unsourced_kind": ("no source", "sin fuente"),
    "sector": ("sector", "sector"),
    "platform": ("platform", "plataforma"),
    "group_weight": ("Group", "Grupo"),
    "per_person": ("{currency} per person", "{currency} por persona"),
    "value_unit": ("value", "valor"),
}

WEIGHT_SET_TITLES = {
    "criteria": ("Programme criteria", "Criterios de programa"),
    "enabling_areas": ("Enabling areas", "Ámbitos habilitantes"),
    "regional_criteria": ("Regional criteria", "Criterios regionales"),
    "programmes": ("Direct programme weights", "Ponderaciones directas de programas"),
}


def label(key: str, language: str) -> str:
    """A report word in English or Spanish."""
    english, spanish = _LABELS[key]
    return spanish if language == "es" else english


def sheet_titles(language: str = "en") -> dict[str, str]:
    """The workbook's sheet titles, by stable key, in the report's language."""
    keys = (
        "summary",
        "allocation",
        "by_programme",
        "by_region",
        "by_area",
        "by_year",
        "weights",
        "constraints",
        "baselines",
        "sources",
    )
    return {key: label(key, language) for key in keys}
