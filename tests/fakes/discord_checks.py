"""What Discord rejects: slash-command definitions and message payloads over its limits.

Each check returns the list of problems (empty when Discord would accept), so
the fake can answer 400 and record them, and render tests can assert on them.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.discord_wire import LOCALES, NAME_RE, u16


def _valid_name(name: str) -> bool:
    return bool(NAME_RE.fullmatch(name)) and name == name.lower()


def _localization_problems(item: dict[str, Any], where: str, *, described: bool = True) -> list[str]:
    """What Discord rejects in ``name_localizations`` (and ``description_localizations``): a locale
    it does not have, a name outside the name rule (a choice's name: 1-100 characters), a
    description outside 1-100 characters."""
    problems: list[str] = []
    fields = ("name_localizations", "description_localizations") if described else ("name_localizations",)
    for key in fields:
        found = item.get(key)
        if found is None:
            continue
        if not isinstance(found, dict):
            problems.append(f"{where}: {key} must be an object")
            continue
        for locale, text in found.items():
            if locale not in LOCALES:
                problems.append(f"{where}: {key} has an invalid locale {locale!r}")
            elif not isinstance(text, str):
                problems.append(f"{where}: {key}[{locale}] must be a string")
            elif key == "description_localizations" or not described:
                if not 1 <= len(text) <= 100:
                    problems.append(f"{where}: {key}[{locale}] must be 1-100 characters")
            elif not _valid_name(text):
                problems.append(f"{where}: {key}[{locale}] {text!r} is an invalid name")
    return problems


def command_problems(cmd: dict[str, Any]) -> list[str]:
    """What Discord would reject in one slash-command definition, localizations included."""
    problems: list[str] = []
    name = str(cmd.get("name", ""))
    if not _valid_name(name):
        problems.append(f"command name {name!r} is invalid")
    description = str(cmd.get("description", ""))
    if not 1 <= len(description) <= 100:
        problems.append(f"/{name}: description must be 1-100 characters")
    problems.extend(_localization_problems(cmd, f"/{name}"))
    options = cmd.get("options") or []
    if len(options) > 25:
        problems.append(f"/{name}: more than 25 options")
    seen_optional = False
    names: set[str] = set()
    for opt in options:
        oname = str(opt.get("name", ""))
        if not _valid_name(oname):
            problems.append(f"/{name}: option name {oname!r} is invalid")
        problems.extend(_localization_problems(opt, f"/{name} {oname}"))
        if oname in names:
            problems.append(f"/{name}: duplicate option {oname!r}")
        names.add(oname)
        if not 1 <= len(str(opt.get("description", ""))) <= 100:
            problems.append(f"/{name} {oname}: description must be 1-100 characters")
        if opt.get("required"):
            if seen_optional:
                problems.append(f"/{name}: required option {oname!r} after an optional one")
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        if len(choices) > 25:
            problems.append(f"/{name} {oname}: more than 25 choices")
        if choices and opt.get("autocomplete"):
            problems.append(f"/{name} {oname}: choices and autocomplete are exclusive")
        if opt.get("autocomplete") and opt.get("type") not in (3, 4, 10):
            problems.append(f"/{name} {oname}: autocomplete needs a string or number option")
        for choice in choices:
            if not 1 <= len(str(choice.get("name", ""))) <= 100 or len(str(choice.get("value", ""))) > 100:
                problems.append(f"/{name} {oname}: invalid choice {choice!r}")
            problems.extend(_localization_problems(choice, f"/{name} {oname} choice", described=False))
    return problems


def _embed_problems(embed: dict[str, Any], where: str) -> tuple[list[str], int]:
    problems: list[str] = []
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    fields = embed.get("fields") or []
    total = u16(title) + u16(description) + u16(footer)
    if u16(title) > 256:
        problems.append(f"{where}.title longer than 256")
    if u16(description) > 4096:
        problems.append(f"{where}.description longer than 4096")
    if u16(footer) > 2048:
        problems.append(f"{where}.footer longer than 2048")
    if len(fields) > 25:
        problems.append(f"{where}: more than 25 fields")
    for i, f in enumerate(fields):
        name, value = str(f.get("name") or ""), str(f.get("value") or "")
        total += u16(name) + u16(value)
        if not 1 <= u16(name) <= 256:
            problems.append(f"{where}.fields[{i}].name must be 1-256")
        if not 1 <= u16(value) <= 1024:
            problems.append(f"{where}.fields[{i}].value must be 1-1024")
    if not (title or description or fields):
        problems.append(f"{where} is empty")
    return problems, total


def _component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append("more than 5 component rows")
    ids: set[str] = set()
    for r, row in enumerate(rows):
        items = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(items) <= 5:
            problems.append(f"components[{r}] must be an action row of 1-5 items")
        if any(i.get("type") == 3 for i in items) and len(items) != 1:
            problems.append(f"components[{r}]: a select menu fills its row")
        for item in items:
            cid = item.get("custom_id")
            if item.get("type") in (2, 3) and item.get("style") != 5:
                if not isinstance(cid, str) or not 1 <= len(cid) <= 100:
                    problems.append(f"custom_id {cid!r} must be 1-100 characters")
                elif cid in ids:
                    problems.append(f"duplicate custom_id {cid!r}")
                ids.add(str(cid))
            if item.get("type") == 2 and len(str(item.get("label") or "")) > 80:
                problems.append("button label longer than 80")
            if item.get("type") == 3:
                options = item.get("options") or []
                if not 1 <= len(options) <= 25:
                    problems.append("a select menu needs 1-25 options")
                values = [o.get("value") for o in options]
                if len(set(values)) != len(values):
                    problems.append("duplicate select option values")
                for o in options:
                    if (
                        not 1 <= len(str(o.get("label", ""))) <= 100
                        or not 1 <= len(str(o.get("value", ""))) <= 100
                    ):
                        problems.append(f"invalid select option {o!r}")
                if len(str(item.get("placeholder") or "")) > 150:
                    problems.append("placeholder longer than 150")
    return problems


def message_problems(data: dict[str, Any], *, edit: bool = False) -> list[str]:
    """What Discord (and careerbot's no-ping policy) would reject in a message payload."""
    problems: list[str] = []
    content = data.get("content") or ""
    if u16(content) > 2000:
        problems.append("content longer than 2000")
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for i, embed in enumerate(embeds):
        found, size = _embed_problems(embed, f"embeds[{i}]")
        problems.extend(found)
        total += size
    if total > 6000:
        problems.append(f"embeds total {total} characters, more than 6000")
    problems.extend(_component_problems(data.get("components") or []))
    if not edit and not content and not embeds:
        problems.append("Cannot send an empty message")
    mentions = data.get("allowed_mentions")
    if (
        not isinstance(mentions, dict)
        or mentions.get("parse") != []
        or mentions.get("users")
        or mentions.get("roles")
    ):
        problems.append(f"allowed_mentions must be none (parse: []), got {mentions!r}")
    return problems
