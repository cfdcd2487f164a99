"""The shipped content (content/): valid, and every fact and figure of the seed article present.

This is the one module that fails when an admin edits content/: every other test runs on the
fixture catalog (tests/fixtures/catalog, see tests/content.py).  Each test names the fact it
checks, so a failure here says which statement of the seed article an edit dropped or changed.
The seed's figures are copied here as literals (the seed file is not read at test time).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.content.models import Career, Example, Skill

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_CONTENT = ROOT / "content"

SEED_EXAMPLES = (
    "Image Classification",
    "Object Detection",
    "Natural Language Processing",
    "Speech Recognition",
    "Generative Models",
    "Self-Driving Cars",
    "Recommender Systems",
    "Medical Imaging",
    "Robotics",
)
SEED_SKILLS = (
    "Programming (Python)",
    "Linear Algebra",
    "Calculus",
    "Machine Learning",
    "Data Preprocessing",
    "Neural Networks",
    "Frameworks and Libraries",
    "Cloud and Cluster Computing",
    "Experimentation and Debugging",
    "Domain Knowledge",
)
SEED_SALARIES = {
    "Research Scientist": (100_000, 150_000),
    "Data Scientist": (120_000, 190_000),
    "Machine Learning Engineer": (120_000, 180_000),
    "Computer Vision Engineer": (120_000, 170_000),
    "NLP Engineer": (120_000, 170_000),
    "Autonomous Systems Engineer": (110_000, 170_000),
}
"""The seed's "average salary ranges ... based on data from the United States", in USD a year."""


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    """content/ as shipped (loading it fails on any invalid edit)."""
    return load_catalog(SHIPPED_CONTENT)


def _text(*parts: object) -> str:
    """Everything in ``parts`` (strings or tuples of strings), as one case-folded string."""
    flat: list[str] = []
    for part in parts:
        flat += [str(p) for p in part] if isinstance(part, tuple) else [str(part)]
    return " ".join(flat).casefold()


def _example(catalog: Catalog, name: str) -> Example:
    found = [e for e in catalog.examples.values() if e.name == name]
    assert found, f"content/examples.yaml has no example named {name!r}"
    return found[0]


def _skill(catalog: Catalog, name: str) -> Skill:
    found = [s for s in catalog.skills.values() if s.name == name]
    assert found, f"content/skills.yaml has no skill named {name!r}"
    return found[0]


def _career(catalog: Catalog, name: str) -> Career:
    found = [c for c in catalog.careers.values() if c.name == name]
    assert found, f"content/careers.yaml has no career named {name!r}"
    return found[0]


def test_shipped_content_is_valid() -> None:
    """Fact: content/ passes `careerbot content check` (exit 0), as the admin guide asks."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", str(SHIPPED_CONTENT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stdout


def test_the_seed_names_9_examples_10_skills_6_careers(shipped: Catalog) -> None:
    """Fact: the seed lists 9 example applications, 10 skills and 6 careers, and all are present."""
    assert sorted(e.name for e in shipped.examples.values()) == sorted(SEED_EXAMPLES)
    assert sorted(s.name for s in shipped.skills.values()) == sorted(SEED_SKILLS)
    assert sorted(c.name for c in shipped.careers.values()) == sorted(SEED_SALARIES)


def test_salary_ranges_are_the_seeds_us_figures_in_usd(shipped: Catalog) -> None:
    """Fact: each career carries the seed's exact range, for the US, in USD, as whole numbers."""
    got = {c.name: (c.salary.low, c.salary.high) for c in shipped.careers.values()}
    assert got == SEED_SALARIES
    assert {(c.salary.region, c.salary.currency) for c in shipped.careers.values()} == {("US", "USD")}


def test_data_produced_is_1_145_trillion_mb_per_day(shipped: Catalog) -> None:
    """Fact: about 1.145 trillion MB of data are produced each day."""
    volume = shipped.about.data_volume
    assert volume.amount == "1.145 trillion MB"
    assert "day" in volume.period
    assert "1.145" in volume.text


def test_what_deep_learning_is(shipped: Catalog) -> None:
    """Fact: deep learning is a subfield of machine learning using brain-inspired artificial neural
    networks, layers of interconnected nodes (artificial neurons), used for image recognition,
    natural language processing and speech recognition."""
    a = shipped.about
    text = _text(a.summary, a.definition, a.neural_networks, a.uses)
    for fact in (
        "subfield",
        "machine learning",
        "brain",
        "artificial neural networks",
        "layers",
        "interconnected nodes",
        "artificial neurons",
        "image recognition",
        "natural language processing",
        "speech recognition",
    ):
        assert fact in text, fact


