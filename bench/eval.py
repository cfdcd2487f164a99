"""Evaluation of free-text understanding on the labelled question set; prints one JSON line.

Every case of ``bench/eval/dev.yaml`` to ``dev23.yaml`` (the
parts tuned on) and ``bench/eval/test.yaml`` to ``test17.yaml`` (held out: never
tuned on, their failures are never printed) goes through the one entry point, ``Core.respond``, with an
in-memory store so conversations keep their context, exactly as a chat
would.  A reply is right when its meaning has the expected intent, every
expected topic, every expected fact in its text and, for personal
situations, a checklist button for every skill the person said they have.

Reported per part: accuracy overall and per category (conversations per turn
and per whole conversation), and the count of confident wrong answers to
out-of-scope questions (a question whose honest answer is a limit, a
clarifying question or "not sure", answered instead as if the content held
the answer).

Usage: ``python bench/eval.py`` (or ``make eval``); ``--failures`` also
prints the tuned parts' failures, one per line, for tuning.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.content.catalog import Catalog  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.flows.service import StateService  # noqa: E402
from bot.payloads import ChecklistMark  # noqa: E402
from bot.phrases import EN  # noqa: E402
from bot.replies import Fields, Reply, plain_text  # noqa: E402
from bot.request import Request  # noqa: E402
from bot.store import MemoryStore  # noqa: E402

TUNED = (
    *("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10"),
    *("dev11", "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21"),
    *("dev22", "dev23"),
)
"""The parts tuned on; the held-out parts' failures are never printed."""
HELD_OUT = (
    *("test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10"),
    *("test11", "test12", "test13", "test14", "test15", "test16", "test17"),
)
"""The parts never tuned on (the targets are judged on them, together)."""
HONEST = frozenset({"limit_role", "limit_scope", "limit_region", "clarify", "unsure"})
"""Intents whose expected answer is an honest limit: answering anything else is a confident wrong answer."""
NO_TOPIC = frozenset({"limit_role", "limit_scope", "clarify", "unsure"})


def text_of(case: dict[str, Any]) -> str:
    """The message of a case or turn (``text_repeat`` builds long spam)."""
    if "text_repeat" in case:
        repeat = case["text_repeat"]
        return str(repeat["unit"]) * int(repeat["times"])
    return str(case["text"])


def covered_skills(reply: Reply, catalog: Catalog) -> set[str]:
    """The skills the reply shows as ones the person has: a checklist button that marks them, or
    their name in the reply's "you already have" field."""
    shown = ""
    for block in reply.blocks:
        if isinstance(block, Fields):
            shown += " ".join(plain_text(f.value) for f in block.items if f.name == EN.personal_covered)
    named = {f"skill:{s.id}" for s in catalog.skills.values() if s.name in shown}
    return named | marked_skills(reply)


def marked_skills(reply: Reply) -> set[str]:
    """The skills the reply offers to tick as had (checklist buttons that mark)."""
    out = set()
    for button in reply.buttons:
        if button.action.command == "mark":
            payload = ChecklistMark.unpack(button.action.argument)
            if payload is not None and payload.have:
                out.add(f"skill:{payload.skill}")
    return out


def judge(reply: Reply, expect: dict[str, Any], catalog: Catalog) -> list[str]:
    """What is wrong with ``reply`` (empty when right)."""
    problems = []
    meaning = reply.meaning
    if meaning.intent != expect["intent"]:
        problems.append(f"intent {meaning.intent!r} != {expect['intent']!r}")
    wanted = set(expect.get("topics") or [])
    missing = wanted - set(meaning.topics)
    if missing:
        problems.append(f"topics {list(meaning.topics)} lack {sorted(missing)}")
    if expect["intent"] in NO_TOPIC and meaning.topics:
        problems.append(f"topics {list(meaning.topics)} where none are known")
    text = reply.text()
    for fact in expect.get("facts") or []:
        if fact not in text:
            problems.append(f"fact {fact!r} missing")
    lacking = set(expect.get("covered") or []) - covered_skills(reply, catalog)
    if lacking:
        problems.append(f"covered lacks {sorted(lacking)}")
    return problems


async def run_part(core: Core, name: str, data: dict[str, Any], failures: list[str]) -> dict[str, Any]:
    """Accuracy of one part of the set."""
    right: dict[str, list[bool]] = defaultdict(list)
    confident_wrong = 0
    honest_cases = 0

    async def ask(user: str, text: str) -> Reply:
        request = Request.from_text(text, platform="console", user_id=user, conversation=user)
        assert request is not None
        return await core.respond(request)

    for case in data.get("cases", []):
        reply = await ask(f"{name}-{case['id']}", text_of(case))
        problems = judge(reply, case["expect"], core.catalog)
        right[case["category"]].append(not problems)
        if case["expect"]["intent"] in HONEST:
            honest_cases += 1
            confident_wrong += reply.meaning.intent not in HONEST
        if problems:
            failures.append(
                f"{case['id']} [{case['category']}] {text_of(case)[:90]!r}: {'; '.join(problems)}"
            )
    whole: list[bool] = []
    for conversation in data.get("conversations", []):
        turns_right = []
        for number, turn in enumerate(conversation["turns"], 1):
            reply = await ask(f"{name}-{conversation['id']}", text_of(turn))
            problems = judge(reply, turn["expect"], core.catalog)
            turns_right.append(not problems)
            if problems:
                failures.append(
                    f"{conversation['id']}#{number} {text_of(turn)[:90]!r}: {'; '.join(problems)}"
                )
        right[conversation.get("category", "followup")].extend(turns_right)
        whole.append(all(turns_right))
    every = [ok for oks in right.values() for ok in oks]
    return {
        "accuracy": round(sum(every) / max(len(every), 1), 4),
        "answers": len(every),
        "by_category": {c: round(sum(v) / len(v), 3) for c, v in sorted(right.items())},
        "conversations_fully_right": round(sum(whole) / max(len(whole), 1), 3),
        "out_of_scope_questions": honest_cases,
        "confident_wrong_out_of_scope": confident_wrong,
    }


async def main_async(show_failures: bool) -> dict[str, Any]:
    catalog = load_catalog()
    result: dict[str, Any] = {"bench": "eval", "content": catalog.version}
    for part in (*TUNED, *HELD_OUT):
        data = yaml.safe_load((ROOT / "bench" / "eval" / f"{part}.yaml").read_text(encoding="utf-8"))
        core = Core(catalog, state=StateService(MemoryStore()))
        failures: list[str] = []
        result[part] = await run_part(core, part, data, failures)
        if show_failures and part in TUNED:
            for failure in failures:
                print(failure, file=sys.stderr)
    answers = sum(result[p]["answers"] for p in HELD_OUT)
    right = sum(result[p]["accuracy"] * result[p]["answers"] for p in HELD_OUT)
    wrong = sum(result[p]["confident_wrong_out_of_scope"] for p in HELD_OUT)
    result["held_out"] = {"accuracy": round(right / max(answers, 1), 4), "answers": answers}
    result["held_out"]["confident_wrong_out_of_scope"] = wrong
    result["targets"] = {
        "held_out_accuracy_at_least_0_95": result["held_out"]["accuracy"] >= 0.95,
        "zero_confident_wrong_out_of_scope": wrong == 0,
    }
    return result


def main() -> None:
    """Run both parts and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="print the tuned parts' failures to stderr")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args.failures))))


if __name__ == "__main__":
    main()
