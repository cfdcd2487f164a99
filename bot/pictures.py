"""Pictures as data: what a chart shows, never how it is drawn.

A handler attaches a :data:`Picture` to its :class:`~bot.replies.Reply`; each adapter
decides how to show it (Telegram and Discord as a PNG drawn by ``adapters.pictures``,
the console as Unicode bars).  A picture is a frozen, hashable value: equal pictures
draw the same PNG, so the picture itself is the render cache's key, and a content
reload that changes a label or a figure makes a new key.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    """One role's salary range on a :class:`SalaryChart`.

    ``low``/``high`` are the figures (for the bar's geometry); ``low_text``/``high_text``
    the same figures formatted for the reader's language (for the labels).
    """

    label: str
    low: int
    high: int
    low_text: str
    high_text: str
    highlight: bool = False


@dataclass(frozen=True, slots=True)
class SalaryChart:
    """A horizontal range chart: one bar per role, sorted by the top of the range.

    ``caption`` names the source (region, currency) and the content's caveat; ``alt``
    says in words what the chart shows (a renderer puts it in the caption or the
    embed's description).  ``language`` is the reply's language tag.
    """

    title: str
    bars: tuple[Bar, ...]
    caption: str
    alt: str
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a :class:`RoadmapChart`: a heading and its items.

    ``done`` holds one flag per item when the user has checklist marks (ticked items),
    and is empty otherwise.
    """

    label: str
    items: tuple[str, ...]
    done: tuple[bool, ...] = ()


@dataclass(frozen=True, slots=True)
class RoadmapChart:
    """A role's roadmap drawn as a path: foundation, skills in order, experience, the role."""

    title: str
    stages: tuple[Stage, ...]
    alt: str
    language: str = "en"


Picture = SalaryChart | RoadmapChart
"""Everything a reply can carry as a picture."""


def file_name(picture: Picture) -> str:
    """The file name an adapter gives the picture's PNG (``salary.png``, ``roadmap.png``)."""
    return "salary.png" if isinstance(picture, SalaryChart) else "roadmap.png"
