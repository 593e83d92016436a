"""The instructor's class report of one assignment: ``<course>/reports/<ID>.html`` and ``<ID>.csv``.

``grade --course`` writes it after grading (:func:`write`) from the engine's records,
``{student: record}`` (see ``autograder.engine.report``). The page has, in order: the score
histogram (a matplotlib figure, embedded), the pass rate of every function and every
check, the named mistakes with who made them, the submissions that could not be read,
timed out or crashed, and the slowest ones. The CSV has one row per student and check.

What the report knows about a failure beyond its status comes from the records' private
notes: a test's ``_notes["mistake"]`` (the known mistake its result matches) and
``_notes["crashed"]`` (set by ``autograder.engine.plugin``), a record's ``_notes["seconds"]``
and ``_notes["cell_errors"]`` (set by ``autograder.engine.grade``).
"""

import base64
import csv
import io
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from autograder.engine.feedback import title
from autograder.engine.i18n import _, current_language, ngettext
from autograder.engine.report import functions
from autograder.engine.student import cell_words

TEMPLATE = Path(__file__).resolve().parent / "class_report.html"
SLOWEST = 5  # submissions listed as the slowest


def paths(course_root, assignment_id):
    """Where the report of ``assignment_id`` goes: (html, csv)."""
    folder = Path(course_root) / "reports"
    return folder / f"{assignment_id}.html", folder / f"{assignment_id}.csv"


def write(course_root, assignment_id, records, run=lambda function, *args: function(*args)):
    """Write the HTML page and the CSV of ``records`` ({student: record}); returns the page's path.

    ``run(function, *args)`` draws the histogram: ``grade --course`` has a grading worker draw it, which has
    matplotlib loaded already (importing it here took longer than the rest of the report)."""
    page, table = paths(course_root, assignment_id)
    page.parent.mkdir(parents=True, exist_ok=True)
    summary = summarize(records)
    histogram = run(histogram_png, list(summary.scores.values()), summary.max_score)
    page.write_text(render(assignment_id, summary, histogram), encoding="utf-8")
    write_csv(table, records)
    return page


# --------------------------------------------------------------------------- what the page shows

@dataclass
class Rate:
    """How a graded function or a check went across the class."""
    name: str
    function: str
    max_score: float
    title: str = ""       # the name as shown (a check's, translated)
    passed: int = 0       # students with full marks on it
    mean_score: float = 0.0
    timeouts: int = 0


@dataclass
class Mistake:
    """A known mistake and who made it (a student counts once, however many checks name it)."""
    description: str
    functions: list = field(default_factory=list)
    students: list = field(default_factory=list)


@dataclass
class Problem:
    """A submission that could not be read, timed out or crashed: what happened, in one line."""
    student: str
    detail: str


@dataclass
class Summary:
    students: int
    max_score: float
    scores: dict            # {student: score}
    functions: list         # [Rate]
    checks: list            # [Rate]
    mistakes: list          # [Mistake], most common first
    unreadable: list        # [Problem]
    timed_out: list
    crashed: list
    cell_errors: list
    slowest: list           # [(student, seconds, score)]


def summarize(records):
    """What the report says about ``records`` ({student: record}), as plain data."""
    count = len(records)
    scores = {student: record["score"] for student, record in records.items()}
    function_rates, check_rates, mistakes = {}, {}, {}
    unreadable, timed_out, crashed, cell_errors = [], [], [], []
    for student, record in records.items():
        for name, (got, most) in functions(record).items():
            rate = function_rates.setdefault(name, Rate(name, name, most, name))
            rate.passed += got >= most
            rate.mean_score += got / count
        for test in record["tests"]:
            rate = check_rates.setdefault(test["name"], Rate(test["name"], test["function"], test["max_score"],
                                                             title(test)))
            rate.passed += test["status"] == "passed"
            rate.mean_score += test["score"] / count
            rate.timeouts += test["status"] == "timeout"
            notes = test.get("_notes") or {}
            if notes.get("mistake"):
                mistake = mistakes.setdefault(notes["mistake"], Mistake(notes["mistake"]))
                if test["function"] not in mistake.functions:
                    mistake.functions.append(test["function"])
                if student not in mistake.students:
                    mistake.students.append(student)
        notes = record.get("_notes") or {}
        if record.get("error"):
            unreadable.append(Problem(student, record["error"]))
        slow = [title(test) for test in record["tests"] if test["status"] == "timeout"]
        if slow:
            timed_out.append(Problem(student, _listed(slow)))
        died = [title(test) for test in record["tests"] if (test.get("_notes") or {}).get("crashed")]
        if died:
            crashed.append(Problem(student, _listed(died)))
        if notes.get("cell_errors"):
            cell_errors.append(Problem(student, "; ".join(f"{cell_words(error)}: {error['error']}"
                                                           for error in notes["cell_errors"])))
    timings = sorted(((student, record["_notes"]["seconds"], record["score"]) for student, record in records.items()
                      if (record.get("_notes") or {}).get("seconds") is not None), key=lambda item: -item[1])
    return Summary(count, max((record["max_score"] for record in records.values()), default=0.0), scores,
                   list(function_rates.values()), list(check_rates.values()),
                   sorted(mistakes.values(), key=lambda mistake: (-len(mistake.students), mistake.description)),
                   unreadable, timed_out, crashed, cell_errors, timings[:SLOWEST])


def _listed(names):
    return ngettext("{count} check", "{count} checks", len(names)).format(count=len(names)) + ": " + "; ".join(names)


def histogram_png(scores, max_score):
    """The score histogram as PNG bytes: one bar per point (or per tenth of the maximum, if that is coarser)."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global figure state in a long grading run

    width = max(1.0, max_score / 10) if max_score else 1.0
    edges = [index * width for index in range(int(max_score // width) + 2)] if max_score else [0.0, 1.0]
    figure = Figure(figsize=(6.4, 3.2), dpi=100, layout="constrained")
    axes = figure.subplots()
    axes.hist(list(scores), bins=edges, color="#4c72b0", edgecolor="white")
    axes.set_xlabel(_("score (out of {points})").format(points=f"{max_score:g}"))
    axes.set_ylabel(_("students"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render(assignment_id, summary, histogram):
    """The HTML page, with ``histogram`` (:func:`histogram_png`); student names, messages and mistakes are escaped:
    a submission wrote some of them."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                     extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(_, ngettext)  # {{ _("...").format(...) }}, as in Python
    environment.filters["points"] = lambda value: f"{value:.4g}"
    environment.filters["percent"] = lambda part: f"{100 * part / summary.students:.0f}%" if summary.students else "-"
    values = list(summary.scores.values())
    figures = {"mean": statistics.fmean(values) if values else 0.0,
               "median": statistics.median(values) if values else 0.0,
               "lowest": min(values, default=0.0), "highest": max(values, default=0.0)}
    image = base64.b64encode(histogram).decode("ascii")
    return environment.get_template(TEMPLATE.name).render(
        assignment=assignment_id, summary=summary, figures=figures, histogram=image, language=current_language())


# --------------------------------------------------------------------------- the CSV

CSV_COLUMNS = ["student", "function", "check", "score", "max_score", "status", "mistake", "submission_error",
               "output"]


def write_csv(path, records):
    """One row per student and check: its points, status, the named mistake and the message."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for student, record in records.items():
            for test in record["tests"]:
                writer.writerow([student, test["function"], test["name"], test["score"], test["max_score"],
                                 test["status"], (test.get("_notes") or {}).get("mistake") or "",
                                 record.get("error") or "", test["output"]])
