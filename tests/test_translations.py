"""The message catalogues: every string the package says has a zh-TW translation, the compiled catalogue
is the one its .po makes, translations keep their placeholders, no student-facing literal is left
unwrapped, and each way of choosing the language (``--language``, ``AUTOGRADER_LANGUAGE``, the course's
``c.Autograder.language``, nbgrader autograde through the course's config) reaches what students read,
without changing a score or a check's name in the records.

When one fails: extract, update, translate, compile (the README's "Adding a student-facing string").
"""

import ast
import json
import os
import re
import string
from pathlib import Path

import nbformat
import pytest
from babel.messages.mofile import read_mo

from autograder import __main__ as cli
from autograder.course import build, gradebook, settings, translations
from autograder.engine import i18n
from autograder.engine.i18n import _

PACKAGE = Path(translations.PACKAGE)
ZH = "zh-TW"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = "pybabel extract/update/compile (README: Adding a student-facing string)"


@pytest.fixture
def english_afterwards():
    """The test starts with no language exported; whatever it chooses, the process speaks as before afterwards.

    (The tests set the variable themselves, not with monkeypatch, whose undo would run after this.)
    """
    saved = os.environ.pop(i18n.ENVIRONMENT_VARIABLE, None)
    yield
    i18n.use_language(saved or "en")
    if saved is None:
        del os.environ[i18n.ENVIRONMENT_VARIABLE]


@pytest.fixture(scope="module")
def catalogue():
    return translations.read_catalogue(ZH)


@pytest.fixture(scope="module")
def extracted():
    return translations.extracted()


# --------------------------------------------------------------------------- the catalogue itself

def test_every_message_of_the_package_has_a_translation(extracted, catalogue):
    assert len(extracted) > 400  # the checks' names, mistakes and messages, the engine's, the pages'
    untranslated = [f"{files[0][0]}:{files[0][1]}: {msgid!r}" for msgid, files in extracted.items()
                    if catalogue.get(msgid) is None or catalogue.get(msgid).fuzzy  # pybabel update's guess
                    or not all(_forms(catalogue.get(msgid).string))]
    assert not untranslated, f"no zh-TW translation ({COMMANDS}):\n" + "\n".join(untranslated)
    obsolete = [message.id for message in catalogue if message.id and _singular(message.id) not in extracted]
    assert not obsolete, f"the .po holds messages the package no longer says ({COMMANDS}): {obsolete}"


def test_the_compiled_catalogue_is_the_one_its_po_makes(catalogue):
    with open(translations.catalogue_path(ZH, "mo"), "rb") as file:
        compiled = read_mo(file)
    def table(source):  # read_mo gives a plural's forms as lists, read_po as tuples
        def plain(value):
            return tuple(value) if isinstance(value, list) else value
        return {plain(message.id): plain(message.string) for message in source if message.id and not message.fuzzy}
    assert table(compiled) == table(catalogue), f"autograder.mo is stale: run pybabel compile ({COMMANDS})"


def test_translations_keep_the_placeholders_of_their_message(catalogue):
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = _placeholders(ids[-1])
        wrong += [(message.id, form) for form in _forms(message.string) if _placeholders(form) != wanted]
    assert not wrong, f"placeholders differ from the msgid's: {wrong}"


def test_public_checks_carry_their_translations_into_the_release(catalogue):
    """The release's translations.json is the public checks' part of the catalogue, nothing more."""
    table = json.loads((build.ROOT / "assignments" / "05_adaptive_optimizers" / "translations.json").read_text("utf-8"))
    public = translations.public_messages([build.PUBLIC_CONFTEST, build.public_checks("05_adaptive_optimizers")])
    assert sorted(table[ZH]) == public and len(public) > 20
    assert table[ZH]["w after three steps"] == catalogue["w after three steps"].string
    hidden_only = "no bias correction (m_hat = m/(1-beta1**t), v_hat = v/(1-beta2**t) are missing)"
    assert hidden_only not in table[ZH]  # the release says nothing of the hidden checks


# --------------------------------------------------------------------------- nothing left unwrapped

TRANSLATORS = {"_", "N_", "ngettext"}
MESSAGE_CALLS = {"CheckFailed", "StudentError", "BadResult", "TooLarge", "NotDefined", "SandboxCrashed",
                 "StudentTimeout", "SubmissionError", "TookTooLong", "fail"}  # fail: pytest.fail
MESSAGE_KEYWORDS = {"what", "why", "shown"}
WORDS = re.compile(r"[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}")


