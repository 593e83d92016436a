"""Private copies of modules, for the sandbox's side of the grading: what a submission's cells cannot patch.

The sandboxed child runs the submission's cells, then answers the grader's calls with
``autograder.engine.sandbox._serve``. Cells run first and can rebind any name they reach:
a driver of an assignment's ``drivers.py``, ``autograder.engine.sandbox.answer = fake``,
``numpy.asarray = fake``, ``builtins.isinstance = fake``. :func:`sealed`, called before
the cells run, gives copies of the serving modules that no such assignment reaches: each
copy is a module object in no ``sys.modules``, whose functions and classes are made
again over a private globals dict, in which the other sealed modules are the copies,
every other module is a snapshot of its attributes, and the builtins are a copy.

What this does not stop (the residual risk, stated in ``autograder.engine.sandbox``): code that
reaches the copies through the interpreter itself (``gc.get_objects()``, the frames of
a running call, ``ctypes``) or patches the internals of numpy or the standard library
below their top-level names.
"""

import builtins
import types


def sealed(modules):
    """``{name: private copy}`` of each module of ``modules``, bound to each other's copies."""
    copies = {module.__name__: types.ModuleType(module.__name__, module.__doc__) for module in modules}
    files = {module.__name__: module.__file__ for module in modules}
    made = {}  # id(original) -> copy: a subclass gets the copied base, a table the copied functions
    private_builtins = dict(vars(builtins))

    def ours(value):  # defined in the source of a sealed module (not generated, e.g. by dataclasses)
        code = getattr(value, "__code__", None)
        return code is not None and files.get(value.__module__) == code.co_filename

    def copy(value):
        if id(value) in made:
            return made[id(value)]
        if isinstance(value, types.FunctionType) and ours(value):
            twin = types.FunctionType(value.__code__, vars(copies[value.__module__]), value.__name__,
                                      value.__defaults__, value.__closure__)
            twin.__kwdefaults__, twin.__qualname__ = value.__kwdefaults__, value.__qualname__
            twin.__dict__.update(value.__dict__)
        elif isinstance(value, (staticmethod, classmethod)):
            return type(value)(copy(value.__func__))
        elif isinstance(value, type) and value.__module__ in copies:
            body = {key: copy(item) for key, item in vars(value).items() if key not in ("__dict__", "__weakref__")}
            twin = type(value)(value.__name__, tuple(made.get(id(base), base) for base in value.__bases__), body)
            twin.__qualname__ = value.__qualname__
        elif isinstance(value, types.ModuleType):
            return copies.get(value.__name__) or types.SimpleNamespace(**vars(value))
        elif type(value) is dict:  # a module's table of functions (07's drivers' operators)
            twin = {key: copy(item) for key, item in value.items()}
        else:
            return value
        made[id(value)] = twin
        return twin

    for module in modules:
        namespace = vars(copies[module.__name__])
        for name, value in vars(module).items():
            if name not in ("__builtins__", "__name__", "__doc__"):
                namespace[name] = copy(value)
        namespace["__builtins__"] = private_builtins
    return copies
