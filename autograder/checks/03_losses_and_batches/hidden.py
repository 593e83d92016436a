"""Hidden checks of 03_losses_and_batches (points: mean_squared_error 3, cross_entropy 3,
softmax 2, softmax_cross_entropy 2, steps_per_epoch 1, minibatches 3 = 14).

minibatches is a generator: the ``batches`` driver lists its batches inside the sandbox.
"""

import importlib

import numpy as np

from autograder.checks.checklib import call_text, expect_close, expect_equal, expect_float64, expect_no_mutation, \
    expect_value_error
from autograder.checks.known_mistakes import diagnose, ignored_arguments, later, mutated
from autograder.engine.checking import CheckFailed, check
from autograder.engine.i18n import _

M = importlib.import_module("autograder.checks.03_losses_and_batches.mistakes")  # this assignment's known mistakes
drivers = importlib.import_module("autograder.checks.03_losses_and_batches.drivers")  # run beside the submission

MSE = [M.mse_mean_over_all, M.mse_sum_over_batch, M.mse_half, M.mse_root]
CE = [M.ce_log10, M.ce_sum_over_batch, M.ce_mean_over_all, M.ce_no_clip, M.ce_no_clip_picked, M.ce_every_row_every_label,
      M.ce_clip_low_only, M.ce_ignores_eps]
SOFTMAX = [M.softmax_overflow, M.softmax_whole_array, M.softmax_whole_array_row_shift, M.softmax_axis0]
SCE = [M.sce_log_of_softmax, M.sce_lse_without_max, M.sce_log_softmax_without_max_term, M.sce_clipped,
       M.sce_sum_over_batch]
STEPS = [M.steps_floor_always, M.steps_ceil_always, M.steps_plus_one]
BATCHES = [M.batches_keep_last, M.batches_drop_last, M.batches_two_permutations, M.batches_legacy_random]


def _compare(student, reference, function, catalogue, *args, **kwargs):
    got = getattr(student, function)(*args, **kwargs)
    expect_close(got, getattr(reference, function)(*args, **kwargs), call=call_text(function, *args, **kwargs),
                 mistakes=later(catalogue + ignored_arguments(getattr(reference, function)) +
                                 mutated(getattr(reference, function)), *args, **kwargs))
    return got


def _probabilities(rng, batch, classes):
    z = rng.normal(scale=2.0, size=(batch, classes))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------- mean_squared_error (3)

@check("mean_squared_error", 0.5, "mean_squared_error: a batch of two one-hot targets")
def test_mse_table(student, reference):
    _compare(student, reference, "mean_squared_error", MSE, np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
             np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1]]))


@check("mean_squared_error", 1.0, "mean_squared_error: random batches")
def test_mse_random(student, reference, rng):
    for batch, outputs in [(int(rng.integers(3, 8)), 4), (5, 1)]:
        _compare(student, reference, "mean_squared_error", MSE, rng.normal(size=(batch, outputs)),
                 rng.normal(size=(batch, outputs)))


@check("mean_squared_error", 0.5, "mean_squared_error: a 1-D input is one sample", requires=["one_sample"])
def test_mse_one_sample(student, reference, rng):
    _compare(student, reference, "mean_squared_error", MSE, np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 2.0]))
    _compare(student, reference, "mean_squared_error", MSE, rng.normal(size=4), rng.normal(size=4))


@check("mean_squared_error", 0.5, "mean_squared_error: integer lists", requires=["array_like(y_true, y_pred)"])
def test_mse_integers(student, reference):
    _compare(student, reference, "mean_squared_error", MSE, [[1, 2, 0], [3, 4, 1]], [[1, 3, 2], [5, 4, 1]])


@check("mean_squared_error", 0.5, "mean_squared_error: different shapes raise ValueError",
       requires=["shape_mismatch"])
def test_mse_shape_mismatch(student, rng):
    for a, b in [((4,), (4, 1)), ((2, 3), (3, 2)), ((3, 2), (3,))]:
        expect_value_error(student, "mean_squared_error", rng.normal(size=a), rng.normal(size=b),
                           why=_("y_true and y_pred must have the same shape (compare the shapes, "
                                 "broadcasting can hide the mismatch)"))


# ----------------------------------------------------------------------------- cross_entropy (3)

@check("cross_entropy", 1.0, "cross_entropy: a batch with one-hot targets")
def test_ce_one_hot(student, reference, rng):
    for batch, classes in [(int(rng.integers(3, 7)), 4), (2, 2)]:
        p = _probabilities(rng, batch, classes)
        one_hot = np.eye(classes)[rng.integers(0, classes, batch)]
        _compare(student, reference, "cross_entropy", CE, one_hot, p)


