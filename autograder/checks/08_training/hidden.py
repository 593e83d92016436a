"""Hidden checks of 08_training (points: init_params 2, forward 2, loss_and_grads 3, train 3.5,
accuracy 1 = 11.5).

Small networks and data only (problems.blobs: 64 samples, 4 features, 3 classes), so the
whole file takes a few seconds. forward is called through the ``forward_logits`` driver
(its cache stays in the sandbox). train runs with the submission's own provided update
rules (``student.fn("sgd")``, ``student.fn("adam")``) and is compared with the reference
trained by the reference rules of 04/05; those copy their config, so once more with a rule of the
checks' that keeps its state in config in place, which shows one config shared by every parameter.
train, accuracy and the loss of loss_and_grads call the student's own helpers: when they differ from
the reference, they are judged against the
reference driven by those helpers (``autograder.checks.dependents``), so a mistake in loss_and_grads
or forward costs that function, not the ones built on it.
"""

import importlib

import numpy as np

import solutions
from autograder.checks.checklib import call_text, expect_close, expect_no_mutation
from autograder.checks.dependents import Helpers, forward_helper, function_helper, minibatches_helper
from autograder.checks.known_mistakes import diagnose, ignored_arguments, later, mutated
from autograder.engine.checking import CheckFailed, Figure, NotDefined, StudentError, check, describe, numeric_array, shows
from autograder.engine.diagnosis import Finding
from autograder.engine.i18n import N_, _

M = importlib.import_module("autograder.checks.08_training.mistakes")  # this assignment's known mistakes
drivers = importlib.import_module("autograder.checks.08_training.drivers")  # run beside the submission
problems = importlib.import_module("autograder.checks.08_training.problems")  # its test problems

INIT = [M.init_lecun, M.init_fan_out, M.init_unscaled, M.init_transposed, M.init_legacy_random,
        M.init_variance_as_std, M.init_rng_per_layer]
FORWARD = [M.forward_relu_on_logits, M.forward_no_relu, M.forward_no_bias]
LOSS = [M.lag_sum_over_batch, M.lag_missing_one_over_b, M.lag_bias_mean]
TRAIN = [M.train_shared_config, M.train_state_not_kept, M.train_configs_each_epoch, M.train_same_seed,
         M.train_last_batch_loss]
ACCURACY = [M.accuracy_count, M.accuracy_percent, M.accuracy_error_rate, M.accuracy_argmax_axis0]
UPDATES = {"sgd": (solutions.load("04_momentum").sgd, {"learning_rate": 0.1}),
           "adam": (solutions.load("05_adaptive_optimizers").adam, {"learning_rate": 0.01})}


def _params(reference, rng, layer_sizes):
    """Reference-initialized params with random (nonzero) biases, so adding b is checked too."""
    params = reference.init_params(layer_sizes, seed=int(rng.integers(0, 1000)))
    return {k: (v + rng.normal(scale=0.1, size=v.shape) if k.startswith("b") else v) for k, v in params.items()}


# ----------------------------------------------------------------------------- init_params (2)

@check("init_params", 0.5, "init_params: keys W1, b1, ... and shapes (in, out), (out,)", requires=["bias_shape"])
def test_init_shapes(student, reference):
    sizes = [4, 5, 3]
    call = call_text("init_params", sizes, seed=1)
    got = student.init_params(sizes, seed=1)
    expected = reference.init_params(sizes, seed=1)
    if not isinstance(got, dict) or set(got) != set(expected):
        keys = sorted(got) if isinstance(got, dict) else None
        got_text = _("a dict with the keys {keys}").format(keys=keys) if keys is not None else describe(got)
        raise CheckFailed(_("{call} returned {got} where a dict with the keys {keys} is expected.").format(
            call=call, got=got_text, keys=sorted(expected)))
    for key, value in expected.items():
        shape = np.shape(got[key])
        if shape != value.shape:
            kind = _("biases are 1-D") if key.startswith("b") else _("weights are (fan_in, fan_out)")
            raise CheckFailed(_("{call}[{key}] has shape {shape} where {expected} is expected: {rule}.").format(
                call=call, key=repr(key), shape=shape, expected=value.shape, rule=kind))


@check("init_params", 1.0, "init_params: He-normal weights from default_rng(seed), zero biases")
def test_init_values(student, reference, rng):
    sizes, seed = [6, 8, 8, 3], int(rng.integers(0, 1000))
    expect_close(student.init_params(sizes, seed=seed), reference.init_params(sizes, seed=seed),
                 call=call_text("init_params", sizes, seed=seed),
                 mistakes=later(INIT + ignored_arguments(reference.init_params) + mutated(reference.init_params),
                                sizes, seed=seed))


