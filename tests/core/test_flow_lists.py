"""Lifted flow lists: reading ``key: [a, b]`` without libyaml's nodes gives what libyaml gives.

:func:`bot.content.yamlfile.parse_yaml` reads the plain flow lists of a file itself (see
:mod:`bot.content.flowlists`); these tests hold it to the plain parse (``lift_lists=False``) and
to ``yaml.safe_load``: the same data, the same line for every key path, the same duplicate keys,
and the same error with the same line, on the shipped content, on tricky words and layouts, and
on generated files.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content import yamlfile
from bot.content.flowlists import lift
from bot.content.loader import bundled_content_dir, load_catalog
from bot.content.yamlfile import YamlReadError, parse_yaml
from bot.errors import ContentError

MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "content_min"
SHIPPED = sorted(bundled_content_dir().rglob("*.yaml"))


def outcome(text: str, lift_lists: bool) -> tuple[Any, ...]:
    """What parsing ``text`` gives: the document's three parts, or the error and its line."""
    try:
        doc = parse_yaml(text, lift_lists=lift_lists)
    except YamlReadError as exc:
        return ("error", exc.message, exc.line)
    return (doc.data, doc.lines, doc.duplicates)


def same_as_plain(text: str) -> tuple[Any, ...]:
    """Assert the lifted read of ``text`` is the plain read; return it."""
    lifted, plain = outcome(text, True), outcome(text, False)
    assert lifted == plain, text
    return lifted


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` on libyaml, as careerbot parses (the pure-Python parser differs from
    libyaml on a few odd layouts, such as a tab between flow items: that is not at stake here)."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


def as_safe_load(text: str, result: tuple[Any, ...]) -> None:
    """Assert ``result`` (without duplicate keys) is what :func:`safe_load` makes of ``text``."""
    if result[0] == "error":
        with pytest.raises(yaml.YAMLError):
            safe_load(text)
    elif not result[2]:  # of a duplicate key safe_load keeps the last value, careerbot the first
        assert result[0] == safe_load(text), text


def lifted_lists(text: str) -> int:
    """How many lists of ``text`` are lifted."""
    found = lift(text, yamlfile._Loader.yaml_implicit_resolvers, yamlfile._STR)
    return len(found.lists) if found is not None else 0


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(bundled_content_dir())))
def test_shipped_files_read_the_same_lifted_or_not(path: Path) -> None:
    """Every shipped file gives the same data, line map and duplicates either way, and its data
    is what ``yaml.safe_load`` gives."""
    text = path.read_text(encoding="utf-8")
    data, _, _ = same_as_plain(text)
    assert data == safe_load(text) == yaml.safe_load(text)


def test_every_shipped_cue_list_is_lifted_and_put_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every flow list of the shipped cue files is lifted, and none of those files falls back to
    the plain parse (the fast path is the one a content load takes)."""
    calls: list[bool] = []
    real = yamlfile._parse

    def counting(text: str, lifted: Any) -> Any:
        calls.append(lifted is not None)
        return real(text, lifted)

    monkeypatch.setattr(yamlfile, "_parse", counting)
    cue_files = [p for p in SHIPPED if p.name == "cues.yaml"]
    assert len(cue_files) == 3
    for path in cue_files:
        text = path.read_text(encoding="utf-8")
        assert lifted_lists(text) == text.count(": [") > 50
        calls.clear()
        parse_yaml(text)
        assert calls == [True], path


TRICKY_WORDS = [
    "yes", "no", "on", "off", "Yes", "NO", "On", "OFF", "y", "n", "Y", "N", "true", "False",
    "~", "null", "Null", "NULL", "12", "-3", "+4", "0x1f", "0o17", "017", "0b101", "1_000",
    "1e3", "1.5", "-1.5e+3", ".inf", "-.Inf", ".NaN", "6.8523015e+5", "190:20:30", "2001-01-01",
    "2001-12-14t21:59:43.10-05:00", "<<", "=", "!", "&", "*", '"no"', "'on'", '"a, b"', "'it''s'",
    '"tab\\t"', "don't", 'say "hi"', "c++", "a  b", "x-ray", "-x", "naïve", "зарплата", "工资",
    "nothing", "ontology", "yesterday", "offline", "true-ish", "1st", "3d", "2001-01-01x", "no way",
]  # fmt: skip


@pytest.mark.parametrize("word", TRICKY_WORDS)
def test_a_tricky_word_in_a_list_reads_as_safe_load_reads_it(word: str) -> None:
    """YAML 1.1 booleans, nulls, numbers, dates, merge and value keys, quoted and odd words:
    a list holding one reads as ``yaml.safe_load`` reads it, lifted or not, with the same lines."""
    text = f"a:\n  words: [first, {word},\n    last]\n  after: [plain, words]\n"
    result = same_as_plain(text)
    as_safe_load(text, result)
    if result[0] != "error":
        assert result[1][("a", "words", 2)] == 3
    block = f"value: {word}\nitems:\n  - {word}\n  - [{word}]\n"
    as_safe_load(block, same_as_plain(block))


def test_a_list_with_a_word_that_is_not_a_string_is_left_to_libyaml() -> None:
    """A list holding ``yes``, ``12`` or ``~`` is not lifted (libyaml makes a bool, int, None);
    the plain lists of the same file still are."""
    text = "a: [x, yes]\nb: [x, 12]\nc: [x, ~]\nd: [x, y]\ne: [x, 'yes']\n"
    assert lifted_lists(text) == 2
    data, _, _ = same_as_plain(text)
    assert data == {"a": ["x", True], "b": ["x", 12], "c": ["x", None], "d": ["x", "y"], "e": ["x", "yes"]}


ODD_LAYOUTS = [
    "k: [a, b]  # a comment\nl: [c]\n",
    "k: [a, b]# not a comment\n",
    "k: [a, b] extra\n",
    "k: [a, b,]\n",
    "k: [a, , b]\n",
    "k: [, a]\n",
    "k: []\n",
    "k: [ ]\n",
    "k: [[a, b], c]\n",
    "k: [a, [b]]\n",
    "k: [a,\nb]\n",
    "k: [a,\n  b\n]\n",
    "k: [\n  a, b\n  ]\nl: x\n",
    "k: [a\n  b]\n",
    "k: [a,\n---\n  b]\n",
    "k: [a,\n... b]\n",
    "k: [a, - b]\n",
    "k: [a, b: c]\n",
    "k: [a, b?]\n",
    "k: [a,\tb]\n",
    "k: [a, b\n",
    "k: [a, b]\n  more: text\n",
    "k: [a, b]\n  more text\nl: x\n",
    "k: [a, b]\n\n  # indented comment\nl: [c]\n",
    "k: [a  b]\n \t\nl: x\n",
    "k: [a, b]\t# tab\nl: x\n",
    "k: |\n  x: [a, b]\n  y\nl: [c]\n",
    "k: >-\n  x: [a, b]\nl: [c]\n",
    "k: 'x: [a, b]\n  y'\nl: [c]\n",
    'k: "x: [a, b]\n  y"\nl: [c]\n',
    "k: x\n  y: [a, b]\n",
    "base: &b\n  words: [a, b]\nother: *b\n",
    "base: &b\n  words: [a, b]\nother:\n  <<: *b\n  more: [c]\n",
    "base: &b\n  words: [a, b]\nother:\n  <<: *b\n",
    "base: &b\n  words: [a, b]\nother:\n  1: *b\n",
    'l: "\\x51careerbot-flow-list-0"\nk: |\n  x: [a, b]\n',
    "k: &w [a, b]\nl: *w\n",
    "k: !!seq [a, b]\n",
    "1: [a, b]\n2: [c]\n",
    "k: [a, b]\nk: [c, d]\nl: [e]\n",
    "m: {a: [x, y]\n  , b: z}\n",
    "m: {a: [x, y]\n  }\n",
    "- k: [a, b]\n- [c, d]\n- l: [e]\n",
    "? k\n: [a, b]\n",
    "k: [a, b]\r\nl: [c]\r\n",
    "k: [a, b]\u2028l: [c]\n",
    "k: [a,\u0085b]\n",
    "\ufeffk: [a, b]\nl: [c, d]\n",
    "k: [a, b]\nl: [c\x01]\n",
    "k: [a, Qcareerbot-flow-list-0]\n",
    "k: [a, b]\nl: Qcareerbot-flow-list-0\n",
    "k: [a, b]\n---\nl: [c]\n",
    "k:   [a,   b  ,c  ]   \nl:\n- [d]\n",
    "k: [\"a\", 'b', \"c d\", 'e,f']\n",
    'k: ["a", \'b\', "c d", " e ", \'\\\', "\'"]\n',
    "k: [a, b]\nl: [c, d]\nbad: [e\n",
    "k: [a, b]\n  - x\n",
    "k: [a, b]\nl: : x\n",
]


@pytest.mark.parametrize("text", ODD_LAYOUTS)
def test_odd_layouts_read_as_written(text: str) -> None:
    """Comments, trailing commas, nested or empty lists, lists inside block or quoted scalars,
    anchors, aliases and merge keys, explicit tags, non-string keys, duplicate keys, flow mappings,
    other line breaks, a BOM, control characters, a placeholder-looking word, several documents
    and broken YAML: the lifted read gives the plain read's document or error, with its line."""
    as_safe_load(text, same_as_plain(text))


FRAGMENTS = [
    "{i}: [{w}]",
    "{i}: [{w}, {w}]",
    "{i}: [{w},\n{s}{w}, {w}]",
    "{i}: [\n{s}{w}, {w}\n{s}]",
    "{i}: [{w}, {w}]  # note",
    "{i}: {w}",
    "{i}:\n{s}- {w}\n{s}- [{w}, {w}]",
    "{i}:\n{s}sub: [{w}, {w}]",
    "{i}: |\n{s}{w}: [{w}, {w}]",
    "{i}: &a{i} [{w}, {w}]",
    "{i}: *a{i}",
    "{i}: '{w}: [{w}]'",
    "# {w}: [{w}]",
    "{i}: [{w}, {w}",
    "{i}: [{w}\n{w}]",
]
WORDS = ["a", "b c", "no", "on", "12", "~", "x-y", "'q'", '"dq"', "-z", "é", "дом", "", "k:v", "t?", "&x"]


def test_generated_files_read_as_written() -> None:
    """Files made of random list, scalar, block-scalar, anchor and broken fragments read the
    same lifted or not (document or error and line), and as ``yaml.safe_load`` reads them."""
    rng = random.Random(20260101)
    for _ in range(400):
        parts = []
        for i in range(rng.randint(1, 6)):
            fragment = rng.choice(FRAGMENTS)
            while "{w}" in fragment:
                fragment = fragment.replace("{w}", rng.choice(WORDS), 1)
            parts.append(fragment.format(i=f"k{i}", s=" " * rng.choice((0, 2, 4))))
        text = "\n".join(parts) + rng.choice(("\n", "", "\n\n"))
        as_safe_load(text, same_as_plain(text))


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    return folder


def test_a_problem_inside_a_lifted_list_names_its_line(tmp_path: Path) -> None:
    """A duplicate cue word on the third line of a multi-line flow list is reported on that line,
    with its key path, as the plain parse would locate it."""
    folder = _copy(tmp_path)
    path = folder / "cues.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      make per year, how much do,"
    assert old in text
    text = text.replace(old, "      make per year, earn, how much do,", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "make per year, earn" in row)
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    found = [p for p in caught.value.problems if "duplicate cue 'earn'" in p.message]
    assert [(p.file, p.line) for p in found] == [("cues.yaml", line)]
    assert found[0].path.startswith("cues.intents.salary[")
    plain = parse_yaml(text, lift_lists=False)
    index = int(found[0].path.rsplit("[", 1)[1].rstrip("]"))
    assert plain.line_of(("cues", "intents", "salary", index)) == line


def test_a_duplicate_key_beside_lifted_lists_is_reported(tmp_path: Path) -> None:
    """A key repeated in the mapping of lifted lists is still a duplicate key, on its own line."""
    folder = _copy(tmp_path)
    path = folder / "cues.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    pay_verb: [make, making, take home, bring home, how much]\n"
    assert old in text
    text = text.replace(old, old + "    pay_verb: [earn]\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    pay_verb: [earn]") + 1
    with pytest.raises(ContentError) as caught:
        load_catalog(folder)
    assert [(p.file, p.line, p.path) for p in caught.value.problems if "duplicate key" in p.message] == [
        ("cues.yaml", line, "cues.intents.pay_verb")
    ]


def test_broken_yaml_after_a_lifted_list_names_libyamls_line(tmp_path: Path) -> None:
    """A syntax error below the flow lists is reported with libyaml's own message and line."""
    folder = _copy(tmp_path)
    path = folder / "cues.yaml"
    text = path.read_text(encoding="utf-8") + "  broken: [a, b\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlReadError) as lifted:
        yamlfile.read_yaml(path)
    with pytest.raises(YamlReadError) as plain:
        parse_yaml(text, lift_lists=False)
    assert (lifted.value.message, lifted.value.line) == (plain.value.message, plain.value.line)
    assert lifted.value.line is not None