@check("cross_entropy", 0.5, "cross_entropy: integer labels", requires=["labels_or_one_hot"])
def test_ce_labels(student, reference, rng):
    p = _probabilities(rng, 5, 3)
    _compare(student, reference, "cross_entropy", CE, rng.integers(0, 3, 5), p)
    _compare(student, reference, "cross_entropy", CE, [0, 2, 1, 1, 0], p)


@check("cross_entropy", 0.5, "cross_entropy: one sample (1-D probabilities)", requires=["labels_or_one_hot"])
def test_ce_one_sample(student, reference):
    p = np.array([0.1, 0.6, 0.3])
    _compare(student, reference, "cross_entropy", CE, np.array([0.0, 1.0, 0.0]), p)
    _compare(student, reference, "cross_entropy", CE, 2, p)


@check("cross_entropy", 1.0, "cross_entropy: probabilities of exactly 0 and 1 are clipped to [eps, 1 - eps]",
       requires=["clipped"])
def test_ce_clipping(student, reference):
    p = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    for y in (np.array([0, 2, 1]), np.array([0, 0, 2])):
        _compare(student, reference, "cross_entropy", CE, y, p)
        _compare(student, reference, "cross_entropy", CE, y, p, eps=1e-3)


# ----------------------------------------------------------------------------- softmax (2)

@check("softmax", 0.5, "softmax: random logits, along the last axis", requires=["float64"])
def test_softmax_random(student, reference, rng):
    got = _compare(student, reference, "softmax", SOFTMAX, rng.normal(scale=3, size=(4, 5)))
    expect_float64(got, call="softmax(z)")


@check("softmax", 0.5, "softmax: a 1-D vector, integers", requires=["array_like(z)"])
def test_softmax_vector(student, reference, rng):
    _compare(student, reference, "softmax", SOFTMAX, [1, 2, 3])
    _compare(student, reference, "softmax", SOFTMAX, rng.normal(size=6))


@check("softmax", 0.5, "softmax: large logits do not overflow", requires=["stable_softmax"])
def test_softmax_large(student, reference):
    _compare(student, reference, "softmax", SOFTMAX, np.array([1000.0, 1001.0, 1002.0]))
    _compare(student, reference, "softmax", SOFTMAX, np.array([[1000.0, 0.0, -1000.0], [-800.0, -801.0, -799.0]]))


@check("softmax", 0.5, "softmax: does not modify z", requires=["unchanged(z)"])
def test_softmax_no_mutation(student, rng):
    for z in (rng.normal(size=(3, 4)) * 5, rng.normal(size=4) * 5):
        expect_no_mutation(student, "softmax", z, names={0: "z"})


# ----------------------------------------------------------------------------- softmax_cross_entropy (2)

@check("softmax_cross_entropy", 1.0, "softmax_cross_entropy: random logits and integer labels")
def test_sce_random(student, reference, rng):
    for batch, classes in [(6, 4), (3, 2)]:
        _compare(student, reference, "softmax_cross_entropy", SCE, rng.integers(0, classes, batch),
                 rng.normal(scale=3, size=(batch, classes)))


@check("softmax_cross_entropy", 1.0, "softmax_cross_entropy: finite for logits of 1e4 (log-sum-exp)",
       requires=["stable_log_softmax"])
def test_sce_large(student, reference):
    _compare(student, reference, "softmax_cross_entropy", SCE, np.array([0, 2]),
             np.array([[1000.0, 999.0, 998.0], [798.0, 800.0, 799.0]]))
    logits = np.array([[1e4, 0.0, -1e4], [0.0, 1e4, 5e3]])
    for labels in (np.array([1, 1]), np.array([2, 0])):
        _compare(student, reference, "softmax_cross_entropy", SCE, labels, logits)


# ----------------------------------------------------------------------------- steps_per_epoch (1)

def _steps_check(drop_last, cases):
    @check("steps_per_epoch", 0.5, "steps_per_epoch: drop_last={drop_last}", fields={"drop_last": drop_last})
    def test(student, reference):
        for n, batch_size in cases:
            expect_equal(student.steps_per_epoch(n, batch_size, drop_last=drop_last),
                         reference.steps_per_epoch(n, batch_size, drop_last=drop_last),
                         call=call_text("steps_per_epoch", n, batch_size, drop_last=drop_last),
                         mistakes=later(STEPS + ignored_arguments(reference.steps_per_epoch) +
                                        mutated(reference.steps_per_epoch), n, batch_size,
                                        drop_last=drop_last))
    return test


