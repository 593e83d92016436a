"""A hidden check requires only what the released notebook tells the student, beside the function.

Every ``@check(..., requires=[...])`` names requirements of ``autograder.engine.requirements``; each one's
sentence must appear in the release ``assignments/<ID>/<ID>.ipynb`` in the solution cell of the
graded function (its docstring, copied by the build from ``solutions/<ID>.py``) or in the markdown
cell(s) right above it. Formatting (backticks, emphasis, line breaks, case) does not matter.
"""

import importlib.util
import json
import re
from pathlib import Path

import pytest

from autograder.engine import requirements

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "autograder" / "checks"
ASSIGNMENTS = sorted(path.parent.name for path in CHECKS.glob("*/hidden.py"))


def normalized(text):
    return " ".join(re.sub(r"[`*$\\]", "", text).lower().split())


def check_infos(assignment):
    """The ``CheckInfo`` of every hidden check of ``assignment``."""
    spec = importlib.util.spec_from_file_location(f"checks_{assignment}", CHECKS / assignment / "hidden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [value.autograder_check for value in vars(module).values() if hasattr(value, "autograder_check")]


def beside(assignment):
    """``{graded function: the normalized text beside it in the release}``."""
    cells = json.loads((ROOT / "assignments" / assignment / f"{assignment}.ipynb").read_text())["cells"]
    found = {}
    for index, cell in enumerate(cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        parts = ["".join(cell["source"])]
        above = index - 1
        while above >= 0 and cells[above]["cell_type"] == "markdown":
            parts.insert(0, "".join(cells[above]["source"]))
            above -= 1
        found[grade_id] = normalized("\n".join(parts))
    return found


def declared():
    found = {(assignment, info.function, requirement)
             for assignment in ASSIGNMENTS for info in check_infos(assignment) for requirement in info.requires}
    return [pytest.param(*case, id="/".join(case)) for case in sorted(found)]


@pytest.mark.parametrize("assignment, function, requirement", declared())
def test_requirement_is_stated_beside_its_function(assignment, function, requirement):
    text = beside(assignment)
    assert function in text, f"{assignment}: no solution cell for {function}"
    sentence = requirements.sentence(requirement)
    assert normalized(sentence) in text[function], (
        f"a hidden check of {function} requires {requirement!r}, but the released {assignment}.ipynb does not say "
        f"{sentence!r} in {function}'s docstring or the markdown above it")


def test_checks_declare_requirements():
    """The mechanism is in use: each assignment's checks name some requirement (inputs, outputs, ...)."""
    for assignment in ASSIGNMENTS:
        assert any(info.requires for info in check_infos(assignment)), assignment


def test_unknown_requirement_is_refused():
    with pytest.raises(KeyError):
        requirements.sentence("no_such_requirement")
    with pytest.raises(KeyError):
        requirements.sentence("unchanged")  # names the arguments it is about
    assert requirements.sentence("unchanged(w, dw)") == "Never modifies w or dw in place."
    assert requirements.sentence("array_like(x)") == "x may be a list or a numpy array, integers included."
