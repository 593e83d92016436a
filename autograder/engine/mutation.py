"""Error models by mutation: what a function returns with one small edit of its code.

A one-edit mistake in a student's function usually behaves like a one-edit mutant of the
reference: two hyper-parameters swapped, the square root left out, ``-`` where ``+`` belongs, a
constant or a default typed wrong, the parentheses somewhere else, a loop one step too long.
:func:`mutants` parses a function's source with :mod:`ast` and makes such mutants, one edit each
(or one operator edit made in every place it fits, as a student who misreads ``beta**t`` writes
``beta*t`` in both bias corrections), compiled in the grader process beside the function (they
never reach a sandbox). Each
:class:`Mutant` carries a sentence that names its edit with only what a student knows: the
function's arguments, the config keys, the names of its docstring (the notebook shows it), math
functions and operators; never the reference's code.

The engine knows no assignment: a check hands a reference function to the checks' layer
(``autograder.checks.known_mistakes.mutated``), which runs the mutants like known mistakes on the
inputs the check used; the verdict names one only when it reproduces every failing case.

Mutants are made once per function (cached) and at most :data:`LIMIT` of them; nothing in a
``while`` condition, nor what it reads, is mutated, so every mutant stops.
"""

import ast
import contextlib
import copy
import functools
import inspect
import re
import textwrap
from dataclasses import dataclass

from autograder.engine.i18n import N_, _

LIMIT = 300

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**",
              ast.Mod: "%"}
_FLIPS = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div, ast.Add], ast.Div: [ast.Mult, ast.FloorDiv],
          ast.FloorDiv: [ast.Div], ast.Pow: [ast.Mult]}
_COMPARISONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_COMPARE_FLIPS = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt]}
# Math a student calls by name: what leaving it out, or calling its neighbour instead, is called.
_MATH = {"sqrt": N_("the square root"), "exp": N_("the exponential"), "log": N_("the logarithm"),
         "abs": N_("the absolute value"), "square": N_("the square"), "tanh": N_("tanh")}
_NEIGHBOURS = [("sum", "mean"), ("max", "min"), ("maximum", "minimum"), ("floor", "ceil", "round"),
               ("log", "log2", "log10"), ("sqrt", "square", "abs"), ("argmax", "argmin"), ("ceil", "floor")]


_VAGUE = {N_("a term left out"), N_("a factor left out"), N_("a division left out"), N_("a power left out"),
          N_("the parentheses in another place (operator precedence)")}

_SYMBOLIC = {N_("{new} where {old} belongs"), N_("{new} where {old} belongs (a product instead of a power)"),
             N_("the sign flipped ({new} where {old} belongs)"),
             N_("the term {term} left out"), N_("the factor {factor} left out"), N_("the division by {term} left out"),
             N_("the power {power} left out")}  # said with numbers and symbols only, they need a place


@dataclass(frozen=True)
class Mutant:
    """A function with one edit: ``function`` takes the same arguments as the original.

    ``template`` (English, a msgid) and ``fields`` say the edit in student words; ``where`` names
    the value the edit sits in (``v``; "" for the value returned) or is None when it has no name.
    """
    function: object
    template: str
    fields: tuple = ()
    where: str | None = None
    test: str = ""  # the test of the ``if`` the edit sits in (``|q| > 1``), when it has no ``where``

    @property
    def description(self):
        """The edit in the current language: "beta1 and beta2 swapped, in how v is computed"."""
        fields = {key: _(value) if key == "what" else value for key, value in self.fields}  # "what": a msgid
        edit = _(self.template).format(**fields)
        if self.where:
            return _("{edit}, in how {name} is computed").format(edit=edit, name=self.where)
        if self.where == "":
            return _("{edit}, in the value returned").format(edit=edit)
        if self.test and self.test not in edit:
            return _("{edit}, in the test {test}").format(edit=edit, test=self.test)
        return edit