@check("init_params", 0.5, "init_params: the default seed is 0")
def test_init_default_seed(student, reference):
    expect_close(student.init_params([3, 4, 2]), reference.init_params([3, 4, 2]),
                 call="init_params([3, 4, 2])",
                 mistakes=later(INIT, [3, 4, 2]))


# ----------------------------------------------------------------------------- forward (2)

def _check_forward(student, reference, params, X):
    expect_close(student.drive(drivers.forward_logits, params, X), reference.forward(params, X)[0],
                 call=_("forward(params, X)[0] (the logits) for {network}").format(network=_describe(params, X)),
                 mistakes=lambda: {**diagnose(FORWARD, params, X),
                                  **{d: v[0] for d, v in diagnose(mutated(reference.forward), params, X).items()}})


def _describe(params, X):
    sizes = [np.shape(params["W1"])[0]] + [np.shape(params[f"W{i}"])[1] for i in range(1, len(params) // 2 + 1)]
    return _("a network of layer sizes {sizes} and X of shape {shape}").format(sizes=sizes, shape=np.shape(X))


@check("forward", 1.0, "forward: logits of a network with one hidden layer")
def test_forward_one_hidden(student, reference, rng):
    _check_forward(student, reference, _params(reference, rng, [5, 7, 4]), rng.normal(size=(6, 5)))


@check("forward", 1.0, "forward: deeper networks, and no hidden layer at all")
def test_forward_deep(student, reference, rng):
    _check_forward(student, reference, _params(reference, rng, [4, 6, 6, 5, 3]), rng.normal(size=(5, 4)))
    _check_forward(student, reference, _params(reference, rng, [4, 3]), rng.normal(size=(2, 4)))


# ----------------------------------------------------------------------------- loss_and_grads (3)

def _loss_case(reference, rng):
    params = _params(reference, rng, [5, 6, 4, 3])
    X, y = rng.normal(size=(8, 5)), rng.integers(0, 3, 8)
    return params, X, y


@check("loss_and_grads", 1.0, "loss_and_grads: the mean softmax cross-entropy of the batch")
def test_loss(student, reference, rng):
    params, X, y = _loss_case(reference, rng)
    got = student.shown(_("loss_and_grads(params, X, y) for {network}").format(
        network=_describe(params, X))).loss_and_grads(params, X, y)
    # judged on the student's own forward too: a mistake in forward costs forward
    Helpers(reference, [forward_helper(student, reference)]).judge(
        got[0] if isinstance(got, (tuple, list)) else got, "loss_and_grads", params, X, y,
        part=lambda result: result[0], call=_("loss_and_grads(params, X, y)[0] (the loss) for {network}").format(network=_describe(params, X)),
        mistakes=lambda: {d: v[0] for d, v in diagnose(LOSS + mutated(reference.loss_and_grads), params, X, y).items()})


@check("loss_and_grads", 1.5, "loss_and_grads: the gradients of every parameter (backprop)",
       requires=["grads_like_params"])
def test_grads(student, reference, rng):
    for sizes, batch in [([5, 6, 4, 3], 8), ([3, 4, 2], 1)]:
        params = _params(reference, rng, sizes)
        X, y = rng.normal(size=(batch, sizes[0])), rng.integers(0, sizes[-1], batch)
        got = student.shown(_("loss_and_grads(params, X, y) for {network}").format(
            network=_describe(params, X))).loss_and_grads(params, X, y)
        loss, grads = reference.loss_and_grads(params, X, y)
        pair = isinstance(got, (tuple, list)) and len(got) == 2
        # gradients B times too large: a right loss means the 1/B is missing in backprop only
        right_loss = pair and numeric_array(got[0]) is not None and \
            np.isclose(numeric_array(got[0]).astype(float), loss, rtol=1e-6, atol=1e-9).all()
        catalogue = ([M.lag_missing_one_over_b, M.lag_bias_mean] if right_loss else LOSS) + \
            mutated(reference.loss_and_grads)
        try:
            expect_close(got[1] if pair else got, grads,
                         call=_("loss_and_grads(params, X, y)[1] (the gradients) for {network}").format(
                             network=_describe(params, X)),
                         mistakes=lambda: {d: v[1] for d, v in diagnose(catalogue, params, X, y).items()})
        except CheckFailed as failure:  # backprop runs on forward's cache: name a wrong forward
            if failure.finding is None or not failure.finding.cause:
                failure.finding = _backprop_layer(got[1] if pair else got, grads) or failure.finding
            try:
                expect_close(student.drive(drivers.forward_logits, params, X), reference.forward(params, X)[0], call="")
            except CheckFailed:
                raise CheckFailed(_("{failure} Your forward gives other logits than the reference for these params "
                                    "and X, and backpropagation starts from them: fix forward first.").format(
                                        failure=failure)) from None
            raise


def _backprop_layer(got, grads):
    """Where backpropagation first goes wrong, from the last layer down: what is known, not the cause."""
    if not isinstance(got, dict):
        return None
    layers = len(grads) // 2

    def right(i):
        return all(k in got and np.shape(got[k]) == grads[k].shape and np.allclose(got[k], grads[k], rtol=1e-6, atol=1e-9)
                   for k in (f"W{i}", f"b{i}"))

    wrong = next((i for i in range(layers, 0, -1) if not right(i)), None)
    if wrong is None:
        return None
    if wrong == layers:
        sentence = _("The gradients of the last layer (W{k}, b{k}) are already wrong: look at dz of the logits, "
                     "(softmax - one_hot) / B, and at dW = a_prev.T @ dz, db = dz.sum(axis=0).").format(k=layers)
    else:
        sentence = _("The gradients of the layers above layer {k} are right and those of layer {k} are not: the "
                     "mistake is in the step back from layer {above} into layer {k}, dz{k} = (dz{above} @ "
                     "W{above}.T) * (z{k} > 0), the ReLU's mask.").format(k=wrong, above=wrong + 1)
    return Finding("layer", f"layer {wrong}", sentence, cause=False)


@check("loss_and_grads", 0.5, "loss_and_grads: params and X are not modified", requires=["unchanged(params, X)"])
def test_loss_no_mutation(student, reference, rng):
    params, X, y = _loss_case(reference, rng)
    expect_no_mutation(student, "loss_and_grads", params, X, y, names={0: "params", 1: "X"})


# ----------------------------------------------------------------------------- train (3.5)

def _train_helpers(student, reference, rule=None):
    """train's helpers: the student's init_params, loss_and_grads, the provided minibatches and update rule
    (``rule``; None when train runs with a rule of the checks')."""
    helpers = [function_helper(student, reference, "init_params"), function_helper(student, reference, "loss_and_grads"),
               minibatches_helper(student, reference)]
    if rule:
        update_module = solutions.load("04_momentum" if rule == "sgd" else "05_adaptive_optimizers")
        helpers.append(function_helper(student, update_module, rule,
                                       shown=_("{function} (provided by the notebook)").format(function=rule)))
    return Helpers(reference, helpers)


def _train(student, call, provided, *args, **kwargs):
    """The student's train(*args, **kwargs); when it cannot run because the submission lacks what the
    notebook's provided cells define (``provided``, a .py file written without them), a message naming all of it."""
    try:
        return student.shown(call).train(*args, **kwargs)
    except (NotDefined, StudentError) as error:
        missing = student.drive(drivers.undefined, provided)
        if not missing or isinstance(error, StudentError) and error.exc_type != "NameError":
            raise
        raise CheckFailed(_("{call} cannot run: train needs {names}, which the notebook's provided cells define "
                            "(they are not graded), and your submission does not define them. Keep those cells "
                            "in the notebook, or copy them into your .py file.").format(
            call=call, names=_(" and ").join(missing))) from None


def _train_check(rule):
    @check("train", 1.5, "train: a small network with your {rule}, params and loss history", fields={"rule": rule},
           timeout=30)
    def test(student, reference, rng):
        update, config = UPDATES[rule]
        X, y = problems.blobs(64, 4, 3, seed=int(rng.integers(0, 1000)))
        seed = int(rng.integers(0, 1000))
        kwargs = dict(config=config, batch_size=16, epochs=3, seed=seed)
        call = (f"train(X, y, [4, 8, 3], {rule}, config={config}, batch_size=16, epochs=3, seed={seed}) "
                f"on 64 samples of 3 classes")
        got = _train(student, call, ["minibatches", rule], X, y, [4, 8, 3], student.fn(rule), **kwargs)
        params, history = reference.train(X, y, [4, 8, 3], update, **kwargs)
        found = later(TRAIN + ignored_arguments(reference.train) + mutated(reference.train), X, y, [4, 8, 3], update,
                      **kwargs)
        helpers = _train_helpers(student, reference, rule)
        args = (X, y, [4, 8, 3], student.fn(rule))
        with shows(Figure(got, (params, history), N_("The loss per epoch"), N_("epoch"), N_("loss"),
                          pick=(1, "loss"))):
            if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], dict) and "loss" in got[1]:
                helpers.judge(got[1]["loss"], "train", *args, **kwargs, expected=history["loss"],  # the telling part first
                              part=lambda result: result[1]["loss"], call=call + ': history["loss"]',
                              mistakes=lambda: {d: v[1]["loss"] for d, v in found().items()})
            helpers.judge(got, "train", *args, **kwargs, expected=(params, {"loss": history["loss"]}),
                          part=lambda result: (result[0], {"loss": result[1]["loss"]}), call=call,
                          mistakes=lambda: {d: (v[0], {"loss": v[1]["loss"]}) for d, v in found().items()})
    return test


