"""The cost of answering in Spanish and Russian, against English in the same run; prints one JSON line.

On the shipped content (``bench/core.py`` adds these figures to its own line):

* commands: the p99 of every command, bare and with an argument named in the language (the
  role's, skill's and application's translated names), for a request whose platform tag is
  ``es`` / ``ru``, against the same command in English; the three languages are measured in
  interleaved rounds (median of the rounds' p99s), so machine noise hits them alike.  Judged:
  the sum of the commands' p99s against English's (one command's p99 moves by a third from run
  to run on a shared machine, both ways); the worst command's p99 against English's worst is
  reported too;
* ask: 200 varied questions written in each language (the same templates, translated, about the
  same entities by their translated names, every fifth with a typo), each asked five times per
  round, interleaved; the median of the rounds' p99s against English's;
* load: content load + validation with both translations (the shipped folder) against the same
  folder without ``locales/`` (English only), median of several loads, interleaved; and the same
  load with a warm parse cache (``CONTENT_CACHE``: a restart or a reload where no file changed
  parses nothing but still validates everything).

All with the reply cache off, as bench/core.py judges.  Target: every ratio to English <= 1.10,
and load + validation with both translations < 50 ms.

Usage: ``python bench/languages.py``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.commands import default_table  # noqa: E402
from bot.content.catalog import Catalog  # noqa: E402
from bot.content.loader import bundled_content_dir, load_catalog  # noqa: E402
from bot.content.parsecache import ParseCache  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.request import Request  # noqa: E402

LANGUAGES = ("en", "es", "ru")
TEMPLATES = {
    "en": [
        "how much does a {career} earn?",
        "what does a {career} do",
        "what skills does a {career} need",
        "do I need {skill}?",
        "where do I start with {skill}",
        "how is deep learning used in {domain}?",
        "tell me about {example}",
        "what maths do I need?",
        "how do I get experience",
        "qwerty asdf {skill}zz",
    ],
    "es": [
        "¿cuánto gana un {career}?",
        "¿qué hace un {career}?",
        "¿qué habilidades necesita un {career}?",
        "¿necesito {skill}?",
        "¿por dónde empiezo con {skill}?",
        "¿cómo se usa el aprendizaje profundo en {domain}?",
        "háblame de {example}",
        "¿qué matemáticas necesito?",
        "¿cómo consigo experiencia?",
        "qwerty asdf {skill}zz",
    ],
    "ru": [
        "сколько зарабатывает {career}?",
        "чем занимается {career}",
        "какие навыки нужны: {career}",
        "нужен ли мне {skill}?",
        "с чего начать {skill}",
        "как глубокое обучение используется в {domain}?",
        "расскажи про {example}",
        "какая математика нужна?",
        "как получить опыт",
        "йцукен фыва {skill}зз",
    ],
}
"""The same ten questions in each language (bench/core.py's have more kinds; these compare)."""
ROUNDS = 7
ASK_REPEAT = 5
"""Each round asks the 200 questions this many times per language: a p99 over 1,000 answers, not
400, so that its 10th-slowest answer (not its 4th) sets it and one stray pause moves it less."""


def typo(word: str, rng: random.Random) -> str:
    """Drop one letter of a longer word, like a hurried typist."""
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def questions(catalog: Catalog, lang: str, count: int = 200, seed: int = 7) -> list[str]:
    """``count`` questions in ``lang`` about the entities of ``catalog`` (in that language); the same
    seed picks the same entities and typos in every language."""
    rng = random.Random(seed)
    careers = [c.name for c in catalog.careers.values()]
    skills = [s.name for s in catalog.skills.values()]
    examples = [e.name for e in catalog.examples.values()]
    domains = [d for e in catalog.examples.values() for d in e.domains]
    templates = TEMPLATES[lang]
    out = []
    for i in range(count):
        picks = dict(
            career=rng.choice(careers).lower(),
            skill=rng.choice(skills).lower(),
            example=rng.choice(examples).lower(),
            domain=rng.choice(domains),
        )
        text = templates[i % len(templates)].format(**picks)
        if i % 5 == 0:
            text = " ".join(typo(w, rng) for w in text.split())
        out.append(text)
    return out


def p99(samples: list[float]) -> float:
    """The 99th percentile in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


async def seconds(core: Core, requests: list[Request], repeat: int) -> list[float]:
    """Each answer's seconds, ``repeat`` times over ``requests``."""
    out = []
    for _ in range(repeat):
        for request in requests:
            start = time.perf_counter()
            await core.respond(request)
            out.append(time.perf_counter() - start)
    return out


async def interleaved(core: Core, requests: dict[str, list[Request]], repeat: int) -> dict[str, list[float]]:
    """Each answer's seconds by language, the languages taking turns request by request (the
    i-th request of each language one after the other, who goes first rotating), so noise
    falls on all of them alike."""
    out: dict[str, list[float]] = {lang: [] for lang in requests}
    turn = 0
    for _ in range(repeat):
        for same in zip(*requests.values(), strict=True):
            pairs = list(zip(requests, same, strict=True))
            turn += 1
            for lang, request in pairs[turn % len(pairs) :] + pairs[: turn % len(pairs)]:
                start = time.perf_counter()
                await core.respond(request)
                out[lang].append(time.perf_counter() - start)
    return out


def command_requests(catalog: Catalog, lang: str) -> dict[str, Request]:
    """Every command bare and with an argument named in ``lang``, by label."""
    local = catalog.for_language(lang)
    career = next(iter(local.careers.values())).name
    arguments = {
        "careers": career,
        "salary": career.lower(),
        "path": career,
        "skills": next(iter(local.skills.values())).name,
        "examples": next(iter(local.examples.values())).name,
        "help": "salary",
        "compare": f"{career} vs {list(local.careers.values())[-1].name}",
    }
    out: dict[str, Request] = {}
    for spec in default_table():
        if spec.name == "ask":
            continue
        for arg in ("", arguments.get(spec.name, "")):
            label = f"{spec.name} {'<arg>' if arg else ''}".strip()
            out.setdefault(label, Request.command_of(spec.name, arg, language=lang))
    return out


async def answering(catalog: Catalog, repeat: int = 200) -> dict[str, object]:
    """Command and ask p99 per language, and each one's ratio to English."""
    core = Core(catalog, reply_cache=0)
    by_lang = {lang: command_requests(catalog, lang) for lang in LANGUAGES}
    asked = {
        lang: [
            Request.command_of("ask", q, language=lang) for q in questions(catalog.for_language(lang), lang)
        ]
        for lang in LANGUAGES
    }
    for lang in LANGUAGES:  # warm-up: Babel's data, the speller, the search indexes
        await seconds(core, [*by_lang[lang].values(), *asked[lang]], 1)
    rounds: dict[str, dict[str, list[float]]] = {lang: {} for lang in LANGUAGES}
    ask_rounds: dict[str, list[float]] = {lang: [] for lang in LANGUAGES}
    for _ in range(ROUNDS):
        for label in by_lang["en"]:
            taken = await interleaved(core, {lang: [by_lang[lang][label]] for lang in LANGUAGES}, repeat)
            for lang, samples in taken.items():
                rounds[lang].setdefault(label, []).append(p99(samples))
        for lang, samples in (await interleaved(core, asked, ASK_REPEAT)).items():
            ask_rounds[lang].append(p99(samples))
    commands = {
        lang: {label: round(statistics.median(v), 4) for label, v in samples.items()}
        for lang, samples in rounds.items()
    }
    worst = {lang: max(commands[lang].values()) for lang in LANGUAGES}
    ask = {lang: round(statistics.median(ask_rounds[lang]), 4) for lang in LANGUAGES}
    total = {lang: sum(commands[lang].values()) for lang in LANGUAGES}
    return {
        "command_p99_worst_ms": worst,
        "command_p99_worst_ratio_to_en": {lang: round(worst[lang] / worst["en"], 3) for lang in ("es", "ru")},
        "command_p99_sum_ratio_to_en": {lang: round(total[lang] / total["en"], 3) for lang in ("es", "ru")},
        "command_p99_ms": commands,
        "ask_p99_ms": ask,
        "ask_p99_ratio_to_en": {lang: round(ask[lang] / ask["en"], 3) for lang in ("es", "ru")},
    }


def loading(folder: Path, repeat: int = 9) -> dict[str, float]:
    """Load + validate with both translations against English only, interleaved.

    Three loads per round: with the translations and no parse cache (every file parsed, as on a
    first start or after editing every file), with the translations and a warm parse cache (a
    restart or reload with unchanged files: nothing parsed, everything validated), and English
    only without a cache (the baseline).
    """
    with tempfile.TemporaryDirectory() as tmp:
        english = Path(tmp) / "content"
        shutil.copytree(folder, english, ignore=shutil.ignore_patterns("locales"))
        cache = ParseCache(Path(tmp) / "cache")
        runs: dict[str, tuple[Path, ParseCache | None, list[float]]] = {
            "cold": (folder, None, []),
            "cached": (folder, cache, []),
            "english": (english, None, []),
        }
        for path, parsed, _ in runs.values():
            load_catalog(path, parsed)
        for _ in range(repeat):
            for path, parsed, samples in runs.values():
                start = time.perf_counter()
                load_catalog(path, parsed)
                samples.append(time.perf_counter() - start)
    cold, cached, en = (statistics.median(samples) * 1000 for _, _, samples in runs.values())
    return {
        "load_validate_with_es_ru_ms": round(cold, 2),
        "load_validate_with_es_ru_parse_cached_ms": round(cached, 2),
        "load_validate_english_only_ms": round(en, 2),
        "load_ratio_to_english_only": round(cold / en, 2),
        "load_parse_cached_ratio_to_english_only": round(cached / en, 2),
        "load_parse_cached_ratio_to_uncached": round(cached / cold, 2),
    }


def measure(folder: Path | None = None) -> dict[str, object]:
    """Every figure of this bench for ``folder`` (default: the shipped content)."""
    folder = folder or bundled_content_dir()
    gc.collect()
    loads = loading(folder)
    figures = asyncio.run(answering(load_catalog(folder)))
    ratios = [
        *figures["command_p99_sum_ratio_to_en"].values(),  # type: ignore[attr-defined]
        *figures["ask_p99_ratio_to_en"].values(),  # type: ignore[attr-defined]
    ]
    return {
        **figures,
        **loads,
        "targets": {
            "p99_within_10pct_of_en": all(r <= 1.10 for r in ratios),
            "load_validate_with_translations_under_50ms": loads["load_validate_with_es_ru_ms"] < 50.0,
            "load_validate_with_translations_parse_cached_under_50ms": (
                loads["load_validate_with_es_ru_parse_cached_ms"] < 50.0
            ),
        },
    }


def main() -> None:
    """Measure the shipped content and print one JSON line."""
    print(json.dumps({"bench": "languages", **measure()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
