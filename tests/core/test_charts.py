"""The pictures replies carry (bot/handlers/charts.py), built from the fixture catalog's content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Core
from bot.flows.checklist import roadmap_with_checklist
from bot.flows.quiz import QuizState, current
from bot.handlers.charts import MAX_BARS, MAX_LABEL, chart_warnings, roadmap_chart, salary_chart
from bot.handlers.guidance import roadmap_order
from bot.i18n.formatting import region_name
from bot.pictures import RoadmapChart, SalaryChart
from bot.store.base import Checklist
from tests.content import FIXTURE_CONTENT, FIXTURE_RANGES
from tests.multilingual import in_language, write_multilingual
from tests.quizdata import LANGUAGE_ANSWERS
from tests.talk import reply_to


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_multilingual(folder)
    return folder


def _edit(path: Path, top: str, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data[top])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _add_careers(folder: Path, count: int, name: str = "Added Role") -> None:
    """Append ``count`` careers to careers.yaml: copies of the first one with new ids, names and
    ranges (300,000 to 400,000 and up), linked back from its skills and examples."""
    ids = [f"added-role-{n}" for n in range(count)]
    careers = yaml.safe_load((folder / "careers.yaml").read_text(encoding="utf-8"))["careers"]
    first = careers[0]

    def add(items: list[dict[str, object]]) -> None:
        for n, ident in enumerate(ids):
            label = f"{name} {n}" if count > 1 else name
            salary = {**first["salary"], "low": 300000 + n, "high": 400000 + n}
            items.append({**first, "id": ident, "name": label, "aliases": [], "salary": salary})

    def link(kind: str) -> Callable[[Any], None]:
        def change(items: list[dict[str, list[str]]]) -> None:
            for item in items:
                if item["id"] in first[kind]:
                    item["careers"] = [*item.get("careers", []), *ids]

        return change

    _edit(folder / "careers.yaml", "careers", add)
    _edit(folder / "skills.yaml", "skills", link("skills"))
    _edit(folder / "examples.yaml", "examples", link("examples"))


def test_salary_chart_has_every_role_sorted_by_the_top_of_its_range(catalog: Catalog) -> None:
    """Every career is a bar labelled with its name, its figures in the catalog's money format,
    sorted by the top of the range (highest first), nothing highlighted."""
    chart = salary_chart(catalog)
    assert {b.label for b in chart.bars} == {c.name for c in catalog.careers.values()}
    highs = [b.high for b in chart.bars]
    assert highs == sorted(highs, reverse=True)
    for bar in chart.bars:
        if bar.label in FIXTURE_RANGES:
            assert f"{bar.low_text} to {bar.high_text}" == FIXTURE_RANGES[bar.label]
    assert not any(b.highlight for b in chart.bars)
    assert chart.language == "en"


def test_caption_names_the_source_and_every_caveat_and_alt_the_extremes(catalog: Catalog) -> None:
    """The caption says where the figures are from (region, currency) and carries each of the
    content's salary caveats; the alt text names the best and the worst paid role with their ranges."""
    chart = salary_chart(catalog)
    assert "US" in chart.caption
    assert "USD" in chart.caption
    for caveat in catalog.guidance.salary_notes.caveats:
        assert caveat in chart.caption
    assert chart.bars[0].label in chart.alt
    assert chart.bars[-1].label in chart.alt
    assert f"{chart.bars[0].low_text} to {chart.bars[0].high_text}" in chart.alt
    assert chart.title == catalog.phrases.salary_title.format(region="US")


def test_a_career_added_to_the_yaml_appears_on_the_chart(tmp_path: Path) -> None:
    """Nothing about the roles is hard-coded: a career added to careers.yaml is a bar (here the
    best paid one, so first), with its own figures."""
    folder = _copy(tmp_path)
    _add_careers(folder, 1, "Quantum Prompt Gardener")
    chart = salary_chart(load_catalog(folder))
    assert chart.bars[0].label == "Quantum Prompt Gardener"
    assert (chart.bars[0].low_text, chart.bars[0].high_text) == ("$300,000", "$400,000")
    assert len(chart.bars) == len(load_catalog(FIXTURE_CONTENT).careers) + 1


