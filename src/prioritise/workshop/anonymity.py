"""Which audiences a live workshop may show: nobody's answer is ever shown on its own.

A view (all participants, one group, or several small groups together) is shown only when at
least k people answered in it, k being the scenario's ``[workshop] min_group_size`` (default 3).
All participants are shown once k people have answered; before that only the number of answers.
A group with fewer than k answers is not shown on its own: the small groups are shown together
as "Other groups" when at least two of them reach k between them, and otherwise only counted in
"All participants".

Group results can also be subtracted from one another: the group weights are geometric means,
so the result of all participants together with the results of the groups shown on their own
give away the answers of everyone else. The answers left out of every group view (the
*remainder*) must therefore be none or at least k; when they would be fewer, the smallest
groups shown on their own join "Other groups" until the remainder is covered, and when that
would make "Other groups" everybody, no group is shown at all.

The note (``Disclosure.note``) names the groups merged or hidden but never how many people
answered in them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from prioritise.text import DEFAULT_LANGUAGE, Integer, ListOf, Message, msg
from prioritise.workshop.labels import EVERYONE, OTHER_GROUPS, by_name, group_name
from prioritise.workshop.records import SubmissionRow

__all__ = ["EVERYONE", "OTHER_GROUPS"]  # re-exported for the pages


@dataclass(frozen=True)
class ShownView:
    """One audience that may be shown: its key, the groups it counts and its answers."""

    key: str
    """``EVERYONE``, a group's name, or ``OTHER_GROUPS``."""
    groups: tuple[str, ...]
    answers: int


@dataclass(frozen=True)
class Disclosure:
    """What may be shown of a round's answers, for a minimum group size ``k``."""

    k: int
    answers: int
    """Every answer (the count is always shown)."""
    views: tuple[ShownView, ...]
    """All participants first (if shown), then groups shown on their own, then Other groups."""
    merged: tuple[str, ...] = ()
    """Groups shown only together, as Other groups."""
    hidden: tuple[str, ...] = ()
    """Groups counted only in All participants."""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(view.key for view in self.views)

    @property
    def everyone_shown(self) -> bool:
        return any(view.key == EVERYONE for view in self.views)

    def view(self, key: str) -> ShownView | None:
        return next((view for view in self.views if view.key == key), None)

    def groups_of(self, key: str) -> tuple[str, ...]:
        """The groups a shown view counts (empty for a view that is not shown)."""
        found = self.view(key)
        return () if found is None else found.groups

    def note(self, lang: str = DEFAULT_LANGUAGE) -> Message | None:
        """Why something is not shown (None when everything is): in words, without counts
        of anyone in a group; groups named in ``lang``'s order."""
        if not self.everyone_shown:
            return msg("workshop.anonymity.too_few", k=Integer(self.k))
        merged = _names(self.merged, lang)
        hidden = _names(self.hidden, lang)
        if merged:
            return msg("workshop.anonymity.merged", k=Integer(self.k), merged=merged)
        if hidden:
            return msg("workshop.anonymity.hidden", k=Integer(self.k), hidden=hidden)
        return None


def _names(groups: Iterable[str], lang: str) -> ListOf | None:
    names: dict[str, Message | str] = {group: group_name(group) for group in groups}
    if not names:
        return None
    return ListOf([names[group] for group in by_name(names, lambda g: names[g], lang)])


def disclosure(counts: Mapping[str, int], k: int) -> Disclosure:
    """The views that may be shown for these answers per group (see the module docs).

    Groups shown on their own keep the order of ``counts``; groups with no answers are ignored.
    """
    if k < 1:
        raise ValueError("the minimum group size is at least 1")
    answered = {group: int(n) for group, n in counts.items() if n > 0}
    total = sum(answered.values())
    if total < k:
        return Disclosure(k, total, (), hidden=tuple(answered))
    alone = [group for group, n in answered.items() if n >= k]
    small = [group for group, n in answered.items() if n < k]
    remainder = sum(answered[group] for group in small)
    if small and alone and (len(small) < 2 or remainder < k):
        # One small group, or small groups with fewer than k answers between them, would be
        # left over by subtraction: the smallest group that could stand alone joins them
        # (ties: the first in ``counts``).
        joining = min(alone, key=lambda group: answered[group])
        alone.remove(joining)
        small.append(joining)
    views = [ShownView(EVERYONE, tuple(answered), total)]
    views += [ShownView(group, (group,), answered[group]) for group in alone]
    together = tuple(group for group in answered if group in small)
    if not small:
        return Disclosure(k, total, tuple(views))
    if not alone:  # "Other groups" would be everybody: no group is shown
        return Disclosure(k, total, tuple(views), hidden=together)
    views.append(ShownView(OTHER_GROUPS, together, sum(answered[g] for g in together)))
    return Disclosure(k, total, tuple(views), merged=together)


def answer_counts(rows: Iterable[SubmissionRow]) -> Counter[str]:
    """Answers per group, from each participant's latest answer."""
    return Counter(row.group for row in rows)


def shown_views(rows: Iterable[SubmissionRow], k: int) -> Disclosure:
    """``disclosure`` of each participant's latest answer (one row per participant)."""
    return disclosure(answer_counts(rows), k)
