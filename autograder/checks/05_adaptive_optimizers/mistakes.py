"""Known mistakes of 05_adaptive_optimizers: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import math

import numpy as np

from autograder.checks.known_mistakes import f64, mistake, update_rule_inputs


def _scaled(dw, cache, eps, inside):
    if inside == "none":
        return dw / np.sqrt(cache)
    return dw / np.sqrt(cache + eps) if inside else dw / (np.sqrt(cache) + eps)


def _adagrad(w, dw, config, *, inside=False, accumulate=True):
    w, dw, c = update_rule_inputs(w, dw, config, learning_rate=1e-2, epsilon=1e-8)
    cache = (f64(c.get("cache", np.zeros_like(w))) if accumulate else 0.0) + dw**2
    c["cache"] = cache
    return w - c["learning_rate"] * _scaled(dw, cache, c["epsilon"], inside), c


@mistake("epsilon inside the square root: dw/sqrt(cache + eps) instead of dw/(sqrt(cache) + eps)")
def adagrad_eps_inside(w, dw, config=None):
    return _adagrad(w, dw, config, inside=True)


@mistake("no epsilon in the denominator (0/0 is nan where the gradient is 0)")
def adagrad_no_eps(w, dw, config=None):
    return _adagrad(w, dw, config, inside="none")


@mistake("the cache not accumulated between calls: each call starts it again from zeros, so it holds this step's "
         "dw**2 only instead of the sum of all past dw**2 (cache += dw**2)")
def adagrad_no_accumulation(w, dw, config=None):
    return _adagrad(w, dw, config, accumulate=False)


def _rmsprop(w, dw, config, *, inside=False, keep=None, new=None, start_at_g=False):
    w, dw, c = update_rule_inputs(w, dw, config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
    rho = c["decay_rate"]
    if "cache" in c:
        old = f64(c["cache"])
        cache = (rho if keep is None else keep(rho)) * old + ((1 - rho) if new is None else new(rho)) * dw**2
    elif start_at_g:
        cache = dw**2
    else:
        cache = ((1 - rho) if new is None else new(rho)) * dw**2
    c["cache"] = cache
    return w - c["learning_rate"] * _scaled(dw, cache, c["epsilon"], inside), c


@mistake("epsilon inside the square root: dw/sqrt(cache + eps) instead of dw/(sqrt(cache) + eps)")
def rmsprop_eps_inside(w, dw, config=None):
    return _rmsprop(w, dw, config, inside=True)


@mistake("no epsilon in the denominator (0/0 is nan where the gradient is 0)")
def rmsprop_no_eps(w, dw, config=None):
    return _rmsprop(w, dw, config, inside="none")


@mistake("the cache not decayed (cache + (1-rho)*dw**2; it is rho*cache + (1-rho)*dw**2)")
def rmsprop_not_decayed(w, dw, config=None):
    return _rmsprop(w, dw, config, keep=lambda rho: 1.0)


@mistake("the (1-rho) factor missing (rho*cache + dw**2)")
def rmsprop_no_one_minus_rho(w, dw, config=None):
    return _rmsprop(w, dw, config, new=lambda rho: 1.0)


@mistake("rho and 1-rho swapped ((1-rho)*cache + rho*dw**2)")
def rmsprop_swapped(w, dw, config=None):
    return _rmsprop(w, dw, config, keep=lambda rho: 1 - rho, new=lambda rho: rho)


@mistake("the cache started at dw**2 (the lecture's sigma_0 = |g_0|) instead of zeros")
def rmsprop_lecture_start(w, dw, config=None):
    return _rmsprop(w, dw, config, start_at_g=True)


def _adam(w, dw, config, *, correct=True, late_t=False, inside=False, eps_hat=False, v_linear=False,
          v_beta1=False):
    w, dw, c = update_rule_inputs(w, dw, config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
    b1, b2 = c["beta1"], c["beta2"]
    t_old = c.get("t", 0)
    t = t_old if late_t else t_old + 1
    m = b1 * f64(c.get("m", np.zeros_like(w))) + (1 - b1) * dw
    v = b2 * f64(c.get("v", np.zeros_like(w))) + (1 - b2) * (np.abs(dw) if v_linear else dw**2)
    if eps_hat:
        step = c["learning_rate"] * math.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + c["epsilon"])
    else:
        m_hat, v_hat = (m / (1 - b1**t), v / (1 - (b1 if v_beta1 else b2) ** t)) if correct else (m, v)
        step = c["learning_rate"] * _scaled(m_hat, v_hat, c["epsilon"], inside)
    c.update(m=m, v=v, t=t_old + 1)
    return w - step, c


@mistake("no bias correction (m_hat = m/(1-beta1**t), v_hat = v/(1-beta2**t) are missing)")
def adam_no_bias_correction(w, dw, config=None):
    return _adam(w, dw, config, correct=False)


@mistake("t incremented after its use: the first step divides by 1 - beta1**0 = 0 (t += 1 comes first, so the "
         "first step uses t = 1)")
def adam_late_t(w, dw, config=None):
    return _adam(w, dw, config, late_t=True)


@mistake("epsilon inside the square root: m_hat/sqrt(v_hat + eps) instead of m_hat/(sqrt(v_hat) + eps)")
def adam_eps_inside(w, dw, config=None):
    return _adam(w, dw, config, inside=True)


@mistake("no epsilon in the denominator (0/0 is nan where the gradient is 0)")
def adam_no_eps(w, dw, config=None):
    return _adam(w, dw, config, inside="none")


@mistake("Keras' 'epsilon hat' form (eps added to the uncorrected sqrt(v)); Algorithm 1 adds it to sqrt(v_hat)")
def adam_eps_hat(w, dw, config=None):
    return _adam(w, dw, config, eps_hat=True)


@mistake("v built from |dw| instead of dw**2")
def adam_v_linear(w, dw, config=None):
    return _adam(w, dw, config, v_linear=True)


@mistake("v bias-corrected with beta1 instead of beta2")
def adam_v_corrected_with_beta1(w, dw, config=None):
    return _adam(w, dw, config, v_beta1=True)
