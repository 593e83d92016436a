"""``python -m autograder build``: solutions -> source notebooks -> release in ``assignments/``.

One source of truth per thing:
- the code of a graded function lives in ``solutions/<ID>.py``; the build copies it into the
  notebook cell whose nbgrader ``grade_id`` is the function's name, with ``### BEGIN SOLUTION`` /
  ``### END SOLUTION`` around the body (after the docstring; for a class, around each method body);
- a *provided* cell (metadata ``{"course": {"provided": [NAMES]}}``) gets the full source of NAMES (and
  then the statement ``"run"`` of its metadata, if any: every notebook's font setup is one);
- prose and cell order live in ``source/<ID>/<ID>.ipynb``;
- the public checks live in ``autograder/checks/``: ``<ID>/public.py`` each (``test_<ID>.py`` in the release),
  ``public_conftest.py`` shared (the release's ``conftest.py``); the build writes each visible test cell
  ``test_<F>`` as a call of F's public checks, so a test cell, nbgrader's Validate and ``pytest`` give one
  verdict. A normal build also writes the public checks beside each source notebook (not committed:
  ``.gitignore``), for the instructor who runs it and for nbgrader's own ``generate_assignment``
  (formgrader's Generate), which copies the source folder into the release;
- ``assignments/<ID>/`` is generated: nbgrader's ``generate_assignment`` of the synced source, plus
  the public checks. It is never edited by hand.

The release is generated in a temporary copy of the course (so the repository gets no gradebook),
then compared with what is on disk: ``--check`` only reports what is stale, a normal build writes it.
Students edit the release, so a release file that differs from what the build last generated
(fingerprints in ``assignments/.build-manifest.json``) is never overwritten or removed: the build
keeps it, names it "edited" and says how to release the new version. Both fail (exit code 1, a
message per problem) when something is stale (``--check``), a source notebook does not match its
solutions module or holds nbgrader hidden tests (the hidden checks are ``autograder/checks/<ID>/hidden.py``,
run by the engine), or a release leaks solution code.

The cell constructors (``markdown``, ``code``, ``solution``, ``tests``, ``provided``, ``save``)
are what the notebooks are written with.
"""

import ast
import contextlib
import functools
import importlib
import inspect
import hashlib
import io
import itertools
import json
import logging
import shutil
import sqlite3
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat

from autograder.course.notebook import graded_function, public_tests_by_function, visible_test_source, with_test_points

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKS = ROOT / "autograder" / "checks"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
# nbgrader's hidden tests would run in the student's kernel; the hidden checks live in autograder/checks/.
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
PUBLIC_CONFTEST = CHECKS / "public_conftest.py"  # the release's conftest.py, the same in every assignment
# Cell metadata worth keeping; everything else (execution times, scroll state, ...) is volatile.
CELL_METADATA_KEYS = ("nbgrader", "course", "tags", "deletable", "editable")
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
# Left by running pytest or Jupyter in a release folder; never part of the release.
IGNORED_RELEASE_PARTS = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints", ".benchmarks"}
# What the build last generated in assignments/: {path: fingerprint}, itself a generated file.
MANIFEST = "assignments/.build-manifest.json"


class BuildError(Exception):
    """A problem the maintainer has to fix; the message says what and where."""


# --------------------------------------------------------------------------- cell constructors

def markdown(text):
    """A markdown cell."""
    return nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip())


def code(text):
    """A plain code cell (imports, demos, plots)."""
    return nbformat.v4.new_code_cell(textwrap.dedent(text).strip())


