"""Drawing a :data:`~bot.pictures.Picture` as a PNG with Pillow (the only module that imports it).

The canvas is 1,200 px wide (legible when a phone shrinks it to its screen): body text of 28 px,
the title 38 px, the caption 24 px, in DejaVu Sans (shipped in ``fonts/`` with its licence; it
covers Latin and Cyrillic).  The height follows the content.  The image is drawn in RGB, then
reduced to a 64-colour palette, which keeps a chart far below 150 KB (about 30 KB).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.pictures import Picture, RoadmapChart, SalaryChart

WIDTH = 1200
MARGIN = 48
FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
TITLE, BODY, SMALL = 38, 28, 24
COLOURS = 64

BACKGROUND = (255, 255, 255)
INK = (33, 37, 41)
MUTED = (90, 98, 106)
BAR = (74, 128, 196)
BAR_DIMMED = (176, 198, 226)
HIGHLIGHT = (230, 110, 30)
DONE = (46, 140, 80)
RULE = (206, 212, 218)

Font = ImageFont.FreeTypeFont


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans (bold) at ``size`` px, loaded once per size."""
    return ImageFont.truetype(
        str(FONTS / (BOLD if bold else REGULAR)), size, layout_engine=ImageFont.Layout.BASIC
    )


def wrap(text: str, face: Font, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px (a word longer than a line is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = fit(word, face, width)
    if current:
        lines.append(current)
    return lines or [""]


def fit(text: str, face: Font, width: float) -> str:
    """``text`` cut short with an ellipsis so it is no wider than ``width`` px."""
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _line_height(face: Font) -> int:
    return int(face.size * 1.35)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Fast octree: a tenth of median cut's time at the same size; "optimize" would double the time.
    image.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


def _paragraph(draw: ImageDraw.ImageDraw, lines: list[str], face: Font, y: int, fill: tuple[int, ...]) -> int:
    for text in lines:
        draw.text((MARGIN, y), text, font=face, fill=fill)
        y += _line_height(face)
    return y


def salary_png(chart: SalaryChart) -> bytes:
    """The horizontal range chart: per role its name, then a bar from low to high with both figures."""
    title, body, bold, small = font(TITLE, True), font(BODY), font(BODY, True), font(SMALL)
    inner = WIDTH - 2 * MARGIN
    title_lines = wrap(chart.title, title, inner)
    caption_lines = wrap(chart.caption, small, inner)
    row, bar_height, gap = _line_height(body) + 44, 34, 12
    height = (
        MARGIN
        + len(title_lines) * _line_height(title)
        + 24
        + len(chart.bars) * (row + gap)
        + 16
        + len(caption_lines) * _line_height(small)
        + MARGIN
    )
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = _paragraph(draw, title_lines, title, MARGIN, INK) + 24
    lows = [body.getlength(b.low_text) for b in chart.bars]
    highs = [body.getlength(b.high_text) for b in chart.bars]
    left = MARGIN + max(lows, default=0) + 14
    right = WIDTH - MARGIN - max(highs, default=0) - 14
    smallest = min((b.low for b in chart.bars), default=0)
    largest = max((b.high for b in chart.bars), default=1)
    span = max(largest - smallest, 1)
    marked = any(b.highlight for b in chart.bars)

    def x_of(value: int) -> float:
        return left + (value - smallest) * (right - left) / span

    for bar in chart.bars:
        face = bold if bar.highlight else body
        draw.text((MARGIN, y), fit(bar.label, face, inner), font=face, fill=INK)
        top = y + _line_height(body) + 4
        x0, x1 = x_of(bar.low), max(x_of(bar.high), x_of(bar.low) + bar_height)
        colour = HIGHLIGHT if bar.highlight else BAR_DIMMED if marked else BAR
        draw.rounded_rectangle((x0, top, x1, top + bar_height), radius=8, fill=colour)
        middle = top + bar_height / 2
        text_colour = INK if bar.highlight or not marked else MUTED
        draw.text((x0 - 10, middle), bar.low_text, font=body, fill=text_colour, anchor="rm")
        draw.text((x1 + 10, middle), bar.high_text, font=body, fill=text_colour, anchor="lm")
        y += row + gap
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=RULE, width=2)
    _paragraph(draw, caption_lines, small, y + 16, MUTED)
    return _png(image)


def roadmap_png(chart: RoadmapChart) -> bytes:
    """The roadmap as a path: a numbered node per stage on one line, its items beside it."""
    title, body, bold = font(TITLE, True), font(BODY), font(BODY, True)
    node, indent, item_indent = 22, MARGIN + 70, MARGIN + 108
    inner = WIDTH - MARGIN - item_indent
    title_lines = wrap(chart.title, title, WIDTH - 2 * MARGIN)
    laid = []
    for stage in chart.stages:
        heading = wrap(stage.label, bold, WIDTH - MARGIN - indent)
        items = [wrap(item, body, inner) for item in stage.items]
        laid.append((heading, items))
    step = _line_height(body)
    height = MARGIN + len(title_lines) * _line_height(title) + 28 + MARGIN
    for heading, items in laid:
        height += len(heading) * step + sum(len(lines) for lines in items) * step + 8 * len(items) + 36
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = _paragraph(draw, title_lines, title, MARGIN, INK) + 28
    cx = MARGIN + node
    centres = []
    for number, (stage, (heading, items)) in enumerate(zip(chart.stages, laid, strict=True), 1):
        last = number == len(chart.stages)
        centres.append((y + step // 2, HIGHLIGHT if last else BAR, str(number)))
        for text in heading:
            draw.text((indent, y), text, font=bold, fill=INK)
            y += step
        for index, lines in enumerate(items):
            mark_y = y + step // 2
            if stage.done:
                done = stage.done[index] if index < len(stage.done) else False
                box = (indent + 2, mark_y - 13, indent + 28, mark_y + 13)
                if done:
                    draw.ellipse(box, fill=DONE)
                    draw.text((indent + 15, mark_y), "✓", font=font(22, True), fill=BACKGROUND, anchor="mm")
                else:
                    draw.ellipse(box, outline=MUTED, width=3)
            else:
                draw.ellipse((indent + 9, mark_y - 6, indent + 21, mark_y + 6), fill=MUTED)
            for text in lines:
                draw.text((item_indent, y), text, font=bold if last and index == 0 else body, fill=INK)
                y += step
            y += 8
        y += 36
    if len(centres) > 1:
        draw.line((cx, centres[0][0], cx, centres[-1][0]), fill=RULE, width=6)
    for cy, colour, label in centres:
        draw.ellipse((cx - node, cy - node, cx + node, cy + node), fill=colour)
        draw.text((cx, cy), label, font=font(SMALL, True), fill=BACKGROUND, anchor="mm")
    return _png(image)


def render(picture: Picture) -> bytes:
    """The PNG of ``picture``."""
    if isinstance(picture, SalaryChart):
        return salary_png(picture)
    return roadmap_png(picture)
