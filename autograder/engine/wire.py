"""Plain data across the sandbox boundary, without pickle.

A message is a small binary frame: a magic tag, the length of a JSON header and the
length of a raw byte section. The JSON header describes the value as a tree of plain
nodes; numpy arrays are entries pointing into the raw section (dtype from a whitelist,
shape, offset, size). Decoding builds only None, bool, int, float, str, list, tuple,
dict and numpy arrays/scalars of plain dtypes, so whatever a submission sends, the
grader gets plain data or a :class:`WireError`, never an object that runs code.

What a message may cost the receiver is bounded by a :class:`Budget`, checked before the
memory is spent: the frame's sizes before its body is read, the count of brackets before
the JSON is parsed, and while decoding, the values (elements), the nesting depth and the
decoded bytes. Array entries must tile the raw section in order, as :func:`encode` lays
them out, so no array is decoded from bytes another one already used (one 17 MB frame
whose entries all pointed at the same 1 MiB once asked the grader for 496 GiB). The
grader reads the child's responses with :data:`RESPONSE`, sized from the largest honest
result of the course's checks (11 KB of JSON, 5 KB of arrays, 605 values, measured over the
corpus) with a wide margin; a response over budget is a :class:`WireBudgetExceeded`, which
fails that call alone. Reading one response then costs the grader at most about 64 MB (the
32 MiB read from the socket and the arrays copied out of it), or 74 MB for 2 MiB of JSON at
its worst (``benchmarks/wire_memory.py`` measures these).

Callables go the other way only (grader -> sandbox): a function of a sandbox-side module of the
checks (``autograder.engine.sandbox_side``: an assignment's ``problems.py`` or ``drivers.py``), or a
``functools.partial`` of one with plain arguments, travels as ``"module:name"``, and
:class:`StudentFunction` as the name of a function in the submission. The sandbox
resolves them; the grader's decoder refuses them.
"""

import functools
import json
import socket
import struct
import sys
import time
from dataclasses import dataclass

import numpy as np

from autograder.engine import sandbox_side