def _nbgrader(grade_id, *, solution, grade, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def solution(name):
    """The solution cell of graded function ``name``; the build writes its source."""
    cell = nbformat.v4.new_code_cell("")
    cell.metadata["nbgrader"] = _nbgrader(name, solution=True, grade=False, locked=False)
    return cell


def tests(name, points, text):
    """The visible (autograded, locked) test cell of graded function ``name``: the worked examples."""
    cell = nbformat.v4.new_code_cell(textwrap.dedent(text).strip())
    cell.metadata["nbgrader"] = _nbgrader(f"test_{name}", solution=False, grade=True, locked=True, points=points)
    return cell


def provided(*names, run=None):
    """A locked cell holding the full source of reference functions given to students, then ``run``
    (a statement using them, e.g. ``"use_cjk_font()"``) if given."""
    cell = nbformat.v4.new_code_cell("")
    cell.metadata["course"] = {"provided": list(names)} | ({"run": run} if run else {})
    cell.metadata["nbgrader"] = _nbgrader("provided_" + "_".join(names), solution=False, grade=False, locked=True)
    return cell


def save(cells, path):
    """Write a notebook made of ``cells`` to ``path`` (normalized, no outputs)."""
    nb = nbformat.v4.new_notebook(cells=list(cells))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook_text(normalized(nb)), encoding="utf-8")


# --------------------------------------------------------------------------- solution sources

def _solutions():
    """The reference package ``solutions`` (next to this package in the course root)."""
    return importlib.import_module("solutions")


def _solutions_module(assignment_id):
    return _solutions().load(assignment_id)


def _provided_object(name):
    solutions = _solutions()
    if not hasattr(solutions, name):
        raise BuildError(f"provided cell names {name!r}, which no solutions module exports in __all__")
    return getattr(solutions, name)


def full_source(obj):
    """The dedented source of a function or class, without trailing blank lines."""
    return textwrap.dedent(inspect.getsource(obj)).rstrip() + "\n"


def _body_start(node):
    """Index (0-based line) where a def/class body starts after its docstring."""
    body = node.body
    if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)):
        if len(body) == 1:
            raise BuildError(f"{node.name} has a docstring but no body")
        return body[0].end_lineno  # the line after the docstring (1-based end == 0-based next line)
    first = body[0]
    lineno = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])
    if lineno == node.lineno:
        raise BuildError(f"{node.name}: put the body on its own line so it can be marked as the solution")
    return lineno - 1


def _regions(node):
    """(start, end) 0-based half-open line ranges of the solution regions of a def or class node."""
    if isinstance(node, ast.ClassDef):
        methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if not methods:
            return [(_body_start(node), node.end_lineno)]
        return [(_body_start(m), m.end_lineno) for m in methods]
    return [(_body_start(node), node.end_lineno)]


def _names_used(obj):
    """Global names a function (or every method of a class) refers to, nested code included."""
    codes = [obj.__code__] if inspect.isfunction(obj) else [
        v.__code__ for v in vars(obj).values() if inspect.isfunction(v)]
    names = set()
    while codes:
        code_object = codes.pop()
        names |= set(code_object.co_names)
        codes += [c for c in code_object.co_consts if inspect.iscode(c)]
    return names


def private_helpers(obj):
    """The module-level ``_helper`` functions ``obj`` needs (transitively), in source order.

    A notebook cell holds one graded function, so the build nests these helpers inside it
    (solution cells) or puts them in front of it (provided cells).
    """
    module = sys.modules[obj.__module__]
    found, todo = [], [obj]
    while todo:
        for name in sorted(_names_used(todo.pop())):
            helper = getattr(module, name, None)
            if name.startswith("_") and inspect.isfunction(helper) and name not in found:
                found.append(name)
                todo.append(helper)
    line = {name: inspect.getsourcelines(getattr(module, name))[1] for name in found}
    return [getattr(module, name) for name in sorted(found, key=line.get)]


def solution_source(obj):
    """The source of a graded function/class with its body (bodies) between solution markers.

    Private module-level helpers it uses are nested at the start of its (first) solution region.
    """
    source = full_source(obj)
    lines = source.splitlines()
    node = ast.parse(source).body[0]
    out, position = [], 0
    for start, end in _regions(node):
        out.extend(lines[position:start])
        region = lines[start:end]
        while region and not region[0].strip():
            out.append(region.pop(0))
        indent = next(line for line in region if line.strip())
        indent = indent[: len(indent) - len(indent.lstrip())]
        helpers = [] if position else [textwrap.indent(full_source(h), indent) for h in private_helpers(obj)]
        helper_lines = "\n".join(helpers).splitlines() + ([""] if helpers else [])
        out += [indent + BEGIN_SOLUTION, *helper_lines, *region, indent + END_SOLUTION]
        position = end
    out.extend(lines[position:])
    return "\n".join(out).rstrip() + "\n"


