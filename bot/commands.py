"""The one command table: every command, with its kind and handler.

Dispatch (:mod:`bot.core`), ``/help``, Telegram's "/" menu, Discord's slash
commands and their sync hash, and the metrics' labels all read the same
:class:`CommandTable`.  Each :class:`CommandSpec` has a name, a description,
a kind, a pure handler and at most one argument (fixed ``choices``, or a
``completes`` kind whose matches :meth:`CommandTable.complete` suggests).

Kinds:

* ``pure``: ``(request, catalog) -> reply``; the core memoises its replies.
* ``stateful``: also has an async ``stateful`` handler run with saved state
  (the quiz, checklists, /progress, /forgetme, follow-up context of ``ask``);
  its pure ``handler`` answers when there is no store or no user id.
* ``admin``: only users in ADMIN_IDS may run it (``/reload``); to anyone
  else it does not exist.

Unlisted commands (quiz steps are ``quiz`` buttons; ``mark``, ``stale``,
``bad-argument``, ``reload``) are dispatched like the others but appear in no
menu, no ``/help`` and no slash command.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from bot.ask import ask
from bot.content.catalog import Catalog
from bot.content.index import Kind
from bot.flows import checklist
from bot.flows.language import set_language
from bot.flows.service import StateService, unavailable
from bot.handlers import browse, comparing, guidance
from bot.phrases import EN, Phrases
from bot.replies import Action, BulletList, Button, FieldItem, Fields, Paragraph, Reply, bold, line
from bot.request import BAD_ARGUMENT, STALE, Request

Handler = Callable[[Request, Catalog], Reply]
"""A pure handler."""
StatefulHandler = Callable[[StateService, Request, Catalog], Awaitable[Reply]]
"""A handler that loads and saves per-user state through the state service."""
CommandKind = Literal["pure", "stateful", "admin"]
RELOAD = "reload"


@dataclass(frozen=True, slots=True)
class Choice:
    """A value an argument may take, with its display label."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class ArgumentSpec:
    """The single optional or required argument of a command."""

    name: str
    description: str
    required: bool = False
    completes: Kind | None = None
    choices: tuple[Choice, ...] = ()
    free_text: bool = False

    def describe(self, phrases: Phrases) -> str:
        """The description in the language of ``phrases`` (its ``arg_<name>`` phrase)."""
        return str(getattr(phrases, f"arg_{self.name}", self.description))


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command: its name, description, kind, handlers and argument."""

    name: str
    description: str
    handler: Handler
    argument: ArgumentSpec | None = None
    kind: CommandKind = "pure"
    second: ArgumentSpec | None = None
    """A second argument (``/compare <first> <second>``); adapters join the two with " vs "."""
    stateful: StatefulHandler | None = None
    listed: bool = True
    """Shown in /help, Telegram's menu and Discord's slash commands."""
    personal: bool = True
    """Stateful replies are made from the user's saved state (see :attr:`Reply.personal`)."""

    def describe(self, phrases: Phrases) -> str:
        """The description in the language of ``phrases`` (its ``desc_<name>`` phrase)."""
        return str(getattr(phrases, f"desc_{self.name}", self.description)) or self.description

    @property
    def usage(self) -> str:
        """``/salary [role]`` or ``/path <role>``."""
        parts = [f"/{self.name}"]
        for arg in (self.argument, self.second):
            if arg is not None:
                parts.append(f"<{arg.name}>" if arg.required else f"[{arg.name}]")
        return " ".join(parts)


class CommandTable:
    """An ordered, immutable set of commands."""

    def __init__(self, commands: tuple[CommandSpec, ...]) -> None:
        names = [c.name for c in commands]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate command names in {names}")
        self.commands = commands
        self._by_name = {c.name: c for c in commands}
        self.listed = tuple(c for c in commands if c.listed)
        """The commands of menus, /help and slash commands, in menu order."""

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self.listed)

    def get(self, name: str) -> CommandSpec | None:
        """The command called ``name`` (case-insensitive), listed or not."""
        return self._by_name.get(name.casefold())

    @property
    def names(self) -> tuple[str, ...]:
        """Every command name, listed or not (the metrics' labels)."""
        return tuple(self._by_name)

    def complete(self, catalog: Catalog, command: str, partial: str, limit: int = 25) -> list[Choice]:
        """Suggestions for ``command``'s argument given what was typed so far."""
        spec = self.get(command)
        if spec is None or spec.argument is None:
            return []
        arg = spec.argument
        if arg.choices:
            typed = partial.casefold().strip()
            return [c for c in arg.choices if typed in c.value or typed in c.label.casefold()][:limit]
        if arg.completes is None:
            return []
        return [Choice(r.id, r.name) for r in catalog.index.complete(arg.completes, partial, limit)]


def start(request: Request, catalog: Catalog) -> Reply:
    """/start: a welcome and the main topics."""
    blocks = (Paragraph(line(catalog.phrases.start_intro)), Paragraph(line(catalog.phrases.start_hint)))
    buttons = (Button(catalog.phrases.btn_about, Action("about")), *guidance.topic_buttons(catalog.phrases))
    return Reply(catalog.phrases.start_title, blocks, buttons)


