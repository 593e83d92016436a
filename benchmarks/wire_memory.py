"""What reading one response from the sandbox costs the grader: peak memory and time of
``wire.loads`` on honest results, on messages at the edge of ``wire.RESPONSE``, and on the
hostile frames of issue 9; beside ``pickle.loads`` of the same value (what a grader
without this decoder would use, and must not: it runs code).

    python benchmarks/wire_memory.py

Each case runs in a fresh interpreter: the message is built first, then the peak resident
size is reset (``/proc/self/clear_refs``) and read again after decoding (``VmHWM``), so
the figure is what decoding added at its peak. A hostile case prints what the decoder said.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = r'''
import json, pickle, struct, sys, time
import numpy as np
from autograder.engine import wire

def frame(tree, raw=b""):
    header = json.dumps(tree, separators=(",", ":")).encode()
    return struct.pack("!4sII", b"AGW1", len(header), len(raw)) + header + raw

def peak_kb():
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])

def reset_peak():
    open("/proc/self/clear_refs", "w").write("5")

name = sys.argv[1]
entry = {"a": ["<f8", [2**17], 0, 2**20]}
value = None
if name == "history of 10,001 numpy floats (01, max_iters)":
    value = [np.float64(x) for x in np.linspace(3, -5, 10_001)]
elif name == "08-sized result: params of [4, 8, 3] and a loss history":
    value = ({"W1": np.ones((4, 8)), "b1": np.zeros(8), "W2": np.ones((8, 3)), "b2": np.zeros(3)}, {"loss": [1.0] * 3})
elif name == "one array at the budget: 32 MiB":
    value = np.ones(4 * 2**20)
elif name == "199,999 floats in a list (the values budget)":
    value = [0.5] * 199_999
if value is not None:
    message = wire.encode(value)
    pickled = pickle.dumps(value)
elif name == "17 MB frame, 493k entries on the same 1 MiB (496 GiB)":
    message, pickled = frame({"l": [entry] * ((16 * 2**20 - 64) // 34)}, bytes(2**20)), None
elif name == "3,072 entries on the same 1 MiB (3 GiB)":
    message, pickled = frame({"l": [entry] * 3072}, bytes(2**20)), None
elif name == "2 MiB of empty tagged lists (json's worst case)":
    message, pickled = frame({"l": [{"l": []}] * (2 * 2**20 // 9 - 2)}), None
results = []
for decode, data in (("wire", lambda: wire.loads(message)), ("pickle", lambda: pickle.loads(pickled))):
    if decode == "pickle" and pickled is None:
        continue
    reset_peak()
    before = peak_kb()
    started = time.perf_counter()
    try:
        got, outcome = data(), "read"
    except wire.WireError as error:
        got, outcome = None, f"refused: {error}"
    seconds = time.perf_counter() - started
    results.append({"decoder": decode, "peak_mb": (peak_kb() - before) / 1024, "ms": seconds * 1000,
                    "outcome": outcome, "message_mb": len(message) / 2**20})
    del got
print(json.dumps(results))
'''

CASES = ["history of 10,001 numpy floats (01, max_iters)", "08-sized result: params of [4, 8, 3] and a loss history",
         "one array at the budget: 32 MiB", "199,999 floats in a list (the values budget)",
         "17 MB frame, 493k entries on the same 1 MiB (496 GiB)", "3,072 entries on the same 1 MiB (3 GiB)",
         "2 MiB of empty tagged lists (json's worst case)"]


def main():
    print(f"{'case':56s} {'message':>9s} {'wire peak':>10s} {'wire ms':>8s} {'pickle peak':>12s} {'pickle ms':>10s}")
    for case in CASES:
        run = subprocess.run([sys.executable, "-c", CASE, case], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={"PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"})
        rows = {row["decoder"]: row for row in json.loads(run.stdout)}
        wire_row, pickle_row = rows["wire"], rows.get("pickle")
        print(f"{case:56s} {wire_row['message_mb']:7.2f}MB {wire_row['peak_mb']:8.1f}MB {wire_row['ms']:8.1f}"
              + (f" {pickle_row['peak_mb']:10.1f}MB {pickle_row['ms']:10.1f}" if pickle_row else f" {'-':>12s} {'-':>10s}"))
        if wire_row["outcome"] != "read":
            print(f"    {wire_row['outcome']}")


if __name__ == "__main__":
    main()
