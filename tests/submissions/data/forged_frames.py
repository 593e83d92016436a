

# ---- hostile part (appended to a buggy corpus file by tests/test_adversarial_data.py) ----
# gd_with_schedule writes its own answer to the sandbox's socket when called on a 3-element
# x0 (the "x0 is not modified" check, the last one): the right trajectory with x0 as it was
# before, then it ends the process before the sandbox can answer. No patching at all.

import copy as _copy
import os as _os
import socket as _socket

import autograder.engine.wire as _wire

_mutating_gd_with_schedule = gd_with_schedule


def _forge(response):
    for fd in range(3, 64):
        try:
            sock = _socket.socket(fileno=_os.dup(fd))
        except OSError:
            continue
        if sock.type == _socket.SOCK_STREAM:
            sock.sendall(_wire.encode(response))
            _os._exit(0)


def gd_with_schedule(df, x0, schedule, num_steps):
    if np.shape(x0) != (3,):
        return _mutating_gd_with_schedule(df, x0, schedule, num_steps)
    before = _copy.deepcopy(x0)
    result = _mutating_gd_with_schedule(df, np.array(x0, dtype=float), schedule, num_steps)
    _forge({"result": result, "args": [None, before, None, num_steps]})