@functools.cache
def solution_bodies(assignment_id):
    """{name: [lines]}: the code between the markers of each graded function (what must not leak)."""
    module = _solutions_module(assignment_id)
    bodies = {}
    for name in module.__all__:
        inside, lines = False, []
        for line in solution_source(getattr(module, name)).splitlines():
            if line.strip() == BEGIN_SOLUTION:
                inside = True
            elif line.strip() == END_SOLUTION:
                inside = False
            elif inside:
                lines.append(line)
        bodies[name] = lines
    return bodies


# --------------------------------------------------------------------------- notebooks

def notebook_text(nb):
    """The canonical text of a notebook: nbformat's JSON, one trailing newline."""
    return nbformat.writes(nb).rstrip("\n") + "\n"


def normalized(nb):
    """A copy of ``nb`` without outputs, execution counts and volatile metadata."""
    nb = nbformat.from_dict(nb)
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict({k: cell.metadata[k] for k in CELL_METADATA_KEYS if k in cell.metadata})
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if "attachments" in cell and not cell.attachments:
            del cell["attachments"]
        cell.source = cell.source.rstrip()
    nbformat.validate(nb)
    return nb


def synced(nb, assignment_id):
    """``nb`` with its solution and provided cells rewritten from the solutions module."""
    module = _solutions_module(assignment_id)
    graded = list(module.__all__)
    nb, seen = normalized(nb), []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            name = meta.get("grade_id")
            if name not in graded:
                raise BuildError(f"{assignment_id}: cell {index} is the solution cell of {name!r}, "
                                 f"which is not in solutions/{assignment_id}.py __all__ ({', '.join(graded)})")
            if name in seen:
                raise BuildError(f"{assignment_id}: two solution cells for {name!r}")
            seen.append(name)
            cell.source = solution_source(getattr(module, name)).rstrip()
        elif "provided" in cell.metadata.get("course", {}):
            names = cell.metadata["course"]["provided"]
            objects = [_provided_object(n) for n in names]
            helpers = [h for obj in objects for h in private_helpers(obj)]
            objects = list(dict.fromkeys(helpers)) + objects
            cell.source = "\n\n\n".join([*(full_source(obj).rstrip() for obj in objects),
                                          *filter(None, [cell.metadata["course"].get("run")])])
        elif BEGIN_SOLUTION in cell.source:
            raise BuildError(f"{assignment_id}: cell {index} has {BEGIN_SOLUTION} but is not a solution cell")
        if BEGIN_HIDDEN in cell.source:
            raise BuildError(f"{assignment_id}: cell {index} has {BEGIN_HIDDEN}, which nbgrader would run in the "
                             f"student's kernel; write the check in autograder/checks/{assignment_id}/hidden.py instead")
    missing = [name for name in graded if name not in seen]
    if missing:
        raise BuildError(f"{assignment_id}: no solution cell for {', '.join(missing)} "
                         f"(add `solution({missing[0]!r})` to the notebook)")
    nb = with_public_test_cells(nb, assignment_id, seen)
    return with_test_points(nb, assignment_id)  # each test cell worth its function's hidden checks


def with_public_test_cells(nb, assignment_id, graded):
    """``nb`` with each test cell ``test_<F>`` running F's public checks, so that it gives the verdict of
    ``pytest`` in the assignment folder. ``graded``: the graded functions in notebook order."""
    test = public_checks(assignment_id)
    if not test.exists():
        return nb  # reported by build(): the release is incomplete
    try:
        tests = public_tests_by_function(test.read_text(encoding="utf-8"), graded)
    except ValueError as error:
        raise BuildError(f"{assignment_id}: autograder/checks/{assignment_id}/public.py: {error}") from None
    for cell in nb.cells:
        function = graded_function(cell)
        if function in tests:
            if not tests[function]:
                raise BuildError(f"{assignment_id}: no public check of {function} in autograder/checks/"
                                 f"{assignment_id}/public.py, so its test cell would check nothing")
            cell.source = visible_test_source(function, tests[function])
    return nb


