"""08 A deep network trained with mini-batches (優化神經網路 labs 1-3).

A fully connected ReLU network with a softmax cross-entropy output, in numpy.
params = {"W1", "b1", ..., "WL", "bL"}, W_i of shape (fan_in, fan_out), b_i of shape
(fan_out,). Forward: a_0 = X; z_i = a_{i-1} W_i + b_i; a_i = relu(z_i) on hidden
layers; the last z is the logits. 反向傳播 Backpropagation runs the chain rule layer by
layer from the loss back to W1, reusing what forward() cached.

Training uses the pieces of earlier assignments: minibatches and softmax_cross_entropy
(03) and any update rule of 04/05 with the interface next_w, config = update(w, dw, config).
"""

__all__ = ["init_params", "forward", "loss_and_grads", "train", "accuracy"]

import numpy as np

from solutions import load

_batches = load("03_losses_and_batches")
minibatches = _batches.minibatches
softmax = _batches.softmax
softmax_cross_entropy = _batches.softmax_cross_entropy


def init_params(layer_sizes, seed=0):
    """He-normal weights (std = sqrt(2 / fan_in)) and zero biases.

    layer_sizes: [n_inputs, hidden_1, ..., n_classes]. Weights are drawn in the order
    W1, W2, ... from numpy.random.default_rng(seed). Returns the params dict.
    Biases are 1-D: b_i has shape (fan_out,), not (1, fan_out).
    """
    rng = np.random.default_rng(seed)
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params[f"b{i}"] = np.zeros(fan_out)
    return params


def forward(params, X):
    """Logits of the network for a batch X of shape (B, n_inputs).

    Returns (logits, cache): cache is the list of each layer's input a_{i-1} and
    pre-activation z_i, which backpropagation needs.
    """
    n_layers = len(params) // 2
    a = np.asarray(X, dtype=float)
    cache = []
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"] + params[f"b{i}"]
        cache.append((a, z))
        a = np.maximum(z, 0) if i < n_layers else z
    return a, cache


def loss_and_grads(params, X, y):
    """Mean softmax cross-entropy over the batch (integer labels y) and its gradients.

    Returns (loss, grads).
    d loss / d logits = (softmax(logits) - one_hot(y)) / B: the 1/B is the batch mean.
    grads has the same keys and shapes as params. Never modifies params or X in place.
    """
    logits, cache = forward(params, X)
    y = np.asarray(y, dtype=int)
    loss = softmax_cross_entropy(y, logits)
    dz = softmax(logits)
    dz[np.arange(len(y)), y] -= 1
    dz /= len(y)
    grads = {}
    for i in range(len(cache), 0, -1):
        a_prev, _ = cache[i - 1]
        grads[f"W{i}"] = a_prev.T @ dz
        grads[f"b{i}"] = dz.sum(axis=0)
        if i > 1:
            z_prev = cache[i - 2][1]
            dz = (dz @ params[f"W{i}"].T) * (z_prev > 0)
    return loss, grads


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    """Mini-batch training from init_params(layer_sizes, seed).

    Each epoch draws batches from minibatches(X, y, batch_size, shuffle=True,
    seed=seed + epoch); each parameter gets its own copy of `config` and is updated with
    params[k], configs[k] = update(params[k], grads[k], configs[k]).
    Returns (params, history): history["loss"] holds one value per epoch, the mean of
    that epoch's batch losses.
    """
    params = init_params(layer_sizes, seed)
    configs = {name: dict(config or {}) for name in params}
    history = {"loss": []}
    for epoch in range(epochs):
        batch_losses = []
        for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads = loss_and_grads(params, X_batch, y_batch)
            for name in params:
                params[name], configs[name] = update(params[name], grads[name], configs[name])
            batch_losses.append(loss)
        history["loss"].append(float(np.mean(batch_losses)))
    return params, history


def accuracy(params, X, y):
    """Fraction of rows of X whose largest logit is at the label y."""
    logits, _ = forward(params, X)
    return float(np.mean(np.argmax(logits, axis=1) == np.asarray(y)))
