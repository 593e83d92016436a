"""Public checks for 03 損失函數 batch losses, 批次 batches, 週期 epochs and 步 steps.

Run `pytest` in this folder. Each test names the call it makes, what it expected and what it got.
"""

import numpy as np


def test_mean_squared_error_batch(nb):
    """Per sample the sum of squared errors over the outputs, then the mean over the batch."""
    mean_squared_error = nb.fn("mean_squared_error")
    y_true = np.array([[1.0, 0.0], [0.0, 1.0]])
    y_pred = np.array([[0.8, 0.1], [0.3, 0.6]])
    nb.expect_close(mean_squared_error(y_true, y_pred), 0.15,
                    call="mean_squared_error([[1, 0], [0, 1]], [[0.8, 0.1], [0.3, 0.6]])  # (0.05 + 0.25) / 2")


def test_mean_squared_error_one_sample(nb):
    mean_squared_error = nb.fn("mean_squared_error")
    nb.expect_close(mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0, 5.0]), 4.0,
                    call="mean_squared_error([1, 2, 3], [1, 2, 5])  # 1-D: one sample")


def test_mean_squared_error_shape_mismatch(nb):
    nb.expect_raises("mean_squared_error", ValueError, np.zeros((2, 3)), np.zeros((3, 2)))


def test_cross_entropy_one_hot_and_labels(nb):
    cross_entropy = nb.fn("cross_entropy")
    y_prob = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    expected = -(np.log(0.7) + np.log(0.6)) / 2
    nb.expect_close(cross_entropy(np.array([[0, 1, 0], [1, 0, 0]]), y_prob), expected,
                    call="cross_entropy(one-hot [[0, 1, 0], [1, 0, 0]], [[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])")
    nb.expect_close(cross_entropy(np.array([1, 0]), y_prob), expected,
                    call="cross_entropy(labels [1, 0], [[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])")


def test_cross_entropy_one_sample_and_clipping(nb):
    cross_entropy = nb.fn("cross_entropy")
    nb.expect_close(cross_entropy(np.array([0, 1, 0]), np.array([0.2, 0.7, 0.1])), -np.log(0.7),
                    call="cross_entropy([0, 1, 0], [0.2, 0.7, 0.1])  # one sample")
    nb.expect_close(cross_entropy(2, np.array([0.5, 0.5, 0.0])), -np.log(1e-7),
                    call="cross_entropy(2, [0.5, 0.5, 0.0])  # log(0) is clipped to log(eps)")


def test_softmax(nb):
    softmax = nb.fn("softmax")
    nb.expect_close(softmax(np.array([1.0, 2.0, 3.0])), [0.09003057317038046, 0.24472847105479764, 0.6652409557748219],
                    call="softmax([1., 2., 3.])")
    nb.expect_close(softmax(np.array([[1000.0, 1000.0], [0.0, np.log(3.0)]])), [[0.5, 0.5], [0.25, 0.75]],
                    call="softmax([[1000., 1000.], [0., log(3)]])  # row by row, no overflow")


def test_softmax_cross_entropy(nb):
    softmax_cross_entropy = nb.fn("softmax_cross_entropy")
    nb.expect_close(softmax_cross_entropy(np.array([0]), np.array([[2.0, 1.0, 0.0]])), 0.40760596444438,
                    call="softmax_cross_entropy([0], [[2., 1., 0.]])")
    nb.expect_close(softmax_cross_entropy(np.array([1]), np.array([[1e4, 0.0]])), 1e4,
                    call="softmax_cross_entropy([1], [[1e4, 0.]])  # log-sum-exp keeps it finite")


def test_steps_per_epoch(nb):
    steps_per_epoch = nb.fn("steps_per_epoch")
    for args, kwargs, expected in [((1000, 200), {}, 5), ((1050, 200), {}, 6),
                                   ((1050, 200), {"drop_last": True}, 5), ((10, 32), {}, 1)]:
        shown = ", ".join([*map(str, args), *(f"{k}={v}" for k, v in kwargs.items())])
        nb.expect_equal(int(steps_per_epoch(*args, **kwargs)), expected, call=f"steps_per_epoch({shown})")


def _batches(nb, *args, **kwargs):
    return [(np.asarray(xb), np.asarray(yb)) for xb, yb in nb.fn("minibatches")(*args, **kwargs)]


def test_minibatches_in_order(nb):
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    call = "minibatches(X (10 samples), y, batch_size=4, shuffle=False)"
    batches = _batches(nb, X, y, 4, shuffle=False)
    nb.expect_equal([len(yb) for _, yb in batches], [4, 4, 2], call=call, what=nb._("the batch sizes"))
    nb.expect_close(np.concatenate([yb for _, yb in batches]), np.arange(10), call=call, what=nb._("the labels in order"))
    nb.expect_close(np.concatenate([xb for xb, _ in batches]), X, call=call, what=nb._("the samples in order"))
    call = call.replace("shuffle=False", "shuffle=False, drop_last=True")
    nb.expect_equal([len(yb) for _, yb in _batches(nb, X, y, 4, shuffle=False, drop_last=True)], [4, 4],
                    call=call, what=nb._("the batch sizes"))


def test_minibatches_shuffled_with_seed(nb):
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    call = "minibatches(X, y, batch_size=3, shuffle=True, seed=7)"
    batches = _batches(nb, X, y, 3, shuffle=True, seed=7)
    labels = np.concatenate([yb for _, yb in batches])
    order = np.random.default_rng(7).permutation(10)
    # rng.choice(n, n, replace=False) draws another permutation from the same generator: the hidden
    # checks accept it too
    other = np.random.default_rng(7).choice(10, 10, replace=False)
    if np.array_equal(labels, other):
        order = other
    nb.expect_close(labels, order, call=call,
                    what=nb._("the order of the labels (it should be numpy.random.default_rng(seed).permutation(n))"))
    nb.expect_close(np.concatenate([xb for xb, _ in batches]), X[order], call=call,
                    what=nb._("the samples (they must stay paired with their labels)"))