test_steps_keep_last = _steps_check(False, [(1000, 200), (1001, 200), (199, 200), (1347, 32), (1, 1)])
test_steps_drop_last = _steps_check(True, [(1000, 200), (1001, 200), (199, 200), (1347, 32)])


# ----------------------------------------------------------------------------- minibatches (3)

def _data(n):
    """Rows that name their sample: X[i] = (i, -i), y[i] = 10*i, so pairing and order are visible."""
    index = np.arange(n)
    return np.stack([index, -index], axis=1).astype(float), 10 * index


def _check_batches(student, reference, X, y, batch_size, shuffle, seed, drop_last, catalogue=BATCHES):
    args = (X, y, batch_size, shuffle, seed, drop_last)
    call = "list(" + call_text("minibatches", X, y, batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last) + ")"
    got = student.drive(drivers.batches, *args)
    expected = drivers.batches(vars(reference), *args)
    expect_close(got, expected, call=call, mistakes=later(catalogue, *args))
    return got


@check("minibatches", 1.0, "minibatches: without shuffle, batches in the data order (last one short)")
def test_batches_in_order(student, reference):
    for n, batch_size in [(10, 4), (9, 3), (5, 8)]:
        X, y = _data(n)
        _check_batches(student, reference, X, y, batch_size, False, None, False)


@check("minibatches", 0.5, "minibatches: drop_last drops the short last batch")
def test_batches_drop_last(student, reference):
    for n, batch_size in [(10, 4), (9, 3), (5, 8)]:
        X, y = _data(n)
        _check_batches(student, reference, X, y, batch_size, False, None, True)


@check("minibatches", 1.0, "minibatches: shuffled batches cover every sample once, rows stay with their labels")
def test_batches_shuffled_cover(student, rng):
    n, batch_size, seed = 23, 5, int(rng.integers(0, 1000))
    X, y = _data(n)
    call = "list(" + call_text("minibatches", "X", "y", batch_size, shuffle=True, seed=seed).replace("'", "") + ")"
    first = student.drive(drivers.batches, X, y, batch_size, True, seed, False)
    sizes = [len(np.asarray(xb)) for xb, _ in first]
    expect_equal(sizes, [5, 5, 5, 5, 3], call=_("the batch sizes of {call} with 23 samples").format(call=call),
                 mistakes=lambda: {description: [len(xb) for xb, _ in batches] for description, batches in
                                   diagnose(BATCHES, X, y, batch_size, True, seed, False).items()})
    rows = np.concatenate([np.asarray(xb) for xb, _ in first])
    labels = np.concatenate([np.asarray(yb) for _, yb in first])
    if not np.array_equal(labels, 10 * rows[:, 0]) or not np.array_equal(rows[:, 1], -rows[:, 0]):
        raise CheckFailed(_("{call} returned batches whose X rows no longer match their y values: shuffle X and y "
                            "with the same permutation (index both with it).").format(call=call),
                          mistake=M.batches_two_permutations.description)
    if sorted(labels.tolist()) != y.tolist():
        raise CheckFailed(_("{call} did not return every sample exactly once (labels {labels}).").format(
            call=call, labels=show_list(labels)))
    if np.array_equal(labels, y):
        raise CheckFailed(_("{call} returned the samples in their original order although shuffle=True.").format(
            call=call))
    again = student.drive(drivers.batches, X, y, batch_size, True, seed, False)
    expect_close(again, first, call=_("a second {call} (the same seed must give the same batches)").format(call=call))


def show_list(values):
    return "[" + ", ".join(str(int(v)) for v in values[:12]) + (", ...]" if len(values) > 12 else "]")


@check("minibatches", 0.5, "minibatches: the order is drawn from numpy.random.default_rng(seed)")
def test_batches_seeded_order(student, reference, rng):
    X, y = _data(12)
    seed = int(rng.integers(0, 1000))
    got = student.drive(drivers.batches, X, y, 4, True, seed, False)
    # rng.choice(n, n, replace=False) is another fair way to draw the permutation
    alternative = [[X[i], y[i]] for i in [np.random.default_rng(seed).choice(12, 12, replace=False)[s:s + 4]
                                          for s in range(0, 12, 4)]]
    try:
        expect_close(got, alternative, call="")
        return
    except CheckFailed:
        pass
    _check_batches(student, reference, X, y, 4, True, seed, False)
