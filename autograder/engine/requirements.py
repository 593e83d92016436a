"""What a hidden check may demand beyond a function's meaning, each in one student-facing sentence.

A check names the requirements it enforces, ``@check("sgd", 0.5, "...", requires=["int_arrays(w, dw)"])``;
``tests/test_requirements_stated.py`` fails unless the released notebook states each sentence beside
that function (in the docstring of its solution cell, which the build copies from
``solutions/<ID>.py``, or in the markdown cell above it). So a check cannot ask for what the student
was never told, and the sentence the student reads is written once, here.

An id may take the names of the arguments it is about: ``"unchanged(w, dw)"`` states "Never modifies
w or dw in place." (names joined with "or" in ``{or}``, with "and" in ``{and}``).
"""

import re

SENTENCES = {
    # kinds of input
    "number_or_array": "{and} may be a number, a list or a numpy array of any shape, integers included.",
    "array_like": "{and} may be a list or a numpy array, integers included.",
    "int_arrays": "{and} may be numpy arrays of any real dtype, integers included.",
    "int_or_float": "{and} may be an int or a float.",
    # outputs
    "float64": "Array results are float64 numpy arrays, also for integer input.",
    "history_shape": "The history is a float64 array of shape (num_steps + 1, *shape(x0)).",
    "trajectory_shape": "The trajectory is a float64 array of shape (num_steps + 1, *shape(w0)); row 0 is w0.",
    "schedule_output": "A number global_step gives a float, an array of steps a float64 array of rates.",
    "bias_shape": "Biases are 1-D: b_i has shape (fan_out,), not (1, fan_out).",
    "grads_like_params": "grads has the same keys and shapes as params.",
    # what must not be modified
    "unchanged": "Never modifies {or} in place.",
    "unchanged_when_f_raises": "{and} is left unchanged even when f raises.",
    # edge cases
    "unknown_method": "Any other method raises ValueError.",
    "one_sample": "1-D inputs are one sample.",
    "shape_mismatch": "Shapes must match, else ValueError.",
    "labels_or_one_hot": "y_true: one-hot of the same shape, or integer labels (B,) / an int.",
    "clipped": "y_prob is clipped to [eps, 1 - eps] first.",
    "stable_softmax": "Subtracting the row maximum first keeps exp() finite.",
    "stable_log_softmax": "stays finite for any logits.",
    "decay_steps_positive": "A decay_steps of zero or less raises ValueError.",
    "numbers_either_side": "A plain number on either side is wrapped in a Value first.",
}

_ID = re.compile(r"(\w+)(?:\((.*)\))?")


def sentence(requirement):
    """The student-facing sentence of ``requirement`` ("unchanged(w, dw)" -> "Never modifies w or dw in place.")."""
    match = _ID.fullmatch(requirement.strip())
    if not match or match.group(1) not in SENTENCES:
        raise KeyError(f"unknown requirement {requirement!r}; known: {', '.join(sorted(SENTENCES))}")
    template, names = SENTENCES[match.group(1)], [n.strip() for n in (match.group(2) or "").split(",") if n.strip()]
    if ("{" in template) != bool(names):
        raise KeyError(f"requirement {requirement!r}: {'name the arguments' if '{' in template else 'takes no arguments'}")

    def joined(word):
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]
    return template.format(**{"or": joined("or"), "and": joined("and")}) if names else template