MAGIC = b"AGW1"
FRAME = struct.Struct("!4sII")
MAX_NDIM = 32
DTYPES = frozenset(np.dtype(name).str for name in (
    "?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "<f2", "<f4", "<f8", "<c8", "<c16"))
KEY_TYPES = (str, int, float, bool, type(None))
# json's functions look their encoder and decoder up in the json module at every call; these
# are this module's own (which autograder.engine.seal's copies keep, whatever a cell does to json)
JSON_TEXT = json.JSONEncoder(separators=(",", ":"))
JSON_TREE = json.JSONDecoder()


class WireError(Exception):
    """A value cannot be sent, or a received message is not well-formed plain data."""


class WireClosed(WireError):
    """The other side closed the connection (the process ended)."""


class WireTimeout(WireError):
    """No complete message arrived before the deadline."""


class WireBudgetExceeded(WireError):
    """A message is larger than the receiver's :class:`Budget` allows (the message says which part)."""


@dataclass(frozen=True)
class Budget:
    """The most one message may hold: JSON text and raw array bytes as sent, values, nesting, decoded bytes."""
    header: int            # bytes of JSON text
    raw: int               # bytes of the raw (array) section
    elements: int          # values of any kind: numbers, strings, arrays, lists, dicts...
    depth: int = 64        # nesting of lists, tuples and dicts
    decoded: int = 0       # bytes of arrays and strings after decoding (0: header + raw)

    def most_decoded(self):
        return self.decoded or self.header + self.raw


# What the grader accepts from the sandbox: one response answers one call, so this is the
# budget of a call too. The largest honest response measured is 11 KB + 5 KB with 605 values.
RESPONSE = Budget(header=2 * 2**20, raw=32 * 2**20, elements=200_000)
# What the grader sends (the submission's cells, the checks' arguments): trusted, so only a frame limit.
REQUEST = Budget(header=16 * 2**20, raw=256 * 2**20, elements=4_000_000)


class StudentFunction:
    """Argument marker: the submission's own function ``name`` (``student.fn("adam")``)."""

    def __init__(self, name):
        self.name = str(name)

    def __repr__(self):
        return self.name


# ----------------------------------------------------------------------------- encoding

class _Encoder:
    def __init__(self):
        self.chunks, self.size = [], 0

    def raw(self, data):
        offset = self.size
        self.chunks.append(data)
        self.size += len(data)
        return offset

    def array(self, value):
        array = np.ndarray.view(value, np.ndarray)
        if array.dtype.byteorder == ">":
            array = array.astype(array.dtype.newbyteorder("<"))
        if array.dtype.str not in DTYPES:
            raise WireError(f"arrays of dtype {array.dtype} cannot be sent")
        data = np.ascontiguousarray(array).tobytes()
        return [array.dtype.str, list(array.shape), self.raw(data), len(data)]

    def node(self, value, depth=0):
        if depth > REQUEST.depth:
            raise WireError("the value is nested too deeply")
        if value is None or type(value) in (bool, int, float, str):
            return value
        if isinstance(value, np.ndarray):
            return {"a": self.array(value)}
        if isinstance(value, np.generic):
            return {"s": self.array(np.asarray(value))}
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return int.__index__(value)
        if isinstance(value, float):
            return float.__float__(value)
        if isinstance(value, str):
            return str.__str__(value)
        if isinstance(value, list):
            return {"l": [self.node(item, depth + 1) for item in list.__iter__(value)]}
        if isinstance(value, tuple):
            return {"t": [self.node(item, depth + 1) for item in tuple.__iter__(value)]}
        if isinstance(value, dict):
            return {"d": [[self.node(key, depth + 1), self.node(item, depth + 1)]
                          for key, item in dict.items(value)]}
        if isinstance(value, StudentFunction):
            return {"n": value.name}
        if isinstance(value, functools.partial):
            return {"p": [self.function_name(value.func), self.node(list(value.args), depth + 1),
                          self.node(dict(value.keywords), depth + 1)]}
        if callable(value):
            return {"f": self.function_name(value)}
        raise WireError(f"a value of type {type(value).__name__} cannot be sent")

    @staticmethod
    def function_name(function):
        """``"module:name"`` of a function of a sandbox-side module (the only callables the sandbox resolves)."""
        module, name = getattr(function, "__module__", None), getattr(function, "__name__", "")
        if module not in sandbox_side.module_names() or name.startswith("_") \
                or getattr(sys.modules.get(module), name, None) is not function:
            raise WireError(f"only functions of the checks' problems.py and drivers.py can be passed, not {function!r}")
        return f"{module}:{name}"


def encode(value):
    """One framed message holding ``value`` (raises WireError when it is not plain data)."""
    encoder = _Encoder()
    header = JSON_TEXT.encode(encoder.node(value)).encode()
    if len(header) > REQUEST.header or encoder.size > REQUEST.raw:
        raise WireError("the value is too large to send")
    return FRAME.pack(MAGIC, len(header), encoder.size) + header + b"".join(encoder.chunks)


# ----------------------------------------------------------------------------- decoding

def _megabytes(size):
    return f"{size / 2**20:.3g} MB"


class _Decoder:
    """Builds the value of one message, spending at most ``budget``."""

    def __init__(self, raw, resolve, budget):
        self.raw, self.resolve, self.budget = raw, resolve, budget
        self.elements = self.decoded = self.cursor = 0

    def spend(self, size=0):
        """Count one more value of ``size`` decoded bytes against the budget."""
        self.elements += 1
        self.decoded += size
        if self.elements > self.budget.elements:
            raise WireBudgetExceeded(f"more than {self.budget.elements:,} values")
        if self.decoded > self.budget.most_decoded():
            raise WireBudgetExceeded(f"more than {_megabytes(self.budget.most_decoded())} of data")

    def array(self, spec):
        if not (isinstance(spec, list) and len(spec) == 4):
            raise WireError("malformed array entry")
        dtype, shape, offset, nbytes = spec
        if dtype not in DTYPES or not isinstance(shape, list) or len(shape) > MAX_NDIM \
                or not all(type(n) is int and n >= 0 for n in shape) \
                or type(offset) is not int or type(nbytes) is not int or offset < 0 \
                or offset + nbytes > len(self.raw):
            raise WireError("malformed array entry")
        dtype = np.dtype(dtype)
        if int(np.prod(shape, dtype=object)) * dtype.itemsize != nbytes:
            raise WireError("array size does not match its shape")
        if offset != self.cursor:  # encode() lays arrays out one after the other: no bytes used twice
            raise WireBudgetExceeded("array entries that overlap: the same bytes decoded twice")
        self.cursor += nbytes
        self.spend(nbytes)
        return np.frombuffer(self.raw, dtype=dtype, count=nbytes // dtype.itemsize,
                             offset=offset).reshape(shape).copy()

    def node(self, node, depth=0):
        if depth > self.budget.depth:
            raise WireBudgetExceeded(f"values nested more than {self.budget.depth} deep")
        if node is None or type(node) in (bool, int, float):
            self.spend()
            return node
        if type(node) is str:
            self.spend(len(node))
            return node
        if type(node) is not dict or len(node) != 1:
            raise WireError("malformed message")
        (tag, body), = node.items()
        if tag == "a":
            return self.array(body)
        if tag == "s":
            array = self.array(body)
            if array.ndim:
                raise WireError("malformed scalar")
            return array[()]
        if tag in ("l", "t", "d") and type(body) is not list:
            raise WireError("malformed message")
        self.spend()
        if tag == "l":
            return [self.node(item, depth + 1) for item in body]
        if tag == "t":
            return tuple(self.node(item, depth + 1) for item in body)
        if tag == "d":
            result = {}
            for pair in body:
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("malformed dict")
                key = self.node(pair[0], depth + 1)
                if not isinstance(key, KEY_TYPES):
                    raise WireError("dict keys must be strings or numbers")
                result[key] = self.node(pair[1], depth + 1)
            return result
        if tag in ("f", "n", "p") and self.resolve is not None:
            if tag == "p":
                if type(body) is not list or len(body) != 3 or type(body[0]) is not str:
                    raise WireError("malformed partial")
                return functools.partial(self.resolve("f", body[0]), *self.node(body[1], depth + 1),
                                         **self.node(body[2], depth + 1))
            if type(body) is not str:
                raise WireError("malformed function name")
            return self.resolve(tag, body)
        raise WireError(f"unexpected entry {tag!r} in a message")


def check_frame(header_size, raw_size, budget):
    """Refuse a message whose sizes (read from its frame, before its body) exceed ``budget``."""
    if header_size > budget.header:
        raise WireBudgetExceeded(f"{_megabytes(header_size)} of structure, more than the "
                                 f"{_megabytes(budget.header)} accepted")
    if raw_size > budget.raw:
        raise WireBudgetExceeded(f"{_megabytes(raw_size)} of array data, more than the "
                                 f"{_megabytes(budget.raw)} accepted")


def decode(header, raw, resolve=None, budget=RESPONSE):
    """The value of a message's JSON ``header`` and ``raw`` bytes, within ``budget``.

    ``resolve(kind, name)`` turns a function name into a callable ("f": ``"module:name"`` of a
    sandbox-side module, "n": a student function); without it (the grader's side) callables are refused.
    """
    check_frame(len(header), len(raw), budget)
    # every list, tuple, dict and array of the format opens at most 3 brackets: refuse a text
    # with more before json builds it (empty containers cost json ~25 bytes of memory per byte)
    if header.count(b"[") + header.count(b"{") > 3 * budget.elements:
        raise WireBudgetExceeded(f"more than {budget.elements:,} values")
    try:
        tree = JSON_TREE.decode(header.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WireError(f"malformed message: {type(error).__name__}") from None
    decoder = _Decoder(raw, resolve, budget)
    try:
        value = decoder.node(tree)
    except RecursionError:
        raise WireBudgetExceeded("values nested too deeply") from None
    if decoder.cursor != len(raw):
        raise WireError("the raw section holds bytes no array uses")
    return value


# ----------------------------------------------------------------------------- sockets

def send(sock, value):
    """Encode ``value`` and write it to ``sock`` (blocking)."""
    sock.sendall(encode(value))


def _read_exactly(sock, size, deadline):
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WireTimeout("timed out")
            sock.settimeout(remaining)
        try:
            count = sock.recv_into(view[got:])
        except socket.timeout:
            raise WireTimeout("timed out") from None
        except OSError as error:
            raise WireClosed(f"connection lost: {error}") from None
        if count == 0:
            raise WireClosed("the other side closed the connection")
        got += count
    return buffer  # no copy: arrays are copied out of it once, when decoded


def loads(message, resolve=None, budget=RESPONSE):
    """The value of one whole framed message (bytes), as :func:`receive` would return it."""
    if len(message) < FRAME.size:
        raise WireError("malformed message frame")
    magic, header_size, raw_size = FRAME.unpack(message[:FRAME.size])
    if magic != MAGIC or FRAME.size + header_size + raw_size != len(message):
        raise WireError("malformed message frame")
    view = memoryview(message)  # the raw section is not copied before its arrays are
    return decode(bytes(view[FRAME.size:FRAME.size + header_size]), view[FRAME.size + header_size:], resolve, budget)


def receive(sock, deadline=None, resolve=None, budget=RESPONSE, sizes=None):
    """Read one message from ``sock`` before ``deadline`` (a time.monotonic() value) and decode it.

    Its sizes are checked against ``budget`` before its body is read; after a
    :class:`WireBudgetExceeded` the rest of that message is still in ``sock``, so the
    connection is of no further use. ``sizes``, a list, gets the message's size in bytes appended.
    """
    magic, header_size, raw_size = FRAME.unpack(_read_exactly(sock, FRAME.size, deadline))
    if magic != MAGIC:
        raise WireError("malformed message frame")
    check_frame(header_size, raw_size, budget)
    if sizes is not None:
        sizes.append(header_size + raw_size)
    header = _read_exactly(sock, header_size, deadline)
    raw = _read_exactly(sock, raw_size, deadline)
    return decode(header, raw, resolve, budget)