def test_highlight_and_subset(catalog: Catalog) -> None:
    """``highlight`` marks roles among all the others (and says so in the alt text); ``only``
    keeps just those roles; an ``only`` naming no known role falls back to every role."""
    marked = salary_chart(catalog, highlight=("data-analyst",))
    assert [b.label for b in marked.bars if b.highlight] == ["Data Analyst"]
    assert len(marked.bars) == len(catalog.careers)
    assert "Data Analyst" in marked.alt.rsplit(".", 2)[-2]
    few = salary_chart(catalog, only=("data-analyst", "vision-engineer"))
    assert [b.label for b in few.bars] == ["Vision Engineer", "Data Analyst"]
    one = salary_chart(catalog, only=("vision-engineer",))
    assert one.alt == catalog.phrases.chart_salary_alt_one.format(
        name="Vision Engineer", range=FIXTURE_RANGES["Vision Engineer"] + " a year"
    )
    assert len(salary_chart(catalog, only=("no-such-role",)).bars) == len(catalog.careers)


def test_charts_in_russian_and_spanish(tmp_path: Path) -> None:
    """In Russian and Spanish the labels are the translated career names, the figures the
    language's money format, the region its CLDR name, the title and alt text the language's phrases."""
    catalog = load_catalog(_copy(tmp_path))
    for lang in ("ru", "es"):
        local = in_language(catalog, lang)
        chart = salary_chart(local)
        assert chart.language == lang
        assert {b.label for b in chart.bars} == {c.name for c in local.careers.values()}
        bar = next(b for b in chart.bars if b.label == local.careers["vision-engineer"].name)
        assert bar.low_text == local.money(111000, "USD") != "$111,000"
        assert chart.title == local.phrases.salary_title.format(region=region_name("US", lang))
        assert region_name("US", lang) != "US"
        assert chart.alt.startswith(local.phrases.chart_salary_alt.split("{")[0])
    ru = in_language(catalog, "ru")
    assert "Инженер компьютерного зрения" in {b.label for b in salary_chart(ru).bars}
    road = roadmap_chart(ru, ru.careers["vision-engineer"], roadmap_order(ru, ru.careers["vision-engineer"]))
    assert road.stages[0].label == ru.phrases.path_step_education
    assert road.title == ru.phrases.path_title.format(name="Инженер компьютерного зрения")


def test_roadmap_chart_stages(catalog: Catalog) -> None:
    """Four stages: the foundation (the education's maths, then programming), the role's skills in
    roadmap order, the ways to get experience, the role and its pay; no marks without a checklist."""
    career = catalog.careers["language-engineer"]
    chart = roadmap_chart(catalog, career, roadmap_order(catalog, career))
    foundation, skills, experience, target = chart.stages
    assert foundation.items == (*catalog.guidance.education.maths, catalog.phrases.education_programming)
    assert skills.items == tuple(catalog.skills[s].name for s in roadmap_order(catalog, career))
    assert experience.items == catalog.guidance.experience.ways
    assert target.items == (career.name, "US: " + FIXTURE_RANGES["Language Engineer"] + " a year")
    assert all(stage.done == () for stage in chart.stages)
    assert career.name in chart.alt
    assert FIXTURE_RANGES["Language Engineer"] in chart.alt


def test_roadmap_chart_carries_checklist_marks(catalog: Catalog) -> None:
    """With marks, the skills stage has one done flag per skill (true for the marked ones) and the
    alt text counts them; an empty checklist means no flags at all."""
    career = catalog.careers["language-engineer"]
    order = roadmap_order(catalog, career)
    chart = roadmap_chart(catalog, career, order, {order[1]})
    assert chart.stages[1].done == tuple(i == 1 for i in range(len(order)))
    assert (
        catalog.phrases.chart_roadmap_marks.format(
            have="1", skills=catalog.plural(catalog.phrases.progress_skills, len(order))
        )
        in chart.alt
    )
    assert roadmap_chart(catalog, career, order, set()).stages[1].done == ()


def test_replies_carry_their_pictures(core: Core, catalog: Catalog) -> None:
    """/salary shows every role; /salary ROLE highlights it; /compare highlights the pair among all
    roles; a ranking shows the ranked roles; /path the role's roadmap.  The text stands alone."""
    overview = reply_to(core, "/salary")
    assert overview is not None
    assert isinstance(overview.picture, SalaryChart)
    assert len(overview.picture.bars) == len(catalog.careers)
    assert not any(b.highlight for b in overview.picture.bars)
    one = reply_to(core, "/salary vision engineer")
    assert one is not None
    assert isinstance(one.picture, SalaryChart)
    assert [b.label for b in one.picture.bars if b.highlight] == ["Vision Engineer"]
    pair = reply_to(core, "/compare vision engineer vs data analyst")
    assert pair is not None
    assert isinstance(pair.picture, SalaryChart)
    assert {b.label for b in pair.picture.bars if b.highlight} == {"Vision Engineer", "Data Analyst"}
    assert len(pair.picture.bars) == len(catalog.careers)
    ranking = reply_to(core, "which role pays the most?")
    assert ranking is not None
    assert ranking.meaning.intent == "ranking"
    assert isinstance(ranking.picture, SalaryChart)
    assert [b.label for b in ranking.picture.bars if b.highlight] == [ranking.picture.bars[0].label]
    road = reply_to(core, "/path vision engineer")
    assert road is not None
    assert isinstance(road.picture, RoadmapChart)
    assert road.picture.stages[-1].items[0] == "Vision Engineer"
    assert "Vision Engineer" in road.text()


