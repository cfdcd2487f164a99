"""A :data:`~bot.pictures.Picture` drawn as text, for the console (which shows no images).

The salary chart becomes one line per role: its name, a bar of ``█`` from the bottom to the
top of its range on a shared scale (the top end in eighths, ``▏`` to ``▉``), and both figures;
highlighted roles are marked ``▶``.  The roadmap becomes a numbered path, skills marked
``✓`` (done) or ``○`` (not yet) when the person has checklist marks.
"""

from __future__ import annotations

from typing import assert_never

from bot.pictures import Picture, RoadmapChart, SalaryChart

WIDTH = 78
MAX_LABEL = 30
MIN_BAR = 10
_EIGHTHS = " ▏▎▍▌▋▊▉"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _bar(start: float, end: float, width: int) -> str:
    """Cells ``start``..``end`` (fractions of ``width``) filled, the right end in eighths."""
    first = min(int(start * width), width - 1)
    eighths = max(round(end * width * 8), first * 8 + 1)
    full, rest = divmod(eighths, 8)
    bar = " " * first + "█" * (full - first) + (_EIGHTHS[rest] if rest else "")
    return bar.ljust(width)


def salary_text(chart: SalaryChart) -> list[str]:
    """The salary chart as lines of at most :data:`WIDTH` characters (figures may run past it)."""
    if not chart.bars:
        return [chart.title]
    label_width = min(max(len(b.label) for b in chart.bars), MAX_LABEL)
    figures = [f"{b.low_text} – {b.high_text}" for b in chart.bars]
    figure_width = max(len(f) for f in figures)
    bar_width = max(MIN_BAR, WIDTH - 2 - label_width - 2 - 1 - figure_width)
    smallest = min(b.low for b in chart.bars)
    span = max(max(b.high for b in chart.bars) - smallest, 1)
    marked = any(b.highlight for b in chart.bars)
    lines = [chart.title]
    for bar, figure in zip(chart.bars, figures, strict=True):
        mark = "▶ " if bar.highlight else "  " if marked else ""
        label = _cut(bar.label, label_width).ljust(label_width)
        cells = _bar((bar.low - smallest) / span, (bar.high - smallest) / span, bar_width)
        lines.append(f"{mark}{label} ▕{cells} {figure}".rstrip())
    return lines


def roadmap_text(chart: RoadmapChart) -> list[str]:
    """The roadmap as a numbered path: each stage, then its items (``✓``/``○`` with marks)."""
    lines = [chart.title]
    for number, stage in enumerate(chart.stages, 1):
        lines.append(f"{number:>2}. {stage.label}")
        for index, item in enumerate(stage.items):
            done = index < len(stage.done) and stage.done[index]
            mark = ("✓" if done else "○") if stage.done else "·"
            lines.append(_cut(f"    {mark} {item}", WIDTH))
    return lines


def text_chart(picture: Picture) -> list[str]:
    """The lines of ``picture`` as text."""
    match picture:
        case SalaryChart():
            return salary_text(picture)
        case RoadmapChart():
            return roadmap_text(picture)
        case _:
            assert_never(picture)