EXAMPLE_FACTS = {
    "Image Classification": ("faces", "traffic signs"),
    "Object Detection": ("several", "objects", "image", "video"),
    "Natural Language Processing": ("translat", "summar", "sentiment"),
    "Speech Recognition": ("speech", "text", "siri", "alexa"),
    "Generative Models": ("new data", "images", "text", "music"),
    "Self-Driving Cars": ("find their way", "obstacles", "decisions"),
    "Recommender Systems": ("movies", "products"),
    "Medical Imaging": ("x-ray", "mri", "ct"),
    "Robotics": ("perception", "grasp", "manipulate", "decisions"),
}


@pytest.mark.parametrize(("name", "facts"), EXAMPLE_FACTS.items(), ids=list(EXAMPLE_FACTS))
def test_example_application(shipped: Catalog, name: str, facts: tuple[str, ...]) -> None:
    """Fact: each of the seed's 9 example applications is there with what the seed says it does."""
    example = _example(shipped, name)
    text = _text(example.summary, example.details or "", example.aliases)
    for fact in facts:
        assert fact in text, f"{name}: {fact}"


SKILL_FACTS = {
    "Programming (Python)": ("python", "programming"),
    "Linear Algebra": ("linear algebra", "weights", "neural network"),
    "Calculus": ("calculus", "optimiz", "parameters"),
    "Machine Learning": ("machine learning", "concepts", "techniques"),
    "Data Preprocessing": ("preprocess", "data"),
    "Neural Networks": ("feedforward", "recurrent", "architectures"),
    "Frameworks and Libraries": ("tensorflow", "keras", "pytorch", "caffe"),
    "Cloud and Cluster Computing": ("cloud", "cluster", "computing power", "large amount of data"),
    "Experimentation and Debugging": ("iterative", "experiment", "debugging", "performance"),
    "Domain Knowledge": ("domain", "data", "problem"),
}


@pytest.mark.parametrize(("name", "facts"), SKILL_FACTS.items(), ids=list(SKILL_FACTS))
def test_skill(shipped: Catalog, name: str, facts: tuple[str, ...]) -> None:
    """Fact: each of the seed's 10 skills is there with why the seed says it matters."""
    skill = _skill(shipped, name)
    text = _text(skill.name, skill.summary, skill.why, skill.aliases)
    for fact in facts:
        assert fact in text, f"{name}: {fact}"


def test_frameworks_named_are_tensorflow_keras_pytorch_caffe(shipped: Catalog) -> None:
    """Fact: the frameworks the seed names are TensorFlow, Keras, PyTorch and Caffe (each also
    typed as an alias), and experience with TensorFlow or PyTorch counts."""
    frameworks = _skill(shipped, "Frameworks and Libraries")
    for framework in ("TensorFlow", "Keras", "PyTorch", "Caffe"):
        assert framework in frameworks.summary, framework
        assert shipped.index.resolve("skill", framework).match == shipped.ref("skill", frameworks.id)
    counts = _text(shipped.guidance.experience.counts)
    assert "tensorflow" in counts
    assert "pytorch" in counts


def test_neural_network_types_are_feedforward_and_recurrent(shipped: Catalog) -> None:
    """Fact: the neural network architectures the seed names are feedforward and recurrent networks."""
    networks = _skill(shipped, "Neural Networks")
    assert "feedforward networks" in networks.summary
    assert "recurrent networks" in networks.summary


CAREER_FACTS = {
    "Research Scientist": (
        "academia",
        "industry",
        "models and algorithms",
        "computer vision",
        "natural language processing",
        "speech recognition",
    ),
    "Data Scientist": ("analyze", "complex data", "predict", "finance", "healthcare", "retail"),
    "Machine Learning Engineer": (
        "design",
        "construction",
        "deployment",
        "production",
        "data scientists",
        "software engineers",
        "scale",
    ),
    "Computer Vision Engineer": (
        "image and video",
        "detecting and tracking objects",
        "recognizing faces",
        "generating images",
    ),
    "NLP Engineer": (
        "natural language understanding",
        "classifying text",
        "translating",
        "answering questions",
    ),
    "Autonomous Systems Engineer": ("self-driving cars", "drones", "robots", "decisions"),
}


@pytest.mark.parametrize(("name", "facts"), CAREER_FACTS.items(), ids=list(CAREER_FACTS))
def test_career(shipped: Catalog, name: str, facts: tuple[str, ...]) -> None:
    """Fact: each of the seed's 6 careers is there with the work and workplaces the seed gives it."""
    career = _career(shipped, name)
    text = _text(career.summary, career.work, career.workplaces)
    for fact in facts:
        assert fact in text, f"{name}: {fact}"


def test_education_maths_is_linear_algebra_calculus_probability(shipped: Catalog) -> None:
    """Fact: the maths to study is linear algebra, calculus and probability."""
    maths = [m.casefold() for m in shipped.guidance.education.maths]
    assert maths == ["linear algebra", "calculus", "probability"]


