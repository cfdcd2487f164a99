"""`careerbot chart`, `content check`'s chart warnings and the console's text charts."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from adapters.console import render
from adapters.pictures.text import text_chart
from bot.content.catalog import Catalog
from bot.core import Core
from bot.handlers.charts import roadmap_chart
from bot.handlers.guidance import roadmap_order
from tests.cli import careerbot
from tests.content import FIXTURE_CONTENT
from tests.multilingual import write_multilingual
from tests.synthetic import write_synthetic
from tests.talk import reply_to


def test_chart_writes_a_png(tmp_path: Path) -> None:
    """`careerbot chart salary` and `chart roadmap --role` write PNGs that decode, exit 0, and say
    what they wrote."""
    out = tmp_path / "salary.png"
    done = careerbot(tmp_path, "chart", "salary", "--role", "vision engineer", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    with Image.open(io.BytesIO(out.read_bytes())) as image:
        assert image.width >= 1000
    road = tmp_path / "road.png"
    args = ("chart", "roadmap", "--role", "data-analyst", "--done", "python-scripting", "--out", str(road))
    assert careerbot(tmp_path, *args).returncode == 0
    assert road.read_bytes().startswith(b"\x89PNG")


def test_chart_in_russian(tmp_path: Path) -> None:
    """--language ru draws the Russian chart (another PNG than the English one)."""
    folder = write_multilingual(tmp_path / "content")
    env = {"CAREERBOT_CONTENT_DIR": str(folder)}
    en, ru = tmp_path / "en.png", tmp_path / "ru.png"
    assert careerbot(tmp_path, "chart", "salary", "--out", str(en), **env).returncode == 0
    assert careerbot(tmp_path, "chart", "salary", "--language", "ru", "--out", str(ru), **env).returncode == 0
    assert en.read_bytes() != ru.read_bytes()


def test_chart_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    """An unknown role, language or skill, a roadmap without a role and an unwritable path each
    print one line naming the problem, exit 2 and write nothing."""
    out = str(tmp_path / "x.png")
    cases = {
        ("salary", "--role", "astronaut", "--out", out): "unknown role 'astronaut'",
        ("salary", "--language", "xx", "--out", out): "unknown language 'xx'",
        ("roadmap", "--out", out): "a roadmap needs --role",
        ("roadmap", "--role", "data-analyst", "--done", "juggling", "--out", out): "unknown skill 'juggling'",
        ("salary", "--out", str(tmp_path / "missing" / "x.png")): "cannot write",
    }
    for args, message in cases.items():
        result = careerbot(tmp_path, "chart", *args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1, result.stderr
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_content_check_warns_about_crowded_charts(tmp_path: Path) -> None:
    """`content check` on content with more than 12 careers still passes (exit 0) but prints a
    warning saying the chart would not fit, and one per name too long for a line (the replicas
    of the fixture's 55-character name get a suffix); the fixture catalog has none."""
    plain = careerbot(tmp_path, "content", "check")
    assert plain.returncode == 0
    assert "warning:" not in plain.stdout
    folder = write_synthetic(tmp_path / "big", 3, FIXTURE_CONTENT)
    crowded = careerbot(tmp_path, "content", "check", str(folder))
    assert crowded.returncode == 0, crowded.stderr
    warnings = [line for line in crowded.stdout.splitlines() if line.startswith("warning:")]
    assert "18 careers, more than the 12" in warnings[0]
    assert len(warnings) == 3
    assert all("-v1.name is 58" in w or "-v2.name is 58" in w for w in warnings[1:])


def test_console_draws_the_salary_chart_as_bars(core: Core, catalog: Catalog) -> None:
    """In the console, /salary ROLE ends with a bar per role (name, ▕ bar, both figures), the role
    marked ▶, longest bar for the widest range's top; the reply's own text is still all there."""
    reply = reply_to(core, "/salary vision engineer")
    assert reply is not None
    shown = render(reply)
    bars = [line for line in shown.splitlines() if "▕" in line]
    assert len(bars) == len(catalog.careers)
    marked = [line for line in bars if line.startswith("▶ ")]
    assert len(marked) == 1
    assert "Vision Engineer" in marked[0]
    assert "$111,000 – $155,000" in marked[0]
    for line in reply.text().splitlines():
        assert line.strip()[:60] in shown
    assert all(len(line) <= 80 for line in bars)


def test_console_draws_the_roadmap_with_marks(catalog: Catalog) -> None:
    """A roadmap with marks is a numbered path, each skill ✓ or ○; without marks, plain dots."""
    career = catalog.careers["language-engineer"]
    order = roadmap_order(catalog, career)
    lines = text_chart(roadmap_chart(catalog, career, order, {order[0]}))
    assert lines[0] == catalog.phrases.path_title.format(name=career.name)
    assert lines[1] == f" 1. {catalog.phrases.path_step_education}"
    skills = [line for line in lines if line.startswith(("    ✓", "    ○"))]
    assert len(skills) == len(order)
    assert skills[0] == f"    ✓ {catalog.skills[order[0]].name}"
    assert all(s.startswith("    ○") for s in skills[1:])
    plain = text_chart(roadmap_chart(catalog, career, order))
    assert not any("✓" in line or "○" in line for line in plain)