def _unwrapped(expression, words=WORDS):
    """The literals with ``words`` in ``expression`` that no ``_()``/``N_()``/``ngettext()`` call holds."""
    inside = {id(node) for call in ast.walk(expression) if isinstance(call, ast.Call)
              and _name(call.func) in TRANSLATORS for argument in call.args for node in ast.walk(argument)}
    found = []
    for node in ast.walk(expression):
        if id(node) in inside:
            continue
        if isinstance(node, ast.JoinedStr) and words.search("".join(
                part.value for part in node.values if isinstance(part, ast.Constant))):
            found.append(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and words.search(node.value) \
                and not any(id(node) == id(part) for joined in ast.walk(expression)
                            if isinstance(joined, ast.JoinedStr) for part in joined.values):
            found.append(node)
    return found


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


# a word of a sentence in a formula's text, not a name in it ("1 everywhere", not "a.data" or "out.data")
SENTENCE_WORD = re.compile(r"(?<![\w.])[A-Za-z]{3,}(?![\w.(])")


def _module_tables(tree):
    """``{name: display}`` of the module's ``NAME = {...}``, ``[...]`` or ``(...)`` tables."""
    return {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, (ast.Dict, ast.List, ast.Tuple, ast.Set))
            for target in node.targets if isinstance(target, ast.Name)}


def _table_text(table):
    """The unwrapped literals with sentence words among a table's values (its dict keys are names)."""
    keys = {id(key) for display in ast.walk(table) if isinstance(display, ast.Dict) for key in display.keys}
    return [literal for literal in _unwrapped(table, SENTENCE_WORD) if id(literal) not in keys]


def student_facing_literals(tree):
    """(line, text) of every student-facing literal left unwrapped in a module's syntax tree.

    Beyond the messages themselves, the text tables feed into messages: a string beside a lambda (a
    formula and what it computes, as 07's localize tabulates them), and a module table looked up in a
    translated message's ``.format()`` arguments.
    """
    found, tables = [], _module_tables(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List)) and any(isinstance(element, ast.Lambda) for element in node.elts):
            found += [(element.lineno, ast.unparse(element)) for element in _table_text(ast.Tuple(
                elts=[element for element in node.elts if not isinstance(element, ast.Lambda)]))]
        if isinstance(node, ast.Call) and _name(node.func) == "format" and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Call) and _name(node.func.value.func) in TRANSLATORS:
            looked_up = {sub.value.id for keyword in node.keywords for sub in ast.walk(keyword.value)
                         if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name)}
            found += [(literal.lineno, ast.unparse(literal)) for name in sorted(looked_up & tables.keys())
                      for literal in _table_text(tables[name])]
        expressions = []
        if isinstance(node, ast.Call) and _name(node.func) in MESSAGE_CALLS:
            expressions += node.args[:1]
        if isinstance(node, ast.Call):
            expressions += [keyword.value for keyword in node.keywords if keyword.arg in MESSAGE_KEYWORDS]
        # a check's name and a mistake's description are extracted as written and stay English where they
        # identify: a plain string (placeholders from fields=), neither an f-string nor translated at import
        if isinstance(node, ast.Call) and _name(node.func) in ("check", "mistake"):
            position = 2 if _name(node.func) == "check" else 0
            text = node.args[position] if len(node.args) > position else next(
                (keyword.value for keyword in node.keywords if keyword.arg in ("name", "description")), None)
            if isinstance(text, ast.JoinedStr) or isinstance(text, ast.Call) and _name(text.func) == "_":
                found.append((text.lineno, ast.unparse(text)))
        if isinstance(node, ast.Assert) and node.msg is not None:
            expressions.append(node.msg)
        if isinstance(node, ast.JoinedStr):  # Babel does not look inside f-strings: _() there is never extracted
            found += [(call.lineno, ast.unparse(call)) for part in node.values for call in ast.walk(part)
                      if isinstance(call, ast.Call) and _name(call.func) in TRANSLATORS]
        found += [(literal.lineno, ast.unparse(literal)) for expression in expressions for literal in _unwrapped(expression)]
    return sorted(set(found))


def test_no_student_facing_literal_is_left_unwrapped():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}: {text}" for line, text in student_facing_literals(tree)]
    assert not offenders, "write these as _(\"... {name} ...\").format(name=...):\n" + "\n".join(offenders)


def test_the_detector_finds_what_it_is_for():
    tree = ast.parse('raise CheckFailed(f"{call} returned {got} but it should not")\n'
                     'nb.expect_close(1, 2, call="f(1)", what="the final x")\n'
                     'assert ok, f"{call}: the loss should fall"\n'
                     '@check("f", 1, f"{name}: first step")\ndef test(): pass\n'
                     'raise CheckFailed(_("{call} is right").format(call=call))\n'
                     'nb.expect_close(1, 2, call="f(1)", what=nb._("the final x"))\n'
                     'raise StudentTimeout(f"{call} {error}.")\n'
                     'print(f"{_(\'score\')}: {score}")\n'
                     '@mistake(_("a sign error"))\ndef wrong(x): pass\n'
                     '_WRONG = {"-a": [("0 (a fresh Value)", lambda x: 0.0), ("a.data", lambda x: x)]}\n'
                     '_RIGHT = {"-a": "-1", "a.relu()": "1 where a.data > 0"}\n'
                     'message = _("{wrong} instead of {right}").format(wrong=w, right=_RIGHT[name])\n'
                     '_SHOWN = [(N_("1 everywhere"), lambda x: 1.0)]\n'
                     '_NAMES = {"not in a message": "one thing", "keys": "another"}\n')
    assert [line for line, _text in student_facing_literals(tree)] == [1, 2, 3, 4, 9, 10, 12, 13]


