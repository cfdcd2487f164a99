"""``/language [code]``: the language careerbot answers a user in.

The user's choice is kept through the store (:meth:`~bot.store.base.Store.save_language`)
and wins over the platform's tag (Telegram's ``language_code``, Discord's
``locale``), which wins over ``DEFAULT_LANGUAGE``; ``/forgetme`` deletes it.  The
reply to a choice is already in the new language.
"""

from __future__ import annotations

import logging

from bot.content.catalog import Catalog
from bot.flows.service import StateService, unavailable
from bot.i18n.formatting import language_name
from bot.i18n.languages import language_of
from bot.replies import Action, Button, Meaning, Paragraph, Reply, line
from bot.request import Request
from bot.store.base import user_key

log = logging.getLogger("careerbot.state")

COMMAND = "language"
AUTO = "auto"
"""The argument that drops the user's choice (the platform's language is followed again)."""


def picker(catalog: Catalog) -> Reply:
    """One button per language (each named in itself), and one to follow the app's language."""
    p = catalog.phrases
    buttons = [Button(language_name(code), Action(COMMAND, code)) for code in catalog.languages]
    buttons.append(Button(p.language_auto_button, Action(COMMAND, AUTO)))
    blocks = (Paragraph(line(p.language_pick)), Paragraph(line(p.language_auto)))
    return Reply(p.language_title, blocks, tuple(buttons), meaning=Meaning("language"))


def choice(argument: str, catalog: Catalog) -> str | None:
    """The language code an argument names (``es``, ``es-419``, ``Русский``), ``AUTO``, or None."""
    wanted = argument.strip()
    if wanted.casefold() == AUTO:
        return AUTO
    code = language_of(wanted, catalog.languages)
    if code is not None:
        return code
    names = {language_name(c).casefold(): c for c in catalog.languages}
    names.update({language_name(c, "en").casefold(): c for c in catalog.languages})
    return names.get(wanted.casefold())


def unknown(argument: str, catalog: Catalog) -> Reply:
    """A language careerbot does not speak: say so, and offer the ones it does."""
    p = catalog.phrases
    spoken = ", ".join(language_name(c) for c in catalog.languages)
    text = p.language_unknown.format(code=" ".join(argument.split())[:20], languages=spoken)
    reply = picker(catalog)
    return Reply(p.language_title, (Paragraph(line(text)),), reply.buttons, is_error=True)


def chosen(code: str, catalog: Catalog) -> Reply:
    """The reply to a choice, in the chosen language (``catalog`` is that language's)."""
    p = catalog.phrases
    text = p.language_set.format(language=language_name(code))
    buttons = (Button(p.btn_start, Action("start")), Button(p.btn_language, Action(COMMAND)))
    return Reply(p.language_title, (Paragraph(line(text)),), buttons, meaning=Meaning("language"))


async def stored_language(state: StateService, request: Request) -> str | None:
    """The language the user chose with /language, if any (never raises: None when unreadable)."""
    return await state.chosen_language(request)


async def set_language(state: StateService, request: Request, catalog: Catalog) -> Reply:
    """/language [code]: the picker, or the user's choice saved and confirmed in that language."""
    if not request.argument:
        return picker(catalog)
    code = choice(request.argument, catalog)
    if code is None:
        return unknown(request.argument, catalog)
    user = user_key(request.platform, request.user_id)
    if user is None:
        return unavailable(catalog.phrases)
    if code == AUTO:
        await state.use(lambda: state.store.save_language(user, None))
        followed = catalog.for_language(request.platform_language or None)
        p = followed.phrases
        return Reply(p.language_title, (Paragraph(line(p.language_followed)),), meaning=Meaning("language"))
    await state.use(lambda: state.store.save_language(user, code))
    return chosen(code, catalog.for_language(code))
