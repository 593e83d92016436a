"""Plain data across the sandbox boundary, without pickle.

A message is a small binary frame: a magic tag, the length of a JSON header and the
length of a raw byte section. The JSON header describes the value as a tree of plain
nodes; numpy arrays are entries pointing into the raw section (dtype from a whitelist,
shape, offset, size). Decoding builds only None, bool, int, float, str, list, tuple,
dict and numpy arrays/scalars of plain dtypes, so whatever a submission sends, the
grader gets plain data or a :class:`WireError`, never an object that runs code.

Callables go the other way only (grader -> sandbox): a function of ``autograder.problems``
(or a ``functools.partial`` of one with plain arguments) travels as its name, and
:class:`StudentFunction` as the name of a function in the submission. The sandbox
resolves them; the grader's decoder refuses them.
"""

import functools
import json
import socket
import struct
import time

import numpy as np

MAGIC = b"AGW1"
FRAME = struct.Struct("!4sII")
MAX_HEADER = 16 * 2**20          # JSON part of one message
MAX_RAW = 256 * 2**20            # array bytes of one message
MAX_DEPTH = 64                   # nesting of lists/dicts
MAX_NDIM = 32
DTYPES = frozenset(np.dtype(name).str for name in (
    "?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "<f2", "<f4", "<f8", "<c8", "<c16"))
KEY_TYPES = (str, int, float, bool, type(None))


class WireError(Exception):
    """A value cannot be sent, or a received message is not well-formed plain data."""


class WireClosed(WireError):
    """The other side closed the connection (the process ended)."""


class WireTimeout(WireError):
    """No complete message arrived before the deadline."""


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
        if depth > MAX_DEPTH:
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
            return {"p": [self.problem_name(value.func), self.node(list(value.args), depth + 1),
                          self.node(dict(value.keywords), depth + 1)]}
        if callable(value):
            return {"f": self.problem_name(value)}
        raise WireError(f"a value of type {type(value).__name__} cannot be sent")

    @staticmethod
    def problem_name(function):
        from autograder import problems
        name = getattr(function, "__name__", "")
        if getattr(function, "__module__", None) != problems.__name__ or getattr(problems, name, None) is not function:
            raise WireError(f"only functions of autograder.problems can be passed, not {function!r}")
        return name


def encode(value):
    """One framed message holding ``value`` (raises WireError when it is not plain data)."""
    encoder = _Encoder()
    header = json.dumps(encoder.node(value), separators=(",", ":")).encode()
    if len(header) > MAX_HEADER or encoder.size > MAX_RAW:
        raise WireError("the value is too large to send")
    return FRAME.pack(MAGIC, len(header), encoder.size) + header + b"".join(encoder.chunks)


# ----------------------------------------------------------------------------- decoding

class _Decoder:
    def __init__(self, raw, resolve):
        self.raw, self.resolve = raw, resolve

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
        return np.frombuffer(self.raw, dtype=dtype, count=nbytes // dtype.itemsize,
                             offset=offset).reshape(shape).copy()

    def node(self, node, depth=0):
        if depth > MAX_DEPTH:
            raise WireError("the value is nested too deeply")
        if node is None or type(node) in (bool, int, float, str):
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


def decode(header, raw, resolve=None):
    """The value of a message's JSON ``header`` and ``raw`` bytes.

    ``resolve(kind, name)`` turns a function name into a callable ("f": a problem,
    "n": a student function); without it (the grader's side) callables are refused.
    """
    try:
        tree = json.loads(header.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WireError(f"malformed message: {type(error).__name__}") from None
    try:
        return _Decoder(raw, resolve).node(tree)
    except RecursionError:
        raise WireError("the value is nested too deeply") from None


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
    return bytes(buffer)


def loads(message, resolve=None):
    """The value of one whole framed message (bytes), as :func:`receive` would return it."""
    if len(message) < FRAME.size:
        raise WireError("malformed message frame")
    magic, header_size, raw_size = FRAME.unpack(message[:FRAME.size])
    if magic != MAGIC or FRAME.size + header_size + raw_size != len(message):
        raise WireError("malformed message frame")
    return decode(message[FRAME.size:FRAME.size + header_size], message[FRAME.size + header_size:], resolve)


def receive(sock, deadline=None, resolve=None):
    """Read one message from ``sock`` before ``deadline`` (a time.monotonic() value) and decode it."""
    magic, header_size, raw_size = FRAME.unpack(_read_exactly(sock, FRAME.size, deadline))
    if magic != MAGIC or header_size > MAX_HEADER or raw_size > MAX_RAW:
        raise WireError("malformed message frame")
    header = _read_exactly(sock, header_size, deadline)
    raw = _read_exactly(sock, raw_size, deadline)
    return decode(header, raw, resolve)