@dataclass(frozen=True, slots=True)
class Help:
    """/help [command]: built from the listed commands of the table it belongs to."""

    commands: tuple[CommandSpec, ...]

    def __call__(self, request: Request, catalog: Catalog) -> Reply:
        name = request.argument.strip().lstrip("/").casefold()
        if not name:
            items = tuple(
                line(bold(spec.usage), f": {spec.describe(catalog.phrases)}") for spec in self.commands
            )
            buttons = (
                Button(catalog.phrases.btn_about, Action("about")),
                *guidance.topic_buttons(catalog.phrases),
            )
            return Reply(
                catalog.phrases.help_title, (BulletList(items),), buttons, catalog.phrases.help_footer
            )
        spec = next((c for c in self.commands if c.name == name), None)
        if spec is None:
            reply = self(request.with_command("help"), catalog)
            return Reply(
                catalog.phrases.help_unknown.format(name=name[:40]),
                reply.blocks,
                reply.buttons,
                is_error=True,
            )
        fields = [FieldItem(catalog.phrases.help_usage, line(spec.usage))]
        if spec.argument is not None:
            fields.append(FieldItem(spec.argument.name, line(spec.argument.describe(catalog.phrases))))
        return Reply(
            catalog.phrases.help_command_title.format(name=spec.name),
            (Paragraph(line(spec.describe(catalog.phrases))), Fields(tuple(fields))),
            (Button(spec.usage if spec.argument is None else f"/{spec.name}", Action(spec.name)),),
        )


def stale(request: Request, catalog: Catalog) -> Reply:
    """An old or forged button: say so, then the start menu."""
    menu = start(request, catalog)
    blocks = (Paragraph(line(catalog.phrases.stale_button)), *menu.blocks)
    return Reply(catalog.phrases.stale_button_title, blocks, menu.buttons, is_error=True)


def bad_argument(request: Request, catalog: Catalog) -> Reply:
    """A request whose argument the platform sent as something other than text."""
    return Reply(catalog.phrases.bad_argument, is_error=True)


def _unavailable(request: Request, catalog: Catalog) -> Reply:
    """/quiz, /progress, /forgetme and checklist marks without saved state."""
    return unavailable(catalog.phrases)


def unknown(table: CommandTable, name: str, p: Phrases = EN) -> Reply:
    """The reply to a command the table does not have (or the asker may not run)."""
    items = tuple(line(bold(spec.usage), f": {spec.describe(p)}") for spec in table)
    shown = " ".join(name.split())[:40]
    return Reply(
        p.unknown_command_title,
        (Paragraph(line(p.unknown_command.format(name=shown))), BulletList(items)),
        (Button("/help", Action("help")), Button("/start", Action("start"))),
        is_error=True,
    )


def default_table() -> CommandTable:
    """Every command of careerbot, in menu order."""
    role = ArgumentSpec("role", EN.arg_role, completes="career")
    listed = [
        CommandSpec("start", EN.desc_start, start),
        CommandSpec("about", EN.desc_about, guidance.about),
        CommandSpec(
            "examples",
            EN.desc_examples,
            browse.examples,
            ArgumentSpec("topic", EN.arg_topic, completes="example"),
        ),
        CommandSpec(
            "skills", EN.desc_skills, browse.skills, ArgumentSpec("skill", EN.arg_skill, completes="skill")
        ),
        CommandSpec("careers", EN.desc_careers, browse.careers, role),
        CommandSpec("salary", EN.desc_salary, guidance.salary, role),
        CommandSpec(
            "compare",
            EN.desc_compare,
            comparing.compare,
            ArgumentSpec("first", EN.arg_first, required=True, completes="career"),
            second=ArgumentSpec("second", EN.arg_second, required=True, completes="career"),
        ),
        CommandSpec("education", EN.desc_education, guidance.education),
        CommandSpec("experience", EN.desc_experience, guidance.experience),
        CommandSpec(
            "path",
            EN.desc_path,
            guidance.path,
            ArgumentSpec("role", EN.arg_role, required=True, completes="career"),
            kind="stateful",
            stateful=StateService.path,
        ),
        CommandSpec("quiz", EN.desc_quiz, _unavailable, kind="stateful", stateful=StateService.quiz),
        CommandSpec(
            "progress", EN.desc_progress, _unavailable, kind="stateful", stateful=StateService.progress
        ),
        CommandSpec(
            "ask",
            EN.desc_ask,
            ask,
            ArgumentSpec("question", EN.arg_question, required=True, free_text=True),
            kind="stateful",
            stateful=StateService.ask,
            personal=False,
        ),
        CommandSpec(
            "language",
            EN.desc_language,
            _unavailable,
            ArgumentSpec("language", EN.arg_language),
            kind="stateful",
            stateful=set_language,
        ),
        CommandSpec(
            "forgetme", EN.desc_forgetme, _unavailable, kind="stateful", stateful=StateService.forget
        ),
    ]
    # /help lists every listed command, itself included; its entry there needs no handler of its own.
    names = ("start", "help", *(c.name for c in listed[1:]))
    help_argument = ArgumentSpec("command", EN.arg_command, choices=tuple(Choice(n, f"/{n}") for n in names))
    described = CommandSpec("help", EN.desc_help, start, help_argument)
    help_spec = CommandSpec("help", EN.desc_help, Help((listed[0], described, *listed[1:])), help_argument)
    menu = (listed[0], help_spec, *listed[1:])
    hidden = (
        CommandSpec(
            checklist.COMMAND, "", _unavailable, kind="stateful", stateful=StateService.mark, listed=False
        ),
        CommandSpec(RELOAD, "", start, kind="admin", listed=False),
        CommandSpec(STALE, "", stale, listed=False),
        CommandSpec(BAD_ARGUMENT, "", bad_argument, listed=False),
    )
    return CommandTable((*menu, *hidden))
