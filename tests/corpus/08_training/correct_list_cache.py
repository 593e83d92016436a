# corpus: correct
# Another style: a list of activations as the cache, masks from the activations.
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


# --- graded (another style) ---------------------------------------------------------------------

def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes, layer_sizes[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def forward(params, X):
    activations = [np.asarray(X, dtype=float)]
    n_layers = len(params) // 2
    for layer in range(1, n_layers + 1):
        z = activations[-1].dot(params[f"W{layer}"]) + params[f"b{layer}"]
        activations.append(np.maximum(z, 0) if layer < n_layers else z)
    return activations[-1], activations


def loss_and_grads(params, X, y):
    logits, activations = forward(params, X)
    labels = np.asarray(y, dtype=int)
    batch = len(labels)
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(batch), labels])
    delta = (p - np.eye(logits.shape[1])[labels]) / batch
    grads = {}
    for layer in reversed(range(1, len(activations))):
        grads[f"W{layer}"] = activations[layer - 1].T.dot(delta)
        grads[f"b{layer}"] = delta.sum(axis=0)
        delta = delta.dot(params[f"W{layer}"].T) * (activations[layer - 1] > 0)
    return loss, grads


def train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    import copy
    params = init_params(layer_sizes, seed=seed)
    state = {name: copy.deepcopy(config) if config is not None else {} for name in params}
    losses = []
    for epoch in range(epochs):
        epoch_losses = []
        for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads = loss_and_grads(params, X_batch, y_batch)
            epoch_losses.append(loss)
            params = {name: value for name, value in params.items()}
            for name in params:
                params[name], state[name] = update(params[name], grads[name], state[name])
        losses.append(sum(epoch_losses) / len(epoch_losses))
    return params, {"loss": losses}


def accuracy(params, X, y):
    predictions = np.argmax(forward(params, X)[0], axis=-1)
    return np.count_nonzero(predictions == np.asarray(y)) / len(predictions)
