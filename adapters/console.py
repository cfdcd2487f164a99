"""Console adapter: a plain-text renderer and an interactive chat session.

Buttons are shown as numbered choices; typing the number presses the
button; a reply's picture is drawn as text (Unicode bars, :mod:`adapters.pictures.text`).
Everything shown is plain text, so nothing needs escaping beyond
what the core already strips (control characters).  The session uses the
core's async entry points, so the quiz, skill checklists, /progress and
/forgetme work here too when the core has a store (the console user is
``console:local``).
"""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO, assert_never

from adapters.pictures.text import text_chart
from bot.core import Core
from bot.replies import BulletList, Fields, Line, Paragraph, Reply
from bot.request import Request, Who

PLATFORM = "console"
WIDTH = 78
QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit", ":q"})
PROMPT = "you> "
GREETING = "careerbot console chat: ask a question, use /help, pick a numbered button, /quit to leave."


def _inline(spans: Line) -> str:
    out = []
    for span in spans:
        text = span.text
        if span.url:
            text = f"{text} ({span.url})"
        if span.code:
            text = f"`{text}`"
        out.append(text)
    return "".join(out)


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first if first is not None else indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [first or indent]


def render(reply: Reply) -> str:
    """The reply as plain text, buttons numbered ``[1] Label``."""
    lines = [reply.title, "=" * min(len(reply.title), WIDTH)]
    for block in reply.blocks:
        match block:
            case Paragraph():
                lines.extend(_wrap(_inline(block.spans)))
            case BulletList():
                for item in block.items:
                    lines.extend(_wrap(_inline(item), "    ", "  • "))
            case Fields():
                for f in block.items:
                    lines.extend(_wrap(_inline(f.value), "    ", f"  {f.name}: "))
            case _:
                assert_never(block)
        lines.append("")
    if reply.picture is not None:  # the chart as Unicode bars: the console shows no images
        lines.extend(text_chart(reply.picture))
        lines.append("")
    if reply.buttons:
        row = ""
        for i, button in enumerate(reply.buttons, 1):
            label = f"[{i}] {button.label}"
            if row and len(row) + 2 + len(label) > WIDTH:
                lines.append(row)
                row = ""
            row = f"{row}  {label}" if row else label
        lines.append(row)
    if reply.footer:
        lines.append(f"({reply.footer})")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


class ConsoleSession:
    """One person's chat: remembers the last reply's buttons so numbers can press them."""

    def __init__(self, core: Core, user_id: str = "local") -> None:
        self.core = core
        self.user_id = user_id
        self.who = Who(platform=PLATFORM, user_id=user_id, conversation=user_id, language="")
        self.last: Reply | None = None

    async def respond(self, text: str) -> str | None:
        """Answer one line of input; ``None`` means the user asked to quit."""
        stripped = text.strip()
        if stripped.casefold() in QUIT_WORDS:
            return None
        if stripped.isdigit() and self.last is not None:
            number = int(stripped)
            if 1 <= number <= len(self.last.buttons):
                packed = self.last.buttons[number - 1].packed
                pressed = await self.core.respond(Request.from_button(packed, **self.who))
                self.last = pressed
                return render(pressed)
        request = Request.from_text(text, **self.who)
        if request is None:
            return ""
        reply = await self.core.respond(request)
        self.last = reply
        return render(reply)


async def chat(
    core: Core,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    read: Callable[[], str] | None = None,
) -> int:
    """Run an interactive session until /quit or end of input; returns the exit code."""
    out = stdout or sys.stdout
    source = stdin or sys.stdin
    interactive = source.isatty()

    def read_line() -> str:
        if read is not None:
            return read()
        if interactive:
            return input(PROMPT)
        got = source.readline()
        if not got:
            raise EOFError
        return got

    session = ConsoleSession(core)
    print(GREETING, file=out)
    print(await session.respond("/start"), file=out, flush=True)
    while True:
        try:
            text = await asyncio.to_thread(read_line)
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return 0
        answer = await session.respond(text)
        if answer is None:
            print("Bye!", file=out)
            return 0
        if answer:
            print(answer, file=out, flush=True)
