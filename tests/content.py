"""Where the tests get their content: the fixture catalog, never the shipped ``content/``.

``tests/fixtures/catalog`` is a complete content folder of invented test data (names and
figures deliberately unlike ``content/``), so an admin editing ``content/`` breaks only
``tests/core/test_shipped_content.py``, the one module that checks the shipped content.
``tests/fixtures/content_min`` is the smallest valid folder, for validation and small-content tests.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_CONTENT = FIXTURES / "catalog"
"""The fixture catalog every test (and every process a test starts) serves."""


FIXTURE_RANGES = {
    "Research Scientist": "$97,000 to $143,000",
    "Data Analyst": "$88,000 to $131,000",
    "MLOps Engineer": "$104,000 to $162,000",
    "Vision Engineer": "$111,000 to $155,000",
    "Language Engineer": "$93,000 to $148,000",
}
"""The salary ranges of the fixture catalog's roles, as replies show them."""
