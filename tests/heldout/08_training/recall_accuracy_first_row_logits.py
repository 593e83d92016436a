# corpus: buggy
# function: accuracy
# mistake:
# actual: argmax over axis 0 (the samples) instead of axis 1
# named: axis | row
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
    for i in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[i - 1], layer_sizes[i]
        params["W" + str(i)] = rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))
        params["b" + str(i)] = np.zeros(fan_out)
    return params


def forward(params, X):
    L = len(params) // 2
    a = X
    cache = []
    for i in range(1, L + 1):
        z = a @ params["W" + str(i)] + params["b" + str(i)]
        cache.append({"a_prev": a, "z": z})
        if i < L:
            a = np.maximum(z, 0)
        else:
            a = z
    return a, cache


def loss_and_grads(params, X, y):
    logits, cache = forward(params, X)
    loss = softmax_cross_entropy(y, logits)
    B = X.shape[0]
    dz = (softmax(logits) - np.eye(logits.shape[1])[y]) / B
    grads = {}
    L = len(cache)
    for i in range(L, 0, -1):
        grads["W" + str(i)] = cache[i - 1]["a_prev"].T @ dz
        grads["b" + str(i)] = np.sum(dz, axis=0)
        if i > 1:
            dz = (dz @ params["W" + str(i)].T) * (cache[i - 2]["z"] > 0)
    return loss, grads


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    params = init_params(layer_sizes, seed)
    configs = {name: dict(config or {}) for name in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads = loss_and_grads(params, X_batch, y_batch)
            for k in params:
                params[k], configs[k] = update(params[k], grads[k], configs[k])
            losses.append(loss)
        history["loss"].append(sum(losses) / len(losses))
    return params, history


def accuracy(params, X, y):
    logits, _ = forward(params, X)
    predictions = np.argmax(logits, axis=0)
    return float(np.mean(predictions == y))
