"""Persistent components: buttons and select menus that carry the core's packed actions.

A button's ``custom_id`` *is* the packed :class:`~bot.replies.Action`
(``cb1|command|argument``, at most 64 bytes, well under Discord's 100); a
select menu's options carry packed actions as their values.  Both are
:class:`discord.ui.DynamicItem` classes registered once on the client, so
they are recognised by their ``custom_id`` template alone: no per-message
state, no timeout, and they keep working after the bot restarts.  An old or
forged ``custom_id`` that still matches the template reaches the core, which
answers it gracefully.

A run of five or more buttons for the same command (a "pick one" list, such
as every career) becomes a select menu; other buttons go in rows of five.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Protocol, cast

import discord

from bot.phrases import EN
from bot.replies import Button

log = logging.getLogger("careerbot.discord")

CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
OPTION_LABEL_MAX = 100
OPTION_VALUE_MAX = 100
BUTTONS_PER_ROW = 5
ROWS_MAX = 5
OPTIONS_MAX = 25
SELECT_FROM = 5
"""This many buttons for one command become a select menu."""
PLACEHOLDER_MAX = 150

BUTTON_TEMPLATE = re.compile(r"(?P<packed>cb\d{1,3}\|.{0,96})", re.DOTALL)
SELECT_TEMPLATE = re.compile(r"cbsel:(?P<index>\d{1,2})")


class ActionSink(Protocol):
    """What a component press is handed to (the careerbot client)."""

    async def on_action(self, interaction: discord.Interaction[Any], packed: str) -> None:
        """Answer the press of a component carrying ``packed``."""
        ...


def _sink(interaction: discord.Interaction[Any]) -> ActionSink:
    return cast(ActionSink, interaction.client)


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    """A button whose ``custom_id`` is a packed core action."""

    def __init__(self, packed: str, label: str, *, row: int | None = None) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label[:BUTTON_LABEL_MAX] or "…",
            custom_id=packed,
            style=discord.ButtonStyle.secondary,
        )
        super().__init__(button, row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActionButton:
        """Rebuild the button from a press (also one sent before a restart)."""
        label = getattr(item, "label", None) or "…"
        return cls(match["packed"], label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the press to the client."""
        await _sink(interaction).on_action(interaction, self.item.custom_id or "")


class ActionSelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=SELECT_TEMPLATE):
    """A select menu whose option values are packed core actions."""

    def __init__(
        self,
        custom_id: str,
        options: Sequence[discord.SelectOption],
        *,
        row: int | None = None,
        placeholder: str | None = None,
    ) -> None:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=custom_id,
            placeholder=(placeholder or EN.menu_placeholder)[:PLACEHOLDER_MAX],
            options=list(options),
            min_values=1,
            max_values=1,
        )
        super().__init__(select, row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActionSelect:
        """Rebuild the select menu from a choice (also one sent before a restart)."""
        options = list(getattr(item, "options", None) or [])
        placeholder = getattr(item, "placeholder", None)
        return cls(
            match.string, options or [discord.SelectOption(label="…", value="…")], placeholder=placeholder
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the chosen option's action to the client."""
        data = cast(dict[str, Any], interaction.data or {})
        values = data.get("values") or [""]
        await _sink(interaction).on_action(interaction, str(values[0]))


def layout(buttons: Sequence[Button]) -> tuple[list[list[tuple[str, str]]], list[list[tuple[str, str]]]]:
    """Split buttons into button rows and select menus, as ``(packed, label)`` pairs.

    Duplicated actions are shown once (``custom_id`` must be unique in a
    message); at most five rows in all.
    """
    seen: set[str] = set()
    items: list[tuple[str, str, str]] = []
    for button in buttons:
        packed = button.packed  # checked to fit 64 bytes (within custom_id's 100) when it was built
        if packed is not None and packed not in seen:
            seen.add(packed)
            items.append((button.action.command, packed, button.label))
    counts: dict[str, int] = {}
    for command, packed, _ in items:
        if not packed.endswith("|"):
            counts[command] = counts.get(command, 0) + 1
    listed = {c for c, n in counts.items() if n >= SELECT_FROM}
    plain = [(p, label) for c, p, label in items if c not in listed or p.endswith("|")]
    rows = [plain[i : i + BUTTONS_PER_ROW] for i in range(0, len(plain), BUTTONS_PER_ROW)]
    selects: list[list[tuple[str, str]]] = []
    for command in sorted(listed, key=lambda c: next(i for i, it in enumerate(items) if it[0] == c)):
        options = [(p, label) for c, p, label in items if c == command and not p.endswith("|")]
        selects.extend(options[i : i + OPTIONS_MAX] for i in range(0, len(options), OPTIONS_MAX))
    if len(rows) + len(selects) > ROWS_MAX:
        log.warning("%d component rows do not fit in a message: extra rows dropped", len(rows) + len(selects))
        selects = selects[: max(0, ROWS_MAX - len(rows))]
        rows = rows[: ROWS_MAX - len(selects)]
    return rows, selects


class PersistentView(discord.ui.View):
    """A view of dynamic items only: never times out, holds no per-message state.

    discord.py gives views of ephemeral messages a 15-minute timeout; these
    items are dispatched by their ``custom_id`` template instead, so the
    timeout is pinned to ``None`` and one view can be sent with many messages
    (its payload is built once).
    """

    _components: list[dict[str, Any]] | None = None

    def is_dispatchable(self) -> bool:
        """``False``: nothing to keep in the view store, the item classes are registered once on the client.

        (discord.py stores dispatchable views per message; these items are found by
        their ``custom_id`` template, see :meth:`discord.Client.add_dynamic_items`.)
        """
        return False

    def is_finished(self) -> bool:
        """``True``: the view never listens itself, so discord.py has nothing to register per message.

        ``InteractionResponse.send_message`` stores any unfinished view without asking
        :meth:`is_dispatchable`; presses reach the dynamic items through the client either way.
        """
        return True

    def to_components(self) -> list[dict[str, Any]]:
        """The component payload, computed once (the view never changes after it is built)."""
        if self._components is None:
            self._components = super().to_components()
        return self._components

    @property
    def timeout(self) -> float | None:
        """Always ``None``: persistent."""
        return None

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        return None


def build_view(buttons: Sequence[Button], placeholder: str = EN.menu_placeholder) -> discord.ui.View | None:
    """A persistent view of dynamic buttons and select menus (``None`` without buttons); the
    menus show ``placeholder`` until a choice is made."""
    rows, selects = layout(buttons)
    if not rows and not selects:
        return None
    view = PersistentView(timeout=None)
    for index, row in enumerate(rows):
        for packed, label in row:
            view.add_item(ActionButton(packed, label, row=index))
    for index, options in enumerate(selects):
        choices = [
            discord.SelectOption(label=label[:OPTION_LABEL_MAX] or "…", value=packed[:OPTION_VALUE_MAX])
            for packed, label in options
        ]
        view.add_item(ActionSelect(f"cbsel:{index}", choices, row=len(rows) + index, placeholder=placeholder))
    return view