def _source_tree(function):
    """The ``ast.FunctionDef`` of ``function``, or None when its source cannot be read."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    tree = ast.parse(source)
    definition = tree.body[0] if tree.body else None
    return definition if isinstance(definition, ast.FunctionDef) else None


def _known_names(definition):
    """Names a student knows: the arguments, config keys (string subscripts, ``get``/``setdefault``
    keys, ``update`` keywords) and the identifiers of the docstring."""
    names = {arg.arg for arg in definition.args.args + definition.args.kwonlyargs}
    for node in ast.walk(definition):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            names.add(node.slice.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("get", "setdefault") and node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
            if node.func.attr == "update":
                names.update(keyword.arg for keyword in node.keywords if keyword.arg)
    names.update(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", ast.get_docstring(definition) or ""))
    return names


def _config_keys(definition):
    return sorted({node.slice.value for node in ast.walk(definition) if isinstance(node, ast.Subscript)
                   and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)})


class _Site:
    """Where a node sits: its enclosing statement and the name of the value that statement computes."""

    def __init__(self, definition):
        self.parent = {}
        for node in ast.walk(definition):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.frozen = set()  # nodes never mutated: while conditions, what they read, docstrings, raises
        loop_names = set()
        for node in ast.walk(definition):
            if isinstance(node, ast.While):
                guard = _counted(node) or node.test
                loop_names |= {n.id for n in ast.walk(guard) if isinstance(n, ast.Name)}
                self.frozen |= set(ast.walk(guard))
            if isinstance(node, (ast.Raise, ast.Assert)):
                self.frozen |= set(ast.walk(node))
            if isinstance(node, ast.If) and all(isinstance(s, ast.Raise) for s in node.body):
                self.frozen |= set(ast.walk(node.test))
        for node in ast.walk(definition):
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)} & loop_names:
                    self.frozen |= set(ast.walk(node))
        self.frozen |= set(definition.args.defaults) | set(definition.args.kw_defaults)  # see "a default" edits
        docstring = definition.body[0] if definition.body and isinstance(definition.body[0], ast.Expr) and \
            isinstance(definition.body[0].value, ast.Constant) else None
        if docstring is not None:
            self.frozen |= set(ast.walk(docstring))

    def test(self, node, known):
        """The test of the ``if`` whose condition ``node`` is part of, as a student reads it, or ""."""
        child = node
        while child in self.parent and not isinstance(child, ast.stmt):
            parent = self.parent[child]
            if isinstance(parent, ast.If) and parent.test is child:
                return _text(child, known) or ""
            child = parent
        return ""

    def statement(self, node):
        while node in self.parent and not isinstance(node, ast.stmt):
            node = self.parent[node]
        return node

    def where(self, node, known):
        """The name of the value ``node`` is part of (``v``), "" in a return, None when it has none a student knows."""
        statement = self.statement(node)
        if isinstance(statement, ast.Return):
            return ""
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Tuple) and isinstance(statement.value, ast.Tuple) and \
                    len(target.elts) == len(statement.value.elts):
                for element, value in zip(target.elts, statement.value.elts):
                    if node is value or node in set(ast.walk(value)):
                        target = element
                        break
            if isinstance(target, ast.Name) and target.id in known:
                return target.id
            if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                return str(target.slice.value)
        return None


def _counted(loop):
    """The part of ``while A and iters < max_iters`` that a counter bounds (``iters < max_iters``, with ``iters += 1``
    in the loop's body), or None: the loop stops whatever is done to the other parts, which may then be mutated."""
    if not (isinstance(loop.test, ast.BoolOp) and isinstance(loop.test.op, ast.And)):
        return None
    counted = {statement.target.id for statement in loop.body if isinstance(statement, ast.AugAssign)
               and isinstance(statement.op, ast.Add) and isinstance(statement.target, ast.Name)
               and isinstance(statement.value, ast.Constant) and statement.value.value == 1}
    for part in loop.test.values:
        if isinstance(part, ast.Compare) and len(part.ops) == 1 and isinstance(part.ops[0], (ast.Lt, ast.LtE)) and \
                isinstance(part.left, ast.Name) and part.left.id in counted:
            return part
    return None


def _text(node, known):
    """``node`` as a student may read it (names they know only, short, no dict lookups), or None."""
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    text = ast.unparse(node)
    if not names <= known | {"np", "math", "abs", "min", "max", "len", "round", "float", "int"} or len(text) > 40 or ".get(" in text or "{" in text:
        return None
    text = re.sub(r"config\[['\"](\w+)['\"]\]", r"\1", text)
    text = re.sub(r" ?(\*\*|\*|//|/) ?", r"\1", text)  # as the docstrings write it: 1 - lr*curvature
    text = re.sub(r"(?<![\w.])(?:np\.)?abs\(([^()]*)\)", r"|\1|", text)  # and |a| + |b|
    return f"({text})" if isinstance(node, ast.BinOp) else text


def _number(value):
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _constant_candidates(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    candidates = {0: [1], 1: [0, 2], 2: [1, 0.5], 0.5: [2, 1]}.get(value, [])
    if isinstance(value, float) and value not in (0, 1):
        candidates += [-value, value * 10, value / 10]
    elif isinstance(value, int) and value not in (0, 1):  # a count: one off (never 10 times the iterations)
        candidates += [-value] + ([value - 1, value + 1] if value != 2 else [])
    return [c for c in dict.fromkeys(candidates) if c != value]


def _edits(definition, site, known):
    """``(node, replacement or a swap function, template, fields, where)`` for every one-edit mutant."""
    edits = []

    def add(node, replacement, template, /, **fields):
        edits.append((node, replacement, template, tuple(fields.items()), site.where(node, known)))

    nodes = [node for node in ast.walk(definition) if node not in site.frozen]
    flips = {}  # (operator, its replacement, the right operand) -> the places that edit fits, for 10.
    containers = {n.value.id for n in ast.walk(definition) if isinstance(n, (ast.Subscript, ast.Attribute))
                  and isinstance(n.value, ast.Name)} | {n.func.id for n in ast.walk(definition)
                                                         if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    # 1. two config keys or two known names swapped within one statement
    statements = [n for n in nodes if isinstance(n, ast.stmt) and not isinstance(n, (ast.FunctionDef, ast.For,
                                                                                      ast.While, ast.If))]
    for statement in statements:
        names = sorted({n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and n.id in known - containers})
        keys = sorted({n.value for n in ast.walk(statement) if isinstance(n, ast.Constant) and
                       isinstance(n.value, str) and n.value in known and n.value.isidentifier()})
        for kind, words in (("key", keys), ("name", names)):
            for i, first in enumerate(words):
                for second in words[i + 1:]:
                    edits.append((statement, ("swap", kind, first, second), N_("{first} and {second} swapped"),
                                  (("first", first), ("second", second)), None))
    for node in nodes:
        # 0. a while loop that never runs (its condition false at once), or that never stops early (a for loop
        # without its body leaves what it computes undefined or at its start: another mistake than an empty range)
        if isinstance(node, ast.While):
            add(node, ast.Pass(), N_("a loop that never runs (no iteration is made)"))
        counted = _counted(node) if isinstance(node, ast.While) else None
        if counted is not None and len(node.test.values) == 2:
            other = _text(next(part for part in node.test.values if part is not counted), known)
            if other:
                add(node.test, counted, N_("a loop that never stops early: {test} left out of its condition"), test=other)
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            module = node.func.value.id if isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) else ""
            # 2. a math function left out, or its neighbour called instead
            if name in _MATH and len(node.args) == 1 and module in ("np", "math", ""):
                add(node, node.args[0], N_("{what} ({call}) left out"), what=_MATH[name], call=name)
            for family in _NEIGHBOURS:
                if name in family and module in ("np", "math"):
                    for other in family:
                        if other != name:
                            new = copy.deepcopy(node)
                            new.func.attr = other
                            add(node, new, N_("{new} where {old} belongs"), new=f"{module}.{other}",
                                old=f"{module}.{name}")
            if name in ("maximum", "max") and module == "np" and len(node.args) == 2 and \
                    any(isinstance(a, ast.Constant) and a.value == 0 for a in node.args):
                z = next(a for a in node.args if not (isinstance(a, ast.Constant) and a.value == 0))
                sigmoid = ast.parse(f"1 / (1 + np.exp(-({ast.unparse(z)})))", mode="eval").body
                add(node, sigmoid, N_("a sigmoid where the ReLU max(z, 0) belongs"))
                add(node, ast.parse(f"np.tanh({ast.unparse(z)})", mode="eval").body,
                    N_("tanh where the ReLU max(z, 0) belongs"))
                add(node, z, N_("the ReLU max(z, 0) left out"))
            # 3. a keyword argument left out (axis=-1, keepdims=True...)
            for index, keyword in enumerate(node.keywords):
                if keyword.arg and keyword.arg != "dtype" and module == "np":
                    new = copy.deepcopy(node)
                    del new.keywords[index]
                    add(node, new, N_("{call} without {keyword}"), call=f"np.{name}",
                        keyword=f"{keyword.arg}={ast.unparse(keyword.value)}")
            # 4. a loop one step too long or too short
            if name == "range" and isinstance(node.func, ast.Name) and node.args:
                end = len(node.args) - 1 if len(node.args) < 3 else 1
                for delta, template in ((1, N_("the loop running one step too many")),
                                        (-1, N_("the loop running one step too few"))):
                    new = copy.deepcopy(node)
                    new.args[end] = ast.BinOp(new.args[end], ast.Add() if delta > 0 else ast.Sub(), ast.Constant(1))
                    add(node, new, template)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            symbol = _OPERATORS[type(node.op)]
            # 5. another operator
            for other in _FLIPS.get(type(node.op), []):
                flipped = ast.BinOp(node.left, other(), node.right)
                shown = _text(flipped, known), _text(node, known)
                template = N_("{new} where {old} belongs (a product instead of a power)") if \
                    isinstance(node.op, ast.Pow) else N_("{new} where {old} belongs")
                add(node, flipped, template, new=shown[0][1:-1] if all(shown) else _OPERATORS[other],
                    old=shown[1][1:-1] if all(shown) else symbol)
                if all(shown):
                    flips.setdefault((type(node.op), other, ast.dump(node.right)), []).append((node, flipped, shown))
            # 6. a term or a factor left out, the operands the other way round
            right, left = _text(node.right, known), _text(node.left, known)
            if isinstance(node.op, (ast.Add, ast.Sub)):  # "the term + end_learning_rate": what was not added
                add(node, node.left, N_("the term {term} left out") if right else N_("a term left out"),
                    **({"term": f"{symbol} {right}"} if right else {}))
                add(node, node.right if isinstance(node.op, ast.Add) else ast.UnaryOp(ast.USub(), node.right),
                    N_("the term {term} left out") if left else N_("a term left out"), **({"term": left} if left else {}))
            if isinstance(node.op, ast.Mult):
                for kept, dropped in ((node.left, right), (node.right, left)):
                    add(node, kept, N_("the factor {factor} left out") if dropped else N_("a factor left out"),
                        **({"factor": dropped} if dropped else {}))
            if isinstance(node.op, (ast.Div, ast.FloorDiv)):
                add(node, node.left, N_("the division by {term} left out") if right else N_("a division left out"),
                    **({"term": right} if right else {}))
            if isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) and node.right.value == 2 and left:
                add(node, node.left, N_("{new} not squared ({new} where {old} belongs)"), new=left,
                    old=_text(node, known)[1:-1])
            elif isinstance(node.op, ast.Pow):
                add(node, node.left, N_("the power {power} left out") if right else N_("a power left out"),
                    **({"power": "**" + right} if right else {}))
            if isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) and node.right.value == 2:
                add(node, ast.Call(ast.Attribute(ast.Name("np", ast.Load()), "abs", ast.Load()), [node.left], []),
                    N_("the absolute value where the square belongs"))
            # the absolute value of a sum (or difference) where the sum of absolute values belongs
            if isinstance(node.op, (ast.Add, ast.Sub)) and all(
                    isinstance(side, ast.Call) and len(side.args) == 1 and not side.keywords and
                    ast.unparse(side.func) in ("abs", "np.abs", "math.fabs") for side in (node.left, node.right)):
                combined = ast.Call(node.left.func, [ast.BinOp(node.left.args[0], node.op, node.right.args[0])], [])
                shown = _text(combined, known), _text(node, known)
                if all(shown):
                    add(node, combined, N_("{new} where {old} belongs"), new=shown[0], old=shown[1][1:-1])
            swapped = ast.BinOp(node.right, node.op, node.left)
            if isinstance(node.op, (ast.Sub, ast.Div, ast.Pow)) and _text(swapped, known) and _text(node, known):
                add(node, swapped, N_("{new} where {old} belongs"), new=_text(swapped, known)[1:-1],
                    old=_text(node, known)[1:-1])
            # 7. precedence: a op (b op2 c) <-> (a op b) op2 c
            for inner, outer_side in ((node.right, "right"), (node.left, "left")):
                if isinstance(inner, ast.BinOp) and type(inner.op) in _OPERATORS:
                    if outer_side == "right":
                        new = ast.BinOp(ast.BinOp(node.left, node.op, inner.left), inner.op, inner.right)
                    else:
                        new = ast.BinOp(inner.left, inner.op, ast.BinOp(inner.right, node.op, node.right))
                    shown = _text(new, known), _text(node, known)
                    if all(shown):
                        add(node, new, N_("the parentheses in another place (operator precedence): {new} where {old} "
                                          "belongs"), new=shown[0][1:-1], old=shown[1][1:-1])
                    else:
                        add(node, new, N_("the parentheses in another place (operator precedence)"))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
            add(node, node.operand, N_("the minus sign left out"))
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            for other in _COMPARE_FLIPS.get(type(node.ops[0]), []):
                flipped = ast.Compare(node.left, [other()], node.comparators)
                shown = _text(flipped, known), _text(node, known)
                add(node, flipped, N_("{new} where {old} belongs"),
                    new=shown[0] if all(shown) else _COMPARISONS[other],
                    old=shown[1] if all(shown) else _COMPARISONS[type(node.ops[0])])
        # 8. a constant: a default typed wrong, a counter one off, another number
        if isinstance(node, ast.Constant) and not isinstance(node.value, (bool, str)) and node.value is not None:
            parent = site.parent.get(node)
            for value in _constant_candidates(node.value):
                new = ast.Constant(value)
                if isinstance(parent, ast.Call) and getattr(parent.func, "attr", "") in ("setdefault", "get") and \
                        len(parent.args) == 2 and parent.args[1] is node and isinstance(parent.args[0], ast.Constant):
                    if value >= 0:
                        add(node, new, N_("the default {name}={new} instead of {old}"), name=parent.args[0].value,
                            new=_number(value), old=_number(node.value))
                        edits[-1] = (*edits[-1][:4], None)
                elif isinstance(parent, ast.BinOp) and parent.right is node and node.value == 1 and \
                        isinstance(parent.op, (ast.Add, ast.Sub)) and value in (0, 2) and site.where(node, known):
                    larger = (value > node.value) == isinstance(parent.op, ast.Add)
                    add(node, new, N_("{name} one too large") if larger else N_("{name} one too small"),
                        name=site.where(node, known))
                    edits[-1] = (*edits[-1][:4], None)
                elif value == -node.value:
                    add(node, new, N_("the sign flipped ({new} where {old} belongs)"), new=_number(value),
                        old=_number(node.value))
                else:
                    add(node, new, N_("{new} where {old} belongs"), new=_number(value), old=_number(node.value))
    # 10. the same operator edit in every place it fits: beta1*t and beta2*t where beta1**t and beta2**t belong;
    # first, so that where one place alone gives the same results (a nan hides the other), the edit a student
    # makes everywhere, misreading the formula, is the one named
    for places in reversed(flips.values()):
        if len(places) > 1:
            template = N_("{new} where {old} belong (a product instead of a power, in each place)") if \
                places[0][0].op.__class__ is ast.Pow else N_("{new} where {old} belong (the same edit in each place)")
            edits.insert(0, ([node for node, _new, _shown in places], [new for _node, new, _shown in places], template,
                             (("new", ", ".join(shown[0][1:-1] for _node, _new, shown in places)),
                              ("old", ", ".join(shown[1][1:-1] for _node, _new, shown in places))), None))
    # 9. a default argument typed wrong
    arguments = definition.args.args[len(definition.args.args) - len(definition.args.defaults):]
    for argument, default in zip(arguments, definition.args.defaults):
        if isinstance(default, ast.Constant):
            for value in [v for v in _constant_candidates(default.value) if v >= 0]:
                edits.append((default, ast.Constant(value), N_("the default {name}={new} instead of {old}"),
                              (("name", argument.arg), ("new", _number(value)), ("old", _number(default.value))), None))
    return edits


