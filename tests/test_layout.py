"""The package's layout is its architecture: imports run one way, commands -> course -> engine, and
checks -> the check API; no cycles, and no module uses another's private names. The engine imports no
assignment: what runs on the sandbox's side of an assignment (``checks/<ID>/problems.py`` and
``drivers.py``) it finds by those names, and those modules import no check, mistake or solution.

Read from the source with ``ast`` (nothing is imported), so a test fails on the import itself, also
one inside a function; one test imports the engine in a fresh interpreter and looks at what came with it.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "autograder"
# what each part of the package may import (besides itself and the standard library, numpy, ...)
ALLOWED = {
    "engine": {"engine"},
    "checks": {"checks", "engine"},
    "course": {"course", "engine"},
    "commands": {"commands", "course", "engine"},
}


def module_name(path):
    """``autograder.engine.grade`` for ``autograder/engine/grade.py`` (folder names need not be identifiers)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module):
    """``engine``, ``course``, ``checks`` or ``commands`` (``autograder`` itself and ``__main__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ("engine", "course", "checks") else "commands"


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
ENGINE = sorted(module for module in MODULES if part_of(module) == "engine")
# an assignment's modules the sandbox imports before it hides the checks (autograder.engine.sandbox_side)
SANDBOX_SIDE = sorted(module for module, path in MODULES.items()
                      if part_of(module) == "checks" and path.parent.parent == PACKAGE / "checks"
                      and path.name in ("problems.py", "drivers.py"))
ASSIGNMENTS = sorted(path.parent.name for path in PACKAGE.glob("checks/*/hidden.py"))


def imports(path):
    """``[(line, module imported, name taken from it or None)]`` of a source file; ``import a.b as c``
    and ``from a import b`` (a module ``a.b``) name the module itself."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append((node.lineno, submodule, None) if submodule in MODULES else
                             (node.lineno, node.module, alias.name))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.append((node.lineno, node.args[0].value, None))
    return found


def private_attributes(path):
    """``[(line, module, name)]`` for ``module._name`` where ``module`` is an imported package module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update({alias.asname: alias.name for alias in node.names if alias.asname})
        elif isinstance(node, ast.ImportFrom) and node.module:
            aliases.update({alias.asname or alias.name: f"{node.module}.{alias.name}" for alias in node.names
                            if f"{node.module}.{alias.name}" in MODULES})
    return [(node.lineno, aliases[node.value.id], node.attr) for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
            and node.attr.startswith("_") and not node.attr.startswith("__")]


# ``from autograder.engine.i18n import _``: gettext's name for "translate this", public by convention
GETTEXT = ("autograder.engine.i18n", "_")

GRAPH = {module: sorted({imported for _, imported, _ in imports(path) if imported in MODULES} - {module})
         for module, path in MODULES.items()}


def test_the_package_has_the_four_parts():
    assert {part_of(module) for module in MODULES} == set(ALLOWED)
    assert len([module for module in MODULES if part_of(module) == "engine"]) >= 10


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    upward = [f"line {line}: {imported}" for line, imported, _ in imports(MODULES[module])
              if imported.startswith("autograder.") and part_of(imported) not in ALLOWED[part_of(module)]]
    assert not upward, f"{module} ({part_of(module)}) imports {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_takes_another_modules_private_names(module):
    path = MODULES[module]
    taken = [f"line {line}: {source}.{name}" for line, source, name in imports(path) + private_attributes(path)
             if name and name.startswith("_") and not name.startswith("__") and source != module
             and source.startswith("autograder") and (source, name) != GETTEXT]
    assert not taken, f"{module} uses private names of other modules: {taken}"


def strings_in_code(path):
    """The string constants of a source file, docstrings left out (f-strings give their constant parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


@pytest.mark.parametrize("module", ENGINE)
def test_the_engine_names_no_assignment_and_not_the_checks_package(module):
    named = [text for text in strings_in_code(MODULES[module])
             if "autograder.checks" in text or any(assignment in text for assignment in ASSIGNMENTS)]
    assert not named, f"{module} names the checks in its code: {named}"


def test_importing_the_engine_imports_no_check_and_finds_each_sandbox_side_module():
    code = ("import sys\n"
            f"for name in {ENGINE!r}:\n"
            "    __import__(name)\n"
            "from autograder.engine import sandbox_side\n"
            "print(sorted(name for name in sys.modules if name.startswith(('autograder.checks', 'solutions'))))\n"
            "print(list(sandbox_side.module_names()))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True, check=True)
    loaded, found = run.stdout.splitlines()
    assert loaded == "[]", f"importing the engine imported {loaded}"
    assert found == repr(SANDBOX_SIDE) and len(SANDBOX_SIDE) >= 8


@pytest.mark.parametrize("module", SANDBOX_SIDE)
def test_the_sandbox_side_of_an_assignment_imports_no_check_mistake_or_solution(module):
    """The sandbox's warm parent imports these before it hides the checks: nothing else of the checks may come along."""
    taken = [f"line {line}: {imported}" for line, imported, _ in imports(MODULES[module])
             if imported.split(".")[0] in ("autograder", "solutions") and imported not in SANDBOX_SIDE
             and part_of(imported) != "engine"]
    assert not taken, f"{module} imports {taken}"


def test_there_is_no_import_cycle():
    state, cycles = {}, []

    def visit(module, trail):
        state[module] = "open"
        for imported in GRAPH[module]:
            if state.get(imported) == "open":
                cycles.append(" -> ".join(trail[trail.index(imported):] + [imported]))
            elif imported not in state:
                visit(imported, trail + [imported])
        state[module] = "done"

    for module in GRAPH:
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_the_checker_sees_imports_inside_functions_and_by_name():
    """The three kinds of import the package uses are all in the graph (a test that cannot fail is none)."""
    assert "autograder.course.class_grading" in GRAPH["autograder.__main__"]  # inside main()
    assert "autograder.checks.05_adaptive_optimizers.mistakes" in GRAPH[
        "autograder.checks.05_adaptive_optimizers.hidden"]  # importlib.import_module
    assert "autograder.engine.grade" in GRAPH["autograder.course.class_grading"]
    assert "autograder.checks.01_gradient_descent.problems" in GRAPH["autograder.checks.04_momentum.problems"]
    assert any("autograder.checks.07_autograd" in text for text in strings_in_code(
        MODULES["autograder.checks.07_autograd.hidden"]))  # a string the engine's modules may not hold


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_does(module):
    docstring = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert docstring and docstring.split("\n\n")[0].strip(), f"{module} has no docstring"