test_train_sgd = _train_check("sgd")
test_train_adam = _train_check("adam")


@check("train", 0.5, "train: each parameter gets its own copy of config (an update rule that keeps its state in "
       "config)", timeout=30)
def test_train_own_configs(student, reference, rng):
    # the provided rules copy their config, so one dict shared by every parameter goes unseen with them
    X, y = problems.blobs(64, 4, 3, seed=int(rng.integers(0, 1000)))
    kwargs = dict(config={"learning_rate": 0.1}, batch_size=16, epochs=2, seed=int(rng.integers(0, 1000)))
    rule = problems.sgd_state_in_config
    call = _("train(X, y, [4, 8, 3], update, config={config}, batch_size=16, epochs=2, seed={seed}) on 64 samples "
             "of 3 classes, with an update rule that keeps its state in config itself (a step count t, as Adam's t "
             "in 05): learning_rate / t * dw").format(config=kwargs["config"], seed=kwargs["seed"])
    try:
        got = _train(student, call, ["minibatches"], X, y, [4, 8, 3], rule, **kwargs)
    except StudentError as error:
        if error.message != problems.SHARED_CONFIG:
            raise
        raise CheckFailed(_("{call}: the update rule was given a config dict that an update of a parameter of "
                            "another shape had already changed, so the parameters share one config.").format(
                                call=call), M.train_shared_config.description) from None
    params, history = reference.train(X, y, [4, 8, 3], rule, **kwargs)
    _train_helpers(student, reference).judge(
        got, "train", X, y, [4, 8, 3], rule, **kwargs, expected=(params, {"loss": history["loss"]}),
        part=lambda result: (result[0], {"loss": result[1]["loss"]}), call=call,
        # each entry with its own copy of config: the rule changes what it is given, and a mutant may share it
        mistakes=lambda: {d: (v[0], {"loss": v[1]["loss"]})
                          for entry in TRAIN + ignored_arguments(reference.train) + mutated(reference.train)
                          for d, v in diagnose([entry], X, y, [4, 8, 3], rule,
                                               **dict(kwargs, config=dict(kwargs["config"]))).items()})