@contextlib.contextmanager
def _applied(definition, site, target, new):
    """``definition`` with ``target`` replaced by ``new`` (or two names swapped in it) while the block
    runs, then as it was: every mutant is compiled from the one tree (a copy of it per mutant cost
    more than the rest of making the mutants). ``target`` and ``new`` may be lists of as many nodes
    (the same edit in several places)."""
    if isinstance(new, tuple) and new[0] == "swap":
        kind, swap = new[1], {new[2]: new[3], new[3]: new[2]}
        field = "id" if kind == "name" else "value"
        swapped = [node for node in ast.walk(target)
                   if kind == "name" and isinstance(node, ast.Name) and node.id in swap
                   or kind == "key" and isinstance(node, ast.Constant) and isinstance(node.value, str)
                   and node.value in swap]

        def swap_back():  # a swap undoes itself
            for node in swapped:
                setattr(node, field, swap[getattr(node, field)])
        swap_back()
        undos = [swap_back]
    else:
        targets, replacements = (target, new) if isinstance(target, list) else ([target], [new])
        undos = [_replaced(site, place, replacement) for place, replacement in zip(targets, replacements)]
    try:
        yield definition
    finally:
        for undo in reversed(undos):
            undo()


def _replaced(site, target, new):
    """Put ``new`` where ``target`` is in its parent; returns what puts ``target`` back."""
    parent = site.parent[target]
    field, value = next((field, value) for field, value in ast.iter_fields(parent) if value is target or
                        isinstance(value, list) and any(item is target for item in value))
    if value is target:
        setattr(parent, field, new)
        return functools.partial(setattr, parent, field, target)
    index = [id(item) for item in value].index(id(target))
    value[index] = new
    return functools.partial(value.__setitem__, index, target)