# --------------------------------------------------------------------------- choosing the language

def test_the_environment_and_the_course_setting_choose_the_language(tmp_path, english_afterwards):
    (tmp_path / "nbgrader_config.py").write_text('c = get_config()\nc.Autograder.language = "zh-TW"\n')
    config = settings.read_course_config(tmp_path)
    assert settings.use_course_language(config) == ZH and CHINESE.search(_("the final x"))
    assert os.environ[i18n.ENVIRONMENT_VARIABLE] == ZH  # workers and subprocesses speak it too
    os.environ[i18n.ENVIRONMENT_VARIABLE] = "en"
    assert settings.use_course_language(config) == "en" and _("the final x") == "the final x"
    assert settings.use_course_language(config, "zh_tw") == ZH  # the option first
    del os.environ[i18n.ENVIRONMENT_VARIABLE]
    assert settings.use_course_language(settings.read_course_config(tmp_path / "elsewhere")) == "en"
    with pytest.raises(ValueError, match="choose one of en, zh-TW"):
        i18n.use_language("fr")


def test_grade_language_changes_the_words_never_the_scores_or_names(tmp_path, capsys, english_afterwards):
    submission = tmp_path / "ben.py"  # a sign error in dy_dx, a stub for the rest
    submission.write_text("def dy_dx(x):\n    return 2 * (x - 5)\n")
    runs = {}
    for language in ("en", ZH):
        out = tmp_path / f"{language}.json"
        assert cli.main(["grade", "--assignment", "01_gradient_descent", "--jobs", "1", "--language", language,
                         "--json", str(out), str(submission)]) == 0
        runs[language] = json.loads(out.read_text(encoding="utf-8"))["submissions"][0]
    printed = capsys.readouterr().out
    assert "分數" in printed  # the table's words
    english, chinese = runs["en"], runs[ZH]
    assert chinese["score"] == english["score"] and [t["name"] for t in chinese["tests"]] == \
        [t["name"] for t in english["tests"]]  # what identifies a check stays English
    assert [t["score"] for t in chinese["tests"]] == [t["score"] for t in english["tests"]]
    wrong = next(t for t in chinese["tests"] if t["function"] == "dy_dx" and t["status"] == "failed")
    assert wrong["output"] == "dy_dx(3.0) 回傳了 -4.0，但預期結果是 16.0。", wrong["output"]
    verdict = next(f["verdict"] for f in chinese["functions"] if f["function"] == "dy_dx")
    assert "這正是犯了這個錯誤時會得到的結果：平移的正負號錯誤" in verdict, verdict  # the mistake, translated


def test_check_language_reaches_the_public_checks(capfd, english_afterwards):
    stubs = build.ROOT / "assignments" / "01_gradient_descent" / "01_gradient_descent.ipynb"
    assert cli.main(["check", "--language", ZH, str(stubs)]) == 1
    output = capfd.readouterr().out
    assert "`dy_dx` 仍是未實作的樣板" in output and "這些只是公開檢查" in output, output


def test_nbgrader_autograde_speaks_the_course_language(tmp_path, english_afterwards):
    """EngineGrades, as nbgrader's autograde runs it with the course's config, writes the cells in its language."""
    (tmp_path / "nbgrader_config.py").write_text('c = get_config()\nc.Autograder.language = "zh-TW"\n')
    notebook = nbformat.read(build.ROOT / "assignments" / "01_gradient_descent" / "01_gradient_descent.ipynb", 4)
    record = {"score": 0.0, "max_score": 1.0, "error": None, "_notes": {},
              "tests": [{"name": "dy_dx: the lecture's slope at x = 3 and x = -5", "function": "dy_dx",
                         "score": 0.0, "max_score": 0.5, "status": "failed", "output": "...",
                         "_notes": {"title": "dy_dx：講義中 x = 3 與 x = -5 的斜率"}}]}
    resources = {"nbgrader": {"assignment": "01_gradient_descent", "student": "ben"}, "autograder": {"record": record}}
    graded, _resources = gradebook.EngineGrades(config=settings.read_course_config(tmp_path)).preprocess(notebook,
                                                                                                        resources)
    assert i18n.current_language() == ZH and "沙箱評分引擎" in graded.cells[0].source
    cell = next(cell for cell in graded.cells if cell.get("outputs") and "dy_dx" in cell.outputs[0].text)
    assert "dy_dx 的隱藏檢查：0 / 0.5 分" in cell.outputs[0].text and "[未通過] dy_dx：講義中" in cell.outputs[0].text


# --------------------------------------------------------------------------- helpers

def _singular(msgid):
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _forms(msgstr):
    return msgstr if isinstance(msgstr, tuple) else (msgstr,)


def _placeholders(text):
    return sorted({field.split(".")[0].split("[")[0] for _literal, field, _spec, _conversion
                   in string.Formatter().parse(text) if field is not None})
