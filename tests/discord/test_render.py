"""The renderer: every Discord limit respected, long answers split, Markdown escaped, components laid out."""

from __future__ import annotations

import pytest

from adapters.discord.components import layout
from adapters.discord.render import NO_MENTIONS, render
from adapters.discord.text import size, split_text
from bot.core import Core
from bot.pictures import SalaryChart
from bot.replies import Action, BulletList, Button, FieldItem, Fields, Paragraph, Reply, Span, line
from tests.fakes.discord_api import message_problems
from tests.talk import reply_to


def _payloads(reply: Reply) -> list[dict]:
    out = []
    for message in render(reply):
        view = message.view
        out.append(
            {
                "embeds": [e.to_dict() for e in message.embeds],
                "components": view.to_components() if view else [],
                "allowed_mentions": NO_MENTIONS.to_dict(),
            }
        )
    return out


@pytest.mark.parametrize("scale", [1, 7, 40])
@pytest.mark.parametrize("unit", ["word ", "😀 ", "*_`|> "])
def test_any_reply_fits_discord_limits(scale: int, unit: str) -> None:
    """Replies of any size (emoji counted as Discord counts them, markup escaped) fit every limit."""
    reply = Reply(
        unit * 100,
        (
            Paragraph(line(unit * 300 * scale)),
            Fields(tuple(FieldItem(unit * 60, line(unit * 250 * scale)) for _ in range(3 * scale))),
            BulletList(tuple(line(unit * 30) for _ in range(20 * scale))),
            Paragraph((Span(unit * 100 * scale, bold=True), Span("code`", code=True))),
        ),
        tuple(Button(f"b{i}", Action("careers", f"role-{i}")) for i in range(30)),
        unit * 600,
    )
    payloads = _payloads(reply)
    for payload in payloads:
        assert message_problems(payload) == []
    assert all(not p["components"] for p in payloads[:-1])
    assert payloads[-1]["components"]
    text = "".join(e.get("description", "") for p in payloads for e in p["embeds"])
    assert text.count(unit.strip()[:1] or "w") >= 300 * scale


def test_split_text_prefers_word_breaks() -> None:
    """Text is cut at spaces, each chunk within the limit, nothing lost."""
    chunks = split_text("alpha beta gamma delta " * 50, 100)
    assert all(size(c) <= 100 for c in chunks)
    assert " ".join(chunks).split() == ("alpha beta gamma delta " * 50).split()


def test_user_markdown_is_escaped() -> None:
    """Text that looks like Markdown is shown literally."""
    embed = render(Reply("t", (Paragraph(line("**not bold** _x_")),)))[0].embeds[0]
    assert embed.description == r"\*\*not bold\*\* \_x\_"
    listed = render(Reply("t", (Paragraph(line("# not a heading\n- not a list\n1. nor this")),)))[0].embeds[0]
    assert listed.description == "\\# not a heading\n\\- not a list\n1\\. nor this"


def test_pick_lists_become_select_menus(core: Core) -> None:
    """Five or more choices for one command become a select menu; other buttons stay buttons."""
    reply = reply_to(core, "/path language engineer")
    assert reply is not None
    rows, selects = layout(reply.buttons)
    assert len(selects) == 1
    assert all(p.startswith("cb1|skills|") for p, _ in selects[0])
    assert [p for row in rows for p, _ in row] == ["cb1|salary|language-engineer", "cb1|experience|"]


def test_duplicate_actions_are_shown_once() -> None:
    """custom_id must be unique in a message: a repeated action becomes one button."""
    rows, selects = layout([Button("A", Action("about")), Button("B", Action("about"))])
    assert rows == [[("cb1|about|", "A")]]
    assert selects == []


@pytest.mark.parametrize("scale", [1, 40])
def test_a_drawn_picture_is_the_first_embeds_image(scale: int) -> None:
    """With its PNG, a reply's first message carries the file (salary.png) and its first embed shows
    it as the image, the alt text (escaped) first in its description; long replies still fit every
    limit; without the PNG (drawing failed) nothing refers to a file."""
    chart = SalaryChart("Salaries", (), "US, USD", "Chart of *salary* ranges")
    body = (Paragraph(line("word " * 300 * scale)),)
    reply = Reply("Salary ranges", body, (Button("ok", Action("help")),), picture=chart)
    messages = render(reply, b"png bytes")
    first = messages[0]
    assert first.image == ("salary.png", b"png bytes")
    assert [f.filename for f in first.files()] == ["salary.png"]
    embed = first.embeds[0].to_dict()
    assert embed["image"] == {"url": "attachment://salary.png"}
    assert embed["description"].startswith("_🖼 Chart of \\*salary\\* ranges_")
    assert all(m.image is None for m in messages[1:])
    for message in messages:
        assert message_problems(message.payload(ephemeral=False)) == []
    plain = render(reply)
    assert all(m.image is None and not m.files() for m in plain)
    assert all("image" not in e.to_dict() for m in plain for e in m.embeds)
