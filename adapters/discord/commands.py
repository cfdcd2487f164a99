"""The slash-command tree, generated from the core's command table, and its sync-if-changed rule.

Every :class:`~bot.commands.CommandSpec` becomes a slash command with its
description.  Its argument becomes an option: fixed values (``/help``'s
command) as ``choices`` (autocomplete past Discord's 25), open sets (careers, skills, examples) as
``autocomplete`` from the catalog of the asker's language, anything else (``/ask``'s
question, ``/language``'s code) as a plain string.  Every command also gets an optional ``private`` flag
(answer visible only to the caller).  Commands are usable in servers, in DMs
with the bot and in private channels.  Descriptions and choices are worded
in every language of the content (see :mod:`adapters.discord.translate`);
names stay English.

Syncing is rate limited by Discord, so :func:`sync_if_changed` only sends the
tree when its hash differs from the one recorded in a small state file after
the last successful sync; the hash is of the translated payload, so a
changed phrase in any language is a change.  ``careerbot discord sync`` forces it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import os
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord.translate import PhraseTranslator, clip, phrased
from bot.commands import ArgumentSpec, Choice, CommandSpec
from bot.core import Core
from bot.handlers.comparing import JOINER
from bot.phrases import Phrases

log = logging.getLogger("careerbot.discord")

PRIVATE = "private"
STATE_FILE = "discord-commands.json"
DESCRIPTION_MAX = 100
CHOICE_MAX = 100
CHOICES_MAX = 25
"""Discord's limit; a longer fixed list is offered through autocomplete instead."""
CONTEXTS = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
INSTALLS = app_commands.AppInstallationType(guild=True, user=True)


class CommandSink(Protocol):
    """What a slash command is handed to (the careerbot client)."""

    async def on_command(
        self, interaction: discord.Interaction[Any], command: str, argument: str, private: bool | None
    ) -> None:
        """Answer ``/command argument``."""
        ...


