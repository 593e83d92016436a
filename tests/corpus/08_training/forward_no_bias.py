# corpus: buggy
# function: forward
# mistake: biases left out
# affects: loss_and_grads
import numpy as np


# --- provided by the notebook (03, 04, 05), written out here -----------------------------

def minibatches(X, y, batch_size, shuffle=True, seed=None, drop_last=False):
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        if drop_last and len(idx) < batch_size:
            return
        yield X[idx], y[idx]


def sgd(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    return np.asarray(w, float) - config["learning_rate"] * np.asarray(dw, float), config


def adam(w, dw, config=None):
    config = dict(config or {})
    for key, value in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)):
        config.setdefault(key, value)
    w, dw = np.asarray(w, float), np.asarray(dw, float)
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * dw * dw
    m_hat = m / (1 - config["beta1"] ** t)
    v_hat = v / (1 - config["beta2"] ** t)
    config.update(t=t, m=m, v=v)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config


# --- graded ----------------------------------------------------------------------------------

def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[i - 1], layer_sizes[i]
        params["W%d" % i] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params["b%d" % i] = np.zeros(fan_out)
    return params


def forward(params, X):
    L = len(params) // 2
    h = np.asarray(X, dtype=float)
    cache = {"A0": h}
    for i in range(1, L + 1):
        z = h @ params["W%d" % i]
        cache["Z%d" % i] = z
        h = z if i == L else np.maximum(0, z)
        cache["A%d" % i] = h
    return h, cache


def loss_and_grads(params, X, y):
    L = len(params) // 2
    logits, cache = forward(params, X)
    y = np.asarray(y).astype(int)
    B = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(B), y].mean()
    dz = np.exp(log_probs)
    dz[np.arange(B), y] -= 1
    dz /= B
    grads = {}
    for i in range(L, 0, -1):
        grads["W%d" % i] = cache["A%d" % (i - 1)].T @ dz
        grads["b%d" % i] = dz.sum(axis=0)
        if i > 1:
            dz = (dz @ params["W%d" % i].T) * (cache["Z%d" % (i - 1)] > 0)
    return float(loss), grads


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    params = init_params(layer_sizes, seed)
    configs = {k: dict(config or {}) for k in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        for Xb, yb in minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads = loss_and_grads(params, Xb, yb)
            losses.append(loss)
            for k in params:
                params[k], configs[k] = update(params[k], grads[k], configs[k])
        history["loss"].append(float(np.mean(losses)))
    return params, history


def accuracy(params, X, y):
    logits, _ = forward(params, X)
    return float(np.mean(logits.argmax(axis=1) == np.asarray(y)))