def assignment_ids(root=ROOT):
    """The assignments that have a source notebook ``source/<ID>/<ID>.ipynb``, in order."""
    return sorted(p.parent.name for p in (Path(root) / "source").glob("*/*.ipynb") if p.stem == p.parent.name)


def source_path(assignment_id, root=ROOT):
    return Path(root) / "source" / assignment_id / f"{assignment_id}.ipynb"


def synced_source_text(assignment_id, root=ROOT):
    nb = nbformat.read(source_path(assignment_id, root), as_version=4)
    return notebook_text(synced(nb, assignment_id))


# --------------------------------------------------------------------------- release

def public_checks(assignment_id):
    """The public checks of an assignment, ``autograder/checks/<ID>/public.py`` (``test_<ID>.py`` in the release)."""
    return CHECKS / assignment_id / "public.py"


def public_files(assignment_id):
    """{file name: text} of the public checks shipped with an assignment."""
    test = public_checks(assignment_id)
    if not test.exists():
        return {}  # reported by build(): the release is incomplete
    from autograder.course.translations import public_translations

    return {"conftest.py": PUBLIC_CONFTEST.read_text(encoding="utf-8"),
            f"test_{assignment_id}.py": test.read_text(encoding="utf-8"),
            "translations.json": public_translations([PUBLIC_CONFTEST, test])}


def write_public_files(root, assignment_id):
    """Write the public checks beside the source notebook of ``assignment_id`` at ``root`` (the test cells
    run them there); returns the paths written, relative to ``root`` (none when they are current)."""
    written = []
    for name, text in public_files(assignment_id).items():
        path = source_path(assignment_id, root).with_name(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path.relative_to(root).as_posix())
    return written


def new_gradebook(path):
    """An empty gradebook stamped with nbgrader's schema version; returns its URL.

    nbgrader stamps a new gradebook by running ``alembic heads`` in a subprocess, which takes
    seconds; reading the head revision in-process gives the same stamp.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import _temp_alembic_ini

    url = f"sqlite:///{path}"
    with _temp_alembic_ini(url) as alembic_ini:
        head = ScriptDirectory.from_config(Config(alembic_ini)).get_current_head()
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))
    return url


def _generate_with_nbgrader(course, ids):
    """Run nbgrader's generate_assignment for ``ids`` in the course folder ``course``."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.db_url = new_gradebook(course / "gradebook.db")
    config.Exchange.root = str(course / "exchange")
    (course / "exchange").mkdir()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        api = NbGraderAPI(config=config)
        api.log.setLevel(logging.ERROR)
        for assignment_id in ids:
            result = api.generate_assignment(assignment_id, force=True, create=True)
            if not result["success"]:
                raise BuildError(f"nbgrader generate_assignment {assignment_id} failed:\n"
                                 f"{result.get('error') or ''}\n{result.get('log') or ''}")


def expected_files(root=ROOT, ids=None):
    """{path relative to root: text} of every generated file: synced sources and the release."""
    root = Path(root)
    ids = assignment_ids(root) if ids is None else ids
    files = {}
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        course = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", course / "nbgrader_config.py")
        for assignment_id in ids:
            text = synced_source_text(assignment_id, root)
            files[source_path(assignment_id, root).relative_to(root).as_posix()] = text
            shutil.copytree(root / "source" / assignment_id, course / "source" / assignment_id,
                            ignore=shutil.ignore_patterns(*IGNORED_RELEASE_PARTS))
            source_path(assignment_id, course).write_text(text, encoding="utf-8")
            write_public_files(course, assignment_id)  # as a built course has them
        _generate_with_nbgrader(course, ids)
        for assignment_id in ids:
            release = course / "assignments" / assignment_id
            for path in sorted(release.rglob("*")):
                if path.is_file() and not IGNORED_RELEASE_PARTS & set(path.parts):
                    files[f"assignments/{assignment_id}/{path.relative_to(release).as_posix()}"] = \
                        path.read_text(encoding="utf-8")
            for name, text in public_files(assignment_id).items():
                files[f"assignments/{assignment_id}/{name}"] = text
    files[MANIFEST] = manifest_text(files, root, ids)
    return files