def _autocomplete(
    core: Core, command: str
) -> Callable[[discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def suggest(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=c.label[:CHOICE_MAX] or c.value[:CHOICE_MAX], value=c.value[:CHOICE_MAX])
            for c in suggestions(core, command, current, str(interaction.locale.value))
        ]

    return suggest


def suggestions(core: Core, command: str, partial: str, locale: str) -> list[Choice]:
    """What to suggest for ``command``'s argument, matched and named in the language of the
    asker's Discord ``locale`` (``es-419``: Spanish names and aliases); never raises."""
    catalog = core.catalog.for_language(locale)
    try:
        return core.table.complete(catalog, command, " ".join(partial.split())[:100], CHOICES_MAX)
    except Exception:
        log.exception("completion for /%s failed", command)
        return []


def _choice(core: Core, choice: Choice) -> app_commands.Choice[str]:
    """A fixed choice; one naming a command (``/help``'s) reads "/salary: <its description>"."""
    spec = core.table.get(choice.value)
    if spec is None or choice.label != f"/{spec.name}":
        return app_commands.Choice(name=choice.label[:CHOICE_MAX], value=choice.value)

    def wording(p: Phrases, spec: CommandSpec = spec) -> str:
        return f"/{spec.name}: {spec.describe(p)}"

    return app_commands.Choice(name=phrased(wording, core, CHOICE_MAX, choice.label), value=choice.value)


def _described(core: Core, arg: ArgumentSpec) -> app_commands.locale_str:
    return phrased(arg.describe, core, DESCRIPTION_MAX, clip(arg.description, DESCRIPTION_MAX) or arg.name)


def make_command(spec: CommandSpec, core: Core, sink: CommandSink) -> app_commands.Command[Any, ..., None]:
    """One slash command for one table entry; a second argument becomes a second option."""
    args = [a for a in (spec.argument, spec.second) if a is not None]

    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        private = options.get(PRIVATE)
        values = [str(options.get(a.name) or "") for a in args]
        await sink.on_command(interaction, spec.name, JOINER.join(v for v in values if v), private)

    kind = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    described = {PRIVATE: phrased(lambda p: p.arg_private, core, DESCRIPTION_MAX, PRIVATE)}
    for arg in args:
        default = inspect.Parameter.empty if arg.required else None
        params.append(inspect.Parameter(arg.name, kind, annotation=str, default=default))
        described[arg.name] = _described(core, arg)
    params.append(inspect.Parameter(PRIVATE, kind, annotation=bool, default=None))
    # inspect.signature reads __signature__, which typeshed does not declare on functions.
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"slash_{spec.name}"
    decorated: Any = app_commands.describe(**described)(callback)
    for arg in args:
        if 0 < len(arg.choices) <= CHOICES_MAX:
            choices = [_choice(core, c) for c in arg.choices]
            decorated = app_commands.choices(**{arg.name: choices})(decorated)
        elif arg.completes is not None or arg.choices:
            decorated = app_commands.autocomplete(**{arg.name: _autocomplete(core, spec.name)})(decorated)
    return app_commands.Command(
        name=spec.name,
        description=phrased(
            spec.describe, core, DESCRIPTION_MAX, clip(spec.description, DESCRIPTION_MAX) or spec.name
        ),
        callback=decorated,
        allowed_contexts=CONTEXTS,
        allowed_installs=INSTALLS,
    )


def build_tree(client: discord.Client, core: Core, sink: CommandSink) -> app_commands.CommandTree[Any]:
    """A command tree holding one slash command per registry entry (its translator is set by
    :func:`translate_tree`, which is async)."""
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    for spec in core.table:
        tree.add_command(make_command(spec, core, sink))
    return tree


async def translate_tree(tree: app_commands.CommandTree[Any], core: Core) -> None:
    """Word the tree's commands in every language of ``core``'s content from now on."""
    await tree.set_translator(PhraseTranslator(core))


async def payload(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None = None
) -> list[Any]:
    """Exactly what a sync sends for ``guild`` (``None``: global), localizations included."""
    commands = tree.get_commands(guild=guild)
    translator = tree.translator
    if translator is None:
        return [command.to_dict(tree) for command in commands]
    return [await command.get_translated_payload(tree, translator) for command in commands]


async def tree_hash(tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None = None) -> str:
    """A stable hash of exactly what a sync would send for ``guild`` (``None``: global)."""
    text = json.dumps(await payload(tree, guild), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SyncState:
    """The hashes of the last successful syncs, one per application and scope, in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, str]:
        """All recorded hashes (empty if the file is missing or unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def write(self, key: str, digest: str) -> None:
        """Record ``digest`` for ``key`` (atomically; a failure is logged, not raised)."""
        data = self.read()
        data[key] = digest
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not record the command sync in %s: %s", self.path, exc.strerror or exc)


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """Which scopes were synced and which were skipped as unchanged."""

    synced: tuple[str, ...]
    skipped: tuple[str, ...]
    commands: int

    def describe(self) -> str:
        """One line for the log or the CLI."""
        parts = []
        if self.synced:
            parts.append(f"synced {self.commands} commands to {', '.join(self.synced)}")
        if self.skipped:
            parts.append(f"unchanged, not synced: {', '.join(self.skipped)}")
        return "; ".join(parts)


async def sync_if_changed(
    tree: app_commands.CommandTree[Any],
    application_id: int,
    guild_ids: tuple[int, ...],
    state_path: Path,
    *,
    force: bool = False,
) -> SyncOutcome:
    """Sync the tree globally, or to each of ``guild_ids``, unless unchanged since the last sync."""
    state = SyncState(state_path)
    known = state.read()
    scopes: list[discord.Object | None] = [discord.Object(g) for g in guild_ids] or [None]
    synced: list[str] = []
    skipped: list[str] = []
    for guild in scopes:
        if guild is not None:
            tree.copy_global_to(guild=guild)
        name = f"guild {guild.id}" if guild is not None else "all servers (global)"
        key = f"{application_id}:{guild.id if guild is not None else 'global'}"
        digest = await tree_hash(tree, guild)
        if not force and known.get(key) == digest:
            skipped.append(name)
            continue
        await tree.sync(guild=guild)
        state.write(key, digest)
        synced.append(name)
    return SyncOutcome(tuple(synced), tuple(skipped), len(tree.get_commands()))