# ----------------------------------------------------------------------------- accuracy (1)

def _accuracy_case(reference, rng, n):
    """A network and n labelled rows of which between a quarter and three quarters are right.

    The labels are set from the reference's predictions, so the accuracy is never 0 or 1 and a count
    or a percentage differs from the fraction on every seed.
    """
    params = _params(reference, rng, [4, 5, 3])
    X = rng.normal(size=(n, 4))
    predicted = np.argmax(reference.forward(params, X)[0], axis=1)
    right = rng.permutation(n) < int(rng.integers(n // 4 + 1, 3 * n // 4 + 1))
    y = np.where(right, predicted, (predicted + rng.integers(1, 3, n)) % 3)
    return params, X, y


@check("accuracy", 1.0, "accuracy: the fraction of rows whose largest logit is the label")
def test_accuracy(student, reference, rng):
    helpers = Helpers(reference, [forward_helper(student, reference)])
    for n in (10, 7):
        params, X, y = _accuracy_case(reference, rng, n)
        call = _("accuracy(params, X, y) for {network}").format(network=_describe(params, X))
        try:
            got = student.shown(call).accuracy(params, X, y)
        except StudentError as error:
            raise _as_raised_by_a_mistake(error, ACCURACY, params, X, y) from None
        helpers.judge(got, "accuracy", params, X, y, call=call,
                      mistakes=later(ACCURACY + mutated(reference.accuracy), params, X, y))


def _as_raised_by_a_mistake(error, entries, *args):
    """The student's exception, with the known mistake that raises the very same one for ``args`` named
    (argmax over the wrong axis cannot compare with the labels)."""
    for entry in entries:
        try:
            with np.errstate(all="ignore"):
                entry(*args)
        except Exception as raised:  # noqa: BLE001 - the mistake's own exception, whatever it is
            if type(raised).__name__ == error.exc_type and str(raised).strip() == (error.message or "").strip():
                return CheckFailed(str(error), entry.description)
    return error
