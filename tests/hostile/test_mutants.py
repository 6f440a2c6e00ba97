"""The mutation script (tests/hostile/mutants.py) still finds every protection it removes."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.hostile.mutants import MUTATIONS


@pytest.mark.parametrize("name, edits, tests", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_protection_is_where_the_script_removes_it(name, edits, tests):
    for rel, old, new in edits:
        assert (ROOT / rel).read_text().count(old) == 1, rel
    for target in tests:
        assert (ROOT / target.split("::")[0]).exists()
