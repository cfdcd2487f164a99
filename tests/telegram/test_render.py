"""The Telegram renderer: escaping, splitting, keyboards (checked with the fake server's HTML parser)."""

from __future__ import annotations

import pytest

from adapters.telegram import links
from adapters.telegram.render import (
    ALT_PREFIX,
    MAX_CAPTION,
    MAX_MESSAGE,
    alt_caption,
    render,
    render_photo,
    units,
)
from bot.core import Core
from bot.pictures import SalaryChart
from bot.replies import Action, BulletList, Button, FieldItem, Fields, Paragraph, Reply, Span, line
from tests.fakes.telegram_html import EntityError, parse_html, utf16_len
from tests.talk import reply_to

HOSTILE = ("<b>", "</i>", "a & b", "&amp;", "*_`[x](y)", "@everyone", "<a href='x'>", "\u202eRTL ✓ 👩‍💻")


def visible(html: str) -> str:
    """The text Telegram shows for ``html`` (raises if Telegram would reject it)."""
    return parse_html(html)


@pytest.mark.parametrize("text", HOSTILE)
def test_every_span_is_escaped(text: str) -> None:
    """Markup characters in titles, spans, fields, list items, buttons and footers show as typed."""
    reply = Reply(
        text,
        (
            Paragraph(
                (Span(text), Span(text, bold=True), Span(text, italic=True, url="https://e.org/?a=1&b=<2>"))
            ),
            Paragraph((Span(text, code=True),)),
            BulletList((line(text),)),
            Fields((FieldItem(text, line(text)),)),
        ),
        (Button(text, Action("ask", "x")),),
        footer=text,
    )
    rendered = render(reply)
    assert len(rendered.messages) == 1
    shown = visible(rendered.messages[0])
    assert shown.count(text) == 9  # title, 3 spans, code, item, field name and value, footer
    assert rendered.markup is not None
    assert rendered.markup.inline_keyboard[0][0].text == " ".join(text.split())


def test_parser_rejects_unescaped_markup() -> None:
    """The fake's parser (used by every end-to-end test) rejects what Telegram rejects."""
    for bad in (
        "<b>",
        "a < b",
        "a & b",
        "<b><i>x</b></i>",
        "<foo>x</foo>",
        "<code><b>x</b></code>",
        "<a>x</a>",
    ):
        with pytest.raises(EntityError, match="can't parse entities"):
            parse_html(bad)
    assert parse_html('<b>x</b> &lt;&amp;&gt; <a href="https://e.org">y</a> 1 > 0') == "x <&> y 1 > 0"


def test_long_reply_splits_on_paragraph_boundaries() -> None:
    """A reply over 4096 characters becomes several messages, each ending where a paragraph ends."""
    paragraphs = tuple(Paragraph(line(f"P{i} " + "word " * 150)) for i in range(20))
    rendered = render(Reply("Title", paragraphs, (Button("Next", Action("help")),)))
    assert len(rendered.messages) > 1
    shown = [visible(m) for m in rendered.messages]
    assert all(utf16_len(s) <= MAX_MESSAGE for s in shown)
    for text in shown[1:]:
        assert text.startswith("P")  # a message starts with a whole paragraph
    assert "\n\n".join(shown).count("P") == 20
    assert rendered.markup is not None


def test_single_huge_paragraph_splits_on_words() -> None:
    """One 10,000-character paragraph (emoji included) splits into valid messages without losing text."""
    text = ("ab😀 " * 2500).strip()
    rendered = render(Reply("T", (Paragraph(line(text)),)))
    shown = [visible(m) for m in rendered.messages]
    assert len(shown) >= 3
    assert all(utf16_len(s) <= MAX_MESSAGE for s in shown)
    assert "".join(s.replace("\n", " ") for s in shown).replace(" ", "") == ("T" + text).replace(" ", "")


def test_escaping_does_not_break_the_length_limit() -> None:
    """4,000 '<' characters (16,000 bytes of HTML) still fit: the limit counts visible text."""
    rendered = render(Reply("T", (Paragraph(line("<" * 4000)),)))
    assert len(rendered.messages) == 1
    assert visible(rendered.messages[0]).endswith("<" * 4000)
    assert units("😀") == 2