# --------------------------------------------------------------------------- what students edit

def fingerprint(path, text):
    """What a person can have changed in a release file: a notebook's cells (types and sources;
    outputs and metadata are Jupyter's), any other file's text."""
    if path.endswith(".ipynb"):
        try:
            cells = [[cell.get("cell_type"), "".join(cell.get("source", ""))] for cell in json.loads(text)["cells"]]
            text = json.dumps(cells)
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # not a notebook any more: its text stands for it
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_manifest(root):
    """{path: fingerprint} of the release files the build last generated at ``root`` ({} if none)."""
    try:
        return json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def manifest_text(files, root, ids):
    """The manifest after generating ``files`` for ``ids``; other assignments keep their entries."""
    built = tuple(f"assignments/{assignment_id}/" for assignment_id in ids)
    entries = {path: mark for path, mark in read_manifest(root).items() if not path.startswith(built)}
    entries.update({path: fingerprint(path, text) for path, text in files.items() if path.startswith(built)})
    return json.dumps(dict(sorted(entries.items())), indent=1) + "\n"


def edited_files(paths, root):
    """Those of ``paths`` in the release that differ from what the build last generated there (a
    student's or a hand edit), or that the build never generated (a student's own file)."""
    root, generated = Path(root), read_manifest(root)
    edited = []
    for path in paths:
        target = root / path
        if path == MANIFEST or not path.startswith("assignments/") or not target.is_file():
            continue
        try:
            text = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        if text is None or generated.get(path) != fingerprint(path, text):
            edited.append(path)
    return edited


def edited_message(path):
    """What to do with an edited release file, in a sentence a student or an instructor can act on."""
    return (f"edited: {path} differs from what the build last generated (or the build never wrote it), "
            f"so the build keeps it as it is. To release the new version there, move your file out of "
            f"{Path(path).parent.as_posix()}/ and build again.")


def released_files_on_disk(root, assignment_id):
    release = Path(root) / "assignments" / assignment_id
    if not release.exists():
        return []
    return [f"assignments/{assignment_id}/{p.relative_to(release).as_posix()}" for p in sorted(release.rglob("*"))
            if p.is_file() and not IGNORED_RELEASE_PARTS & set(p.relative_to(release).parts)]


def stale_files(expected, root=ROOT, ids=None):
    """Paths whose content on disk differs from ``expected`` (missing, different, or extra)."""
    root = Path(root)
    ids = assignment_ids(root) if ids is None else ids
    stale = [path for path, text in expected.items()
             if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text]
    for assignment_id in ids:
        stale += [path for path in released_files_on_disk(root, assignment_id) if path not in expected]
    return sorted(stale)


# --------------------------------------------------------------------------- leak check

