"""Known mistakes of 08_training: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import numpy as np

from autograder.checks.known_mistakes import f64, mistake, ref


def _he(layer_sizes, seed, std, transpose=False, rng_per_layer=False):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        rng = np.random.default_rng(seed) if rng_per_layer else rng
        shape = (fan_out, fan_in) if transpose else (fan_in, fan_out)
        params[f"W{i}"] = rng.normal(0.0, std(fan_in, fan_out), size=shape)
        params[f"b{i}"] = np.zeros(fan_out)
    return params


@mistake("std = sqrt(1/fan_in) (LeCun/Xavier) instead of He's sqrt(2/fan_in)")
def init_lecun(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(1.0 / fan_in))


@mistake("std = sqrt(2/fan_out) instead of sqrt(2/fan_in)")
def init_fan_out(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(2.0 / fan_out))


@mistake("unscaled standard normal weights (std 1 instead of sqrt(2/fan_in))")
def init_unscaled(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: 1.0)


@mistake("the variance 2/fan_in used as the standard deviation (std = sqrt(2/fan_in): the square root is missing)")
def init_variance_as_std(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: 2.0 / fan_in)


@mistake("a new default_rng(seed) for each layer, so every layer restarts the same random stream (draw W1, W2, ... "
         "from one generator)")
def init_rng_per_layer(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(2.0 / fan_in), rng_per_layer=True)


@mistake("the legacy np.random.seed/np.random.randn instead of numpy.random.default_rng(seed)")
def init_legacy_random(layer_sizes, seed=0):
    state = np.random.RandomState(seed)
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{i}"] = state.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
        params[f"b{i}"] = np.zeros(fan_out)
    return params


@mistake("weights of shape (out, in) instead of (in, out)")
def init_transposed(layer_sizes, seed=0):
    return _he(layer_sizes, seed, lambda fan_in, fan_out: np.sqrt(2.0 / fan_in), transpose=True)


def _forward(params, X, *, relu_last=False, relu_hidden=True, bias=True):
    n_layers = len(params) // 2
    a = f64(X)
    for i in range(1, n_layers + 1):
        z = a @ f64(params[f"W{i}"]) + (f64(params[f"b{i}"]) if bias else 0.0)
        last = i == n_layers
        a = np.maximum(z, 0) if (relu_last if last else relu_hidden) else z
    return a


@mistake("ReLU applied to the output layer too (the logits have no activation)")
def forward_relu_on_logits(params, X):
    return _forward(params, X, relu_last=True)


@mistake("no ReLU on the hidden layers")
def forward_no_relu(params, X):
    return _forward(params, X, relu_hidden=False)


@mistake("the biases left out of forward (z = a @ W without + b)")
def forward_no_bias(params, X):
    return _forward(params, X, bias=False)


def _loss_and_grads(params, X, y, *, loss_scale=1.0, grad_scale=1.0, bias_scale=1.0):
    loss, grads = ref("08").loss_and_grads(params, X, y)
    return loss * loss_scale, {k: g * grad_scale * (bias_scale if k.startswith("b") else 1.0) for k, g in grads.items()}


@mistake("the sum over the batch instead of the mean (loss and gradients B times too large)")
def lag_sum_over_batch(params, X, y):
    B = len(y)
    return _loss_and_grads(params, X, y, loss_scale=B, grad_scale=B)


@mistake("backprop missing the 1/B factor of the batch mean (gradients B times too large)")
def lag_missing_one_over_b(params, X, y):
    return _loss_and_grads(params, X, y, grad_scale=len(y))


@mistake("db = dz.mean(axis=0) where dz already holds the 1/B: the bias gradients B times too small "
         "(db = dz.sum(axis=0))")
def lag_bias_mean(params, X, y):
    return _loss_and_grads(params, X, y, bias_scale=1.0 / len(y))


def _train(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0, *,
           shared=False, epoch_seed=lambda seed, epoch: seed + epoch, loss_of_epoch="mean", keep_state=True,
           reset_each_epoch=False):
    r8, r3 = ref("08"), ref("03")
    params = r8.init_params(layer_sizes, seed)
    shared_config = dict(config or {})
    configs = {name: dict(config or {}) for name in params}
    history = {"loss": []}
    for epoch in range(epochs):
        losses = []
        configs = {name: dict(config or {}) for name in params} if reset_each_epoch else configs
        for Xb, yb in r3.minibatches(X, y, batch_size, shuffle=True, seed=epoch_seed(seed, epoch)):
            loss, grads = r8.loss_and_grads(params, Xb, yb)
            for name in params:
                if shared:  # one config carried from parameter to parameter (the same as one dict changed in place)
                    params[name], shared_config = update(params[name], grads[name], shared_config)
                elif keep_state:
                    params[name], configs[name] = update(params[name], grads[name], configs[name])
                else:
                    params[name], _ = update(params[name], grads[name], dict(config or {}))
            losses.append(loss)
        history["loss"].append(float(np.mean(losses) if loss_of_epoch == "mean" else losses[-1]))
    return params, history


@mistake("every parameter sharing one config dict: each needs its own copy (its own momentum velocity, its own "
         "Adam m, v, t)")
def train_shared_config(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, shared=True)


@mistake("the config returned by update not kept (each parameter's state, e.g. Adam's m, v, t, is lost every step)")
def train_state_not_kept(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, keep_state=False)


@mistake("the configs made anew every epoch, so each parameter's optimizer state (momentum's velocity, Adam's m, v, "
         "t) starts again each epoch: make them once, before the loop")
def train_configs_each_epoch(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, reset_each_epoch=True)


@mistake("the same batch order every epoch (the seed must be seed + epoch)")
def train_same_seed(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, epoch_seed=lambda s, e: s)


@mistake("the last batch's loss recorded instead of the epoch's mean batch loss")
def train_last_batch_loss(X, y, layer_sizes, update, config=None, batch_size=200, epochs=50, seed=0):
    return _train(X, y, layer_sizes, update, config, batch_size, epochs, seed, loss_of_epoch="last")


@mistake("the number of correct rows instead of the fraction")
def accuracy_count(params, X, y):
    return ref("08").accuracy(params, X, y) * len(y)


@mistake("a percentage instead of a fraction in [0, 1]")
def accuracy_percent(params, X, y):
    return ref("08").accuracy(params, X, y) * 100


@mistake("the error rate 1 - accuracy instead of the accuracy")
def accuracy_error_rate(params, X, y):
    return 1.0 - ref("08").accuracy(params, X, y)


@mistake("the argmax over axis 0 (over the samples) instead of axis 1, over each row's logits")
def accuracy_argmax_axis0(params, X, y):
    logits, _cache = ref("08").forward(params, X)
    return float(np.mean(np.argmax(logits, axis=0) == np.asarray(y)))