def test_callback_data_fits_for_all_content(core: Core) -> None:
    """Every button of every list and detail reply packs into callback_data of at most 64 bytes."""
    replies = [reply_to(core, f"/{spec.name}") for spec in core.table]
    for kind in ("careers", "skills", "examples"):
        replies += [reply_to(core, f"/{kind} {c.value}") for c in core.complete(kind, "", 100)]
    for reply in replies:
        assert reply is not None
        rendered = render(reply, links.share_url("CareerTestBot", reply))
        assert all(utf16_len(visible(m)) <= MAX_MESSAGE for m in rendered.messages)
        for row in rendered.markup.inline_keyboard if rendered.markup else ():
            for button in row:
                assert button.url or 1 <= len(button.callback_data.encode()) <= 64


def test_unpackable_button_fails_where_it_is_built() -> None:
    """A button whose action cannot fit callback_data raises where it is built, so the renderer
    never drops a button silently; every button that exists renders with its packed action."""
    with pytest.raises(ValueError, match="more than 64"):
        Button("big", Action("ask", "é" * 40))
    rendered = render(Reply("T", (), (Button("ok", Action("help")),)))
    assert rendered.markup is not None
    assert [b.callback_data for row in rendered.markup.inline_keyboard for b in row] == ["cb1|help|"]


def test_deep_link_payloads_round_trip(core: Core) -> None:
    """Detail replies get a share payload in Telegram's alphabet that reopens the same reply."""
    for kind in ("careers", "skills", "examples"):
        for choice in core.complete(kind, "", 100):
            reply = reply_to(core, f"/{kind} {choice.value}")
            assert reply is not None
            action = reply.link
            assert action == Action(kind, choice.value)
            payload = links.encode(action)
            assert payload is not None
            assert len(payload) <= 64
            assert links.decode(payload, core.table) == action
    assert links.decode("start-x", core.table) is None
    assert links.decode("nosuchcommand-x", core.table) is None
    assert links.decode("careers-<b>", core.table) is None
    assert links.share_url("CareerTestBot", reply_to(core, "/start") or Reply("x")) is None


CHART = SalaryChart("Salaries", (), "US, USD", "Chart of the salary ranges <by role> & more")


def test_a_reply_that_fits_becomes_the_caption_with_its_alt_text() -> None:
    """A short reply with a picture is one caption Telegram accepts: the title, the alt text
    (escaped) saying what the chart shows, then the body, with the keyboard on the photo."""
    reply = Reply(
        "Salary <ranges>", (Paragraph(line("a & b")),), (Button("ok", Action("help")),), picture=CHART
    )
    rendered = render_photo(reply, CHART.alt)
    assert rendered.rest is None
    assert rendered.markup is not None
    assert visible(rendered.caption) == f"Salary <ranges>\n\n{ALT_PREFIX}{CHART.alt}\n\na & b"


def test_a_reply_too_long_for_a_caption_goes_after_the_photo() -> None:
    """Past 1,024 characters (counted after entity parsing, emoji twice) the caption is the alt
    text alone and the reply is the text messages, the keyboard on the last one."""
    body = (Paragraph(line("😀" * 490)),)  # 980 units: fits alone, not with the title and the alt text
    reply = Reply("Title", body, (Button("ok", Action("help")),), picture=CHART)
    rendered = render_photo(reply, CHART.alt)
    assert visible(rendered.caption) == ALT_PREFIX + CHART.alt
    assert rendered.markup is None
    assert rendered.rest == render(reply)


def test_a_huge_alt_text_is_cut_to_fit_a_caption() -> None:
    """An alt text longer than a caption is cut on a word, so the photo is never refused."""
    alt = "word " * 400
    shown = visible(alt_caption(alt))
    assert utf16_len(shown) <= MAX_CAPTION
    assert shown.endswith("word…")
    every = render_photo(Reply("T", (), picture=CHART), alt)
    assert utf16_len(visible(every.caption)) <= MAX_CAPTION