@functools.lru_cache(maxsize=256)
def mutants(function, limit=LIMIT):
    """Up to ``limit`` :class:`Mutant` of ``function`` (a plain Python function), one edit each;
    ``()`` when its source cannot be read. Edits with the same sentence keep the first."""
    definition = _source_tree(function)
    if definition is None:
        return ()
    definition.decorator_list = []
    known = _known_names(definition) | set(_config_keys(definition))
    site = _Site(definition)
    made, seen = [], set()
    for target, new, template, fields, where in _edits(definition, site, known):
        test = site.test(target, known) if where is None and not isinstance(target, list) else ""  # one place
        key = (template, fields, where, test)
        if key in seen or where is None and (template in _VAGUE or template in _SYMBOLIC and not any(
                re.search("[A-Za-z]", str(value)) for _key, value in fields)):  # "- where + belongs" somewhere: no help
            continue
        with _applied(definition, site, target, copy.deepcopy(new)) as tree:
            module = ast.fix_missing_locations(ast.Module([tree], type_ignores=[]))
            try:
                code = compile(module, inspect.getsourcefile(function) or "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError):
                continue
        namespace = {}
        exec(code, function.__globals__, namespace)  # noqa: S102 - the reference's own code, edited once
        seen.add(key)
        made.append(Mutant(namespace[definition.name], template, fields, where, test))
        if len(made) >= limit:
            break
    return tuple(made)
