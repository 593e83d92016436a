# corpus: correct
# Written from the release notebook alone: vectorized numpy, the cache a pair of lists, a list comprehension of keys.
import math

import numpy as np


# --- provided by the notebook (the reference versions of 03, 04, 05), as released --------------

def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    end = (n // batch_size if drop_last else math.ceil(n / batch_size)) * batch_size
    for start in range(0, min(end, n), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_cross_entropy(y_true, logits):
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    y_true = np.asarray(y_true)
    if y_true.shape != z.shape:
        y_true = np.eye(z.shape[-1])[y_true.astype(int)]
    return float(-np.sum(y_true * log_probs) / (1 if z.ndim <= 1 else z.shape[0]))


def sgd(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    return w - config["learning_rate"] * dw, config


def adam(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = beta1 * config.get("m", np.zeros_like(w)) + (1 - beta1) * dw
    v = beta2 * config.get("v", np.zeros_like(w)) + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    config.update(t=t, m=m, v=v)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config


# --- graded -------------------------------------------------------------------------------------

def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(layer_sizes, layer_sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
        params[f"b{i}"] = np.zeros((n_out,))
    return params


def forward(params, X):
    n_layers = len(params) // 2
    inputs, pre_activations = [], []
    a = np.asarray(X, dtype=float)
    for i in range(1, n_layers + 1):
        inputs.append(a)
        z = np.dot(a, params[f"W{i}"]) + params[f"b{i}"]
        pre_activations.append(z)
        a = z if i == n_layers else z * (z > 0)
    return a, (inputs, pre_activations)


def loss_and_grads(params, X, y):
    y = np.asarray(y, dtype=int)
    logits, (inputs, pre_activations) = forward(params, X)
    loss = softmax_cross_entropy(y, logits)
    delta = softmax(logits)
    delta[np.arange(y.size), y] -= 1.0
    delta /= y.size
    grads = {}
    for i in reversed(range(1, len(inputs) + 1)):
        grads[f"W{i}"] = inputs[i - 1].T.dot(delta)
        grads[f"b{i}"] = delta.sum(axis=0)
        if i > 1:
            delta = delta.dot(params[f"W{i}"].T) * (pre_activations[i - 2] > 0)
    return loss, {key: grads[key] for key in params}


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    params = init_params(layer_sizes, seed)
    configs = {key: dict(config) if config else {} for key in params}
    history = {"loss": []}
    for epoch in range(epochs):
        epoch_losses = []
        for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads = loss_and_grads(params, X_batch, y_batch)
            for key in params:
                params[key], configs[key] = update(params[key], grads[key], configs[key])
            epoch_losses.append(loss)
        history["loss"].append(float(np.mean(epoch_losses)))
    return params, history


def accuracy(params, X, y):
    logits = forward(params, X)[0]
    return float((logits.argmax(axis=1) == np.asarray(y)).mean())
