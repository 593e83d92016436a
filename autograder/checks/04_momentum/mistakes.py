"""Known mistakes of 04_momentum: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import numpy as np

from autograder.checks.known_mistakes import f64, mistake, update_rule_inputs


# Update rules with CS231n's interface; the checks run them step by step like the student's.

@mistake("gradient ascent: w + lr*dw instead of w - lr*dw")
def sgd_ascent(w, dw, config=None):
    w, dw, c = update_rule_inputs(w, dw, config, learning_rate=1e-2)
    return w + c["learning_rate"] * dw, c


@mistake("the learning_rate in config ignored (always 1e-2)")
def sgd_ignores_config(w, dw, config=None):
    w, dw, c = update_rule_inputs(w, dw, config)
    return w - 1e-2 * dw, c


def _momentum(w, dw, config, *, sign=-1.0, keep_state=True, stored_sign=1.0, nesterov=False, late_prev=False,
              nesterov_sign=-1.0):
    w, dw, c = update_rule_inputs(w, dw, config, learning_rate=1e-2, momentum=0.9)
    mu, lr = c["momentum"], c["learning_rate"]
    v_prev = stored_sign * f64(c["velocity"]) if keep_state and "velocity" in c else np.zeros_like(w)
    v = mu * v_prev + sign * lr * dw
    if nesterov:
        if late_prev:
            v_prev = v
        w_next = w + nesterov_sign * mu * v_prev + (1 + mu) * v
    else:
        w_next = w + v
    c["velocity"] = stored_sign * v
    return w_next, c


@mistake("v = momentum*v + lr*dw (the step goes uphill: it is momentum*v - lr*dw)")
def momentum_plus_lr(w, dw, config=None):
    return _momentum(w, dw, config, sign=1.0)


@mistake("the velocity not carried between calls (read it from config['velocity'], store the new one there)")
def momentum_no_state(w, dw, config=None):
    return _momentum(w, dw, config, keep_state=False)


@mistake("the velocity stored with the opposite sign (v = momentum*v + lr*dw; w - v): "
         "config['velocity'] must be momentum*v - lr*dw")
def momentum_negated_velocity(w, dw, config=None):
    return _momentum(w, dw, config, stored_sign=-1.0)


@mistake("plain momentum (v_prev saved after updating v, so the look-ahead cancels out)")
def nesterov_plain(w, dw, config=None):
    return _momentum(w, dw, config, nesterov=True, late_prev=True)


@mistake("+momentum*v_prev instead of -momentum*v_prev (the sign of that term flipped)")
def nesterov_plus_prev(w, dw, config=None):
    return _momentum(w, dw, config, nesterov=True, nesterov_sign=1.0)


@mistake("the velocity not carried between calls (read it from config['velocity'], store the new one there)")
def nesterov_no_state(w, dw, config=None):
    return _momentum(w, dw, config, nesterov=True, keep_state=False)


def _run(update, grad_fn, w0, config, num_steps, *, fresh_config=False, first=True, last=True):
    w = f64(w0)
    rows, state = [w], config
    for _ in range(num_steps):
        w, new_state = update(w, grad_fn(w), config if fresh_config else state)
        state = state if fresh_config else new_state
        rows.append(f64(w))
    return np.array(rows[(0 if first else 1):(None if last else -1)])


@mistake("the config returned by update not passed to the next step (state lost)")
def run_fresh_config(update, grad_fn, w0, config=None, num_steps=100):
    return _run(update, grad_fn, w0, config, num_steps, fresh_config=True)


@mistake("w0 missing from the trajectory (row 0 must be w0)")
def run_without_w0(update, grad_fn, w0, config=None, num_steps=100):
    return _run(update, grad_fn, w0, config, num_steps, first=False)


@mistake("the last step missing from the trajectory (num_steps + 1 rows)")
def run_without_last(update, grad_fn, w0, config=None, num_steps=100):
    return _run(update, grad_fn, w0, config, num_steps, last=False)
