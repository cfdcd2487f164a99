"""The one registry of platform-neutral commands.

Adapters enumerate :data:`REGISTRY` to build Telegram's command menu and
Discord's slash commands: each :class:`CommandSpec` has a name, a
description and at most one argument, which has either fixed ``choices`` or
a ``completes`` kind whose matches :meth:`Registry.complete` suggests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.ask import ask
from bot.content.catalog import Catalog
from bot.content.index import Kind
from bot.flows.service import unavailable
from bot.handlers import browse, guidance
from bot.phrases import EN
from bot.replies import Action, BulletList, Button, FieldItem, Fields, Paragraph, Reply, bold, line
from bot.request import Request

Handler = Callable[[Request, Catalog], Reply]


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


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A command: its name, description, argument and pure handler."""

    name: str
    description: str
    handler: Handler
    argument: ArgumentSpec | None = None

    @property
    def usage(self) -> str:
        """``/salary [role]`` or ``/path <role>``."""
        if self.argument is None:
            return f"/{self.name}"
        arg = self.argument
        return f"/{self.name} " + (f"<{arg.name}>" if arg.required else f"[{arg.name}]")


class Registry:
    """An ordered, immutable set of commands."""

    def __init__(self, commands: tuple[CommandSpec, ...]) -> None:
        self.commands = commands
        self._by_name = {c.name: c for c in commands}

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self.commands)

    def get(self, name: str) -> CommandSpec | None:
        """The command called ``name`` (case-insensitive), if any."""
        return self._by_name.get(name.casefold())

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
    blocks = (Paragraph(line(EN.start_intro)), Paragraph(line(EN.start_hint)))
    buttons = (Button(EN.btn_about, Action("about")), *guidance.topic_buttons())
    return Reply(EN.start_title, blocks, buttons)


def _help(request: Request, catalog: Catalog) -> Reply:
    name = request.argument.strip().lstrip("/").casefold()
    if name:
        spec = REGISTRY.get(name)
        if spec is None:
            reply = _help(Request("help"), catalog)
            return Reply(EN.help_unknown.format(name=name[:40]), reply.blocks, reply.buttons, is_error=True)
        fields = [FieldItem(EN.help_usage, line(spec.usage))]
        if spec.argument is not None:
            fields.append(FieldItem(spec.argument.name, line(spec.argument.description)))
        return Reply(
            EN.help_command_title.format(name=spec.name),
            (Paragraph(line(spec.description)), Fields(tuple(fields))),
            (Button(spec.usage if spec.argument is None else f"/{spec.name}", Action(spec.name)),),
        )
    items = tuple(line(bold(spec.usage), f": {spec.description}") for spec in REGISTRY)
    buttons = (Button(EN.btn_about, Action("about")), *guidance.topic_buttons())
    return Reply(EN.help_title, (BulletList(items),), buttons, EN.help_footer)


def _needs_state(request: Request, catalog: Catalog) -> Reply:
    """/quiz, /progress and /forgetme when called without saved state (see ``Core.respond``)."""
    return unavailable()


def _build() -> Registry:
    role = ArgumentSpec("role", EN.arg_role, completes="career")
    commands = [
        CommandSpec("start", EN.desc_start, start),
        CommandSpec("help", EN.desc_help, _help),
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
        CommandSpec("education", EN.desc_education, guidance.education),
        CommandSpec("experience", EN.desc_experience, guidance.experience),
        CommandSpec(
            "path",
            EN.desc_path,
            guidance.path,
            ArgumentSpec("role", EN.arg_role, required=True, completes="career"),
        ),
        CommandSpec("quiz", EN.desc_quiz, _needs_state),
        CommandSpec("progress", EN.desc_progress, _needs_state),
        CommandSpec(
            "ask", EN.desc_ask, ask, ArgumentSpec("question", EN.arg_question, required=True, free_text=True)
        ),
        CommandSpec("forgetme", EN.desc_forgetme, _needs_state),
    ]
    names = tuple(Choice(c.name, f"/{c.name}") for c in commands)
    commands[1] = CommandSpec(
        "help", EN.desc_help, _help, ArgumentSpec("command", EN.arg_command, choices=names)
    )
    return Registry(tuple(commands))


REGISTRY = _build()
"""Every command of careerbot, in menu order."""
