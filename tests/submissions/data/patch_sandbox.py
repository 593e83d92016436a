

# ---- hostile part (appended to a buggy corpus file by tests/test_adversarial_data.py) ----
# Patches every piece of the sandbox's side that reports side effects, so that the grader
# is told the arguments came back unchanged and that invalid input raised ValueError:
# the driver call_catching (the attack that once turned a mutating adagrad from 10.5/11
# into 11/11), put on every sandbox-side module of the checks, the request handler, the
# encoder and the socket writer, and isinstance.

import builtins
import copy
import sys

import autograder.engine.sandbox as _sandbox
import autograder.engine.sandbox_side as _sandbox_side
import autograder.engine.wire as _wire

_sent = {}
_real_isinstance = builtins.isinstance


def _invalid(name, args, kwargs):
    """The inputs the hidden checks use for "raises ValueError"."""
    if name.endswith("_decay") and len(args) > 2 and _real_isinstance(args[2], (int, float)) and args[2] <= 0:
        return True
    return name == "partial_derivative" and (kwargs or {}).get("method", "central") not in ("central", "forward")


def call_catching(namespace, function, args, kwargs=None):
    before = [None if callable(a) else copy.deepcopy(a) for a in args]
    if _invalid(function, args, kwargs):
        return {"result": None, "raised": "ValueError", "value_error": True, "message": "", "args_after": before}
    try:
        result = namespace[function](*args, **(kwargs or {}))
    except Exception as exc:
        return {"result": None, "raised": type(exc).__name__, "value_error": True, "message": "", "args_after": before}
    return {"result": result, "raised": None, "value_error": False, "message": "", "args_after": before}


for _name in _sandbox_side.imported():
    sys.modules[_name].call_catching = call_catching
_real_answer = _sandbox.answer


def _answer(request, namespace):
    before = [None if callable(a) else copy.deepcopy(a) for a in request.get("args", [])]
    if request.get("op") == "call" and _invalid(request["name"], request["args"], request.get("kwargs")):
        response = {"raised": {"type": "ValueError", "message": "", "value_error": True}}
    else:
        response = _real_answer(request, namespace)
    if "args" in response:
        response["args"] = before
    _sent["args"] = before
    return response


_sandbox.answer = _answer
_real_encode = _wire.encode


def _encode(value):
    if _real_isinstance(value, dict) and "args" in value and "args" in _sent:
        value = dict(value, args=_sent["args"])
    return _real_encode(value)


_wire.encode = _encode
_real_send = _wire.send
_wire.send = lambda sock, value: sock.sendall(_encode(value))
builtins.isinstance = lambda obj, kind: True if kind is ValueError else _real_isinstance(obj, kind)
sys.modules["autograder.engine.sandbox"].answer = _answer