def test_education_degree_in_computer_science_or_related_or_self_study(shipped: Catalog) -> None:
    """Fact: a degree in computer science or a related field is the common route; self-study and
    online resources work too; programming (Python) and machine learning knowledge are needed."""
    e = shipped.guidance.education
    assert "computer science" in e.degree
    assert "related" in e.degree
    assert "self-study" in e.self_study
    assert "online resources" in e.self_study
    assert "python" in e.programming.casefold()
    assert "machine learning" in e.machine_learning


def test_experience_counts_what_the_seed_lists(shipped: Catalog) -> None:
    """Fact: experience that counts is Python with TensorFlow or PyTorch; supervised and
    unsupervised learning, regularisation and optimisation; data preprocessing and cleaning with
    large datasets; cloud platforms for training and deploying; and hands-on model building."""
    x = shipped.guidance.experience
    counts = _text(x.counts)
    for fact in (
        "python",
        "supervised",
        "unsupervised",
        "regulari",
        "optimi",
        "cleaning",
        "large datasets",
        "cloud",
        "deploy",
    ):
        assert fact in counts, fact
    assert "hands" in x.hands_on.casefold()


def test_experience_comes_from_competitions_personal_and_team_projects(shipped: Catalog) -> None:
    """Fact: hands-on experience comes from online competitions, personal projects and team
    projects in industry or research."""
    ways = _text(shipped.guidance.experience.ways)
    for fact in ("online competitions", "personal projects", "team projects", "industry", "research"):
        assert fact in ways, fact


def test_experience_in_computer_vision_may_not_transfer_to_nlp(shipped: Catalog) -> None:
    """Fact: experience in one area may not transfer to another, e.g. computer vision to natural
    language processing."""
    transfer = shipped.guidance.experience.transfer.casefold()
    assert "computer vision" in transfer
    assert "natural language processing" in transfer
    assert "not" in transfer


def test_salary_caveats_and_what_raises_pay(shipped: Catalog) -> None:
    """Fact: pay varies with location, industry and experience; ranges are averages; the tech
    industry pays more; a graduate degree, a PhD or postdoc, experience and a portfolio raise it."""
    notes = shipped.guidance.salary_notes
    text = _text(notes.summary, notes.caveats, notes.raises)
    for word in (
        "location",
        "industry",
        "averages",
        "tech",
        "graduate degree",
        "phd",
        "postdoc",
        "experience",
        "portfolio",
    ):
        assert word in text, word


def test_no_garbled_phrases_from_the_seed() -> None:
    """Fact: the seed's garbled 'deep understanding' and 'profound learning' are not repeated."""
    for path in SHIPPED_CONTENT.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").casefold()
        assert "deep understanding" not in text, path.name
        assert "profound learning" not in text, path.name


@pytest.mark.parametrize(
    ("kind", "alias", "expected"),
    [
        ("career", "cv", "computer-vision-engineer"),
        ("career", "ml engineer", "ml-engineer"),
        ("career", "nlp engineer", "nlp-engineer"),
        ("example", "nlp", "natural-language-processing"),
        ("example", "self driving", "self-driving-cars"),
        ("skill", "maths", "linear-algebra"),
        ("skill", "pytorch", "frameworks"),
        ("skill", "Python", "programming"),
    ],
)
def test_aliases_the_issue_names(shipped: Catalog, kind: str, alias: str, expected: str) -> None:
    """Fact: the aliases people type, as named in the issue, resolve to the right shipped entity."""
    found = shipped.index.resolve(kind, alias)  # type: ignore[arg-type]
    assert found.match is not None
    assert found.match.id == expected


def test_quiz_asks_what_the_issue_asks(shipped: Catalog) -> None:
    """Fact: the shipped quiz has 5 to 7 questions covering what draws you (images, language,
    speech, robots, business, research), maths, programming, degree or self-taught, and building
    vs research vs analysis."""
    quiz = shipped.quiz
    assert 5 <= len(quiz.questions) <= 7
    labels = " ".join(a.label.casefold() for q in quiz.questions for a in q.answers)
    for word in ("images", "language", "speech", "robots", "business", "research", "self-taught", "building"):
        assert word in labels, word
    texts = " ".join(q.text.casefold() for q in quiz.questions)
    assert "maths" in texts
    assert "programming" in texts


def test_every_shipped_career_can_win_the_quiz(shipped: Catalog) -> None:
    """Fact: each shipped career has a positive quiz weight somewhere, so some answers recommend it."""
    weighted = {c for q in shipped.quiz.questions for a in q.answers for c, w in a.weights.items() if w > 0}
    assert weighted == set(shipped.careers)