def _code_lines(text):
    """Stripped, non-empty, non-comment lines of code."""
    return {line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")}


def _pairs(lines):
    """Adjacent pairs of code lines (stripped, no blanks or comments)."""
    code_lines = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    return set(itertools.pairwise(code_lines))


def leaks(assignment_id, files):
    """Problems found in the release of ``assignment_id`` (``files`` as from :func:`expected_files`).

    A release leaks when it holds a solution marker; when its notebook holds a line of a solution body
    that does not also appear in the source notebook outside the solution cells (lines such as
    ``return x`` that the narrative shows anyway are no secret); when another released file (the
    public checks) holds two consecutive lines of a solution body; or
    when any released file holds two consecutive lines of another assignment's solution body, except
    the functions of earlier assignments that the notebook lists in its provided cells (08 may give
    students 03's ``minibatches``; 01 may not give them 02's ``gradient_descent``).
    """
    source_nb = nbformat.reads(files[f"source/{assignment_id}/{assignment_id}.ipynb"], as_version=4)
    public_code = set()
    for cell in source_nb.cells:
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("solution"):
            public_code |= _code_lines(cell.source)  # what students see anyway
    secret_blocks = list(solution_bodies(assignment_id).values())
    secret = set().union(*(_code_lines("\n".join(block)) for block in secret_blocks)) - public_code
    secret_pairs = set().union(*(_pairs(block) for block in secret_blocks))
    provided = {name for cell in source_nb.cells for name in cell.metadata.get("course", {}).get("provided", [])}
    order = list(_solutions().ASSIGNMENTS)
    others_pairs, allowed_pairs = set(), set()
    for other in order:
        if other == assignment_id:
            continue
        earlier = order.index(other) < order.index(assignment_id) if assignment_id in order else False
        for name, body in solution_bodies(other).items():
            if earlier and name in provided:
                # given anyway, with its helpers: lines it shares with other functions are no secret
                obj = getattr(_solutions_module(other), name)
                allowed_pairs |= _pairs(body)
                for given in (*private_helpers(obj), obj):
                    allowed_pairs |= _pairs(full_source(given).splitlines())
            else:
                others_pairs |= _pairs(body)
    others_pairs -= allowed_pairs
    problems = []
    prefix = f"assignments/{assignment_id}/"
    for path, text in files.items():
        if not path.startswith(prefix):
            continue
        for marker in (BEGIN_SOLUTION, END_SOLUTION):
            if marker in text:
                problems.append(f"{path} contains {marker!r}")
        if path.endswith(".ipynb"):
            nb = nbformat.reads(text, as_version=4)
            code_text = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
            found = sorted(secret & _code_lines(code_text))
        else:
            code_text = text
            found = sorted(" / ".join(pair) for pair in secret_pairs & _pairs(text.splitlines()))
        found += sorted(" / ".join(pair) for pair in others_pairs & _pairs(code_text.splitlines()))
        if found:
            problems.append(f"{path} leaks solution code: " + "; ".join(found[:5]))
    return problems


# --------------------------------------------------------------------------- command

def write_files(expected, stale, root=ROOT):
    root = Path(root)
    for path in stale:
        target = root / path
        if path in expected:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(expected[path], encoding="utf-8")
        else:
            target.unlink()


def build(root=ROOT, check=False, ids=None, out=print):
    """Build (or with ``check`` only verify) the course at ``root``; returns the exit code.

    Edited release files are kept and reported; they make the exit code 1, as stale files do.
    """
    root = Path(root)
    started = time.perf_counter()
    ids = assignment_ids(root) if ids is None else ids
    try:
        expected = expected_files(root, ids)
    except BuildError as error:
        out(f"build failed: {error}")
        return 1
    problems = [problem for assignment_id in ids for problem in leaks(assignment_id, expected)]
    problems += [f"{assignment_id}: no public checks; write autograder/checks/{assignment_id}/public.py"
                 for assignment_id in ids if not public_files(assignment_id)]
    stale = stale_files(expected, root, ids)
    edited = edited_files(stale, root)
    stale = [path for path in stale if path not in edited]
    if check:
        problems += [f"stale: {path}" for path in stale]
        if stale:
            problems.append("run `python -m autograder build` and commit the result")
    else:
        write_files(expected, stale, root)
        for path in stale:
            out(f"wrote {path}" if path in expected else f"removed {path}")
        for path in (path for assignment_id in ids for path in write_public_files(root, assignment_id)):
            out(f"wrote {path} (not committed)")
    problems += [edited_message(path) for path in edited]
    for problem in problems:
        out(problem)
    status = "FAILED" if problems else "ok"
    verb = "checked" if check else "built"
    out(f"{verb} {len(ids)} assignments ({', '.join(ids)}) in {time.perf_counter() - started:.1f} s: {status}")
    return 1 if problems else 0


def run(args):
    """Entry point of ``python -m autograder build [--check]``."""
    return build(check=getattr(args, "check", False))