def test_quiz_result_shows_the_matched_roles(catalog: Catalog) -> None:
    """The quiz result's chart has exactly the roles it shows as matches."""
    answers = tuple(
        next(a.id for a in q.answers if a.label.startswith(prefix))
        for q, prefix in zip(catalog.quiz.questions, LANGUAGE_ANSWERS, strict=True)
    )
    result = current(catalog, QuizState(3, answers, live=True))
    assert result.title == catalog.phrases.quiz_result_title
    assert isinstance(result.picture, SalaryChart)
    shown = [c.name for c in catalog.careers.values() if f"{c.name} (" in result.text()]
    assert sorted(b.label for b in result.picture.bars) == sorted(shown)
    assert "Language Engineer" in shown


def test_path_with_checklist_marks(catalog: Catalog) -> None:
    """/path with the user's marks draws them on the roadmap; without marks it has none."""
    career = catalog.careers["vision-engineer"]
    order = roadmap_order(catalog, career)
    marked = roadmap_with_checklist(catalog, career, Checklist(frozenset({order[0]}), (career.id,)))
    assert isinstance(marked.picture, RoadmapChart)
    assert marked.picture.stages[1].done[0] is True
    assert not any(marked.picture.stages[1].done[1:])
    plain = roadmap_with_checklist(catalog, career, Checklist(frozenset(), ()))
    assert isinstance(plain.picture, RoadmapChart)
    assert plain.picture.stages[1].done == ()


def test_a_reload_makes_a_new_picture(tmp_path: Path, catalog: Catalog) -> None:
    """Equal content builds equal (same-hash) pictures; a changed figure builds a different one,
    so the renderers' cache draws it anew."""
    folder = _copy(tmp_path)
    assert salary_chart(load_catalog(folder)) == salary_chart(catalog)
    assert hash(salary_chart(load_catalog(folder))) == hash(salary_chart(catalog))
    path = folder / "careers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("high: 143000", "high: 144000"), "utf-8")
    assert salary_chart(load_catalog(folder)) != salary_chart(catalog)


def test_chart_warnings(tmp_path: Path, catalog: Catalog) -> None:
    """No warning for the fixture catalog; more than 12 roles, or a name too long for one line of a
    chart, is one warning each, naming the file and the count or the career."""
    assert chart_warnings(catalog) == []
    folder = _copy(tmp_path)
    _add_careers(folder, MAX_BARS + 1 - len(catalog.careers))
    crowded = chart_warnings(load_catalog(folder))
    assert len(crowded) == 1
    assert f"{MAX_BARS + 1} careers" in crowded[0]
    assert crowded[0].startswith("careers.yaml:")
    long_folder = _copy(tmp_path / "long")
    _add_careers(long_folder, 1, "A" * (MAX_LABEL + 1))
    long = chart_warnings(load_catalog(long_folder))
    assert len(long) == 1
    assert "careers.added-role-0.name" in long[0]


def test_a_chart_of_many_roles_shows_the_best_paid_and_keeps_the_highlight(tmp_path: Path) -> None:
    """With more roles than a chart holds, it shows the MAX_BARS best paid, sorted, and a highlighted
    role outside them is kept among them (the text still lists every role)."""
    from bot.handlers.charts import MAX_BARS
    from tests.synthetic import write_synthetic

    big = load_catalog(write_synthetic(tmp_path / "big", 4, FIXTURE_CONTENT))
    assert len(big.careers) > MAX_BARS
    chart = salary_chart(big)
    assert len(chart.bars) == MAX_BARS
    assert [b.high for b in chart.bars] == sorted((b.high for b in chart.bars), reverse=True)
    lowest = min(big.careers.values(), key=lambda c: (c.salary.high, c.salary.low))
    marked = salary_chart(big, highlight=(lowest.id,))
    assert len(marked.bars) == MAX_BARS
    assert [b.label for b in marked.bars if b.highlight] == [lowest.name]
