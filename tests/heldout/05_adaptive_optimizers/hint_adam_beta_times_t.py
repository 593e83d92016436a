# corpus: buggy
# function: adam
# mistake:
# actual: bias correction with beta*t instead of beta**t
# named: bias correction | beta1**t | beta**t
"""05 Adaptive learning rates: Adagrad, RMSprop, Adam (優化神經網路 6-3).

Same interface as 04 (CS231n's optim.py): next_w, config = update(w, dw, config=None).
自適應學習率 Adaptive methods divide each coordinate's step by a running size of its
gradients, so steep and flat directions move at similar speeds.

These rules match PyTorch step for step: torch.optim.Adagrad(initial_accumulator_value=0,
eps=epsilon), RMSprop(alpha=decay_rate, eps=epsilon) and Adam(betas=(beta1, beta2)).
Where the lecture writes them differently:
- Adagrad: the lecture divides by sigma_t = sqrt(mean of the past g^2) and decays the
  rate as eta_t = eta / sqrt(t+1). Since eta_t / sigma_t = eta / sqrt(sum of past g^2),
  that is this update without epsilon.
- RMSprop: the lecture starts sigma_0 = |g_0| where this (and PyTorch/Keras) starts from a
  zero cache, so the first step differs: the lecture's first step is lr*sign(g); here it is
  lr*g/sqrt((1-rho) g^2) = lr*sign(g)/sqrt(1-rho), ten times larger for rho = 0.99.
- Adam: as in Kingma & Ba's Algorithm 1; Keras puts epsilon next to the uncorrected
  sqrt(v) ("epsilon hat"), which differs only while v is tiny.
"""

__all__ = ["adagrad", "rmsprop", "adam"]

import numpy as np


def adagrad(w, dw, config=None):
    """Adagrad: cache += dw**2; next_w = w - learning_rate * dw / (sqrt(cache) + epsilon).

    config: learning_rate (1e-2), epsilon (1e-8),
            cache (state: the sum of squared gradients, starts at zeros).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    cache = config.get("cache", np.zeros_like(w)) + dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    """RMSprop: cache = rho*cache + (1-rho)*dw**2; next_w = w - lr*dw/(sqrt(cache)+eps).

    config: learning_rate (1e-2), decay_rate rho (0.99), epsilon (1e-8),
            cache (state: moving average of squared gradients, starts at zeros).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    w, dw = np.asarray(w, dtype=float), np.asarray(dw, dtype=float)
    rho = config["decay_rate"]
    cache = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def adam(w, dw, config=None):
    """Adam (Kingma & Ba, Algorithm 1), with bias-corrected moments.

    t += 1 (first); m = beta1*m + (1-beta1)*dw; v = beta2*v + (1-beta2)*dw**2;
    m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t);
    next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    config: learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8),
            m, v (state: moment estimates, start at zeros), t (state: step count, starts at 0).
    w and dw may be numpy arrays of any real dtype, integers included. Array results are float64
    numpy arrays, also for integer input. Never modifies w or dw in place.
    """
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
    m_hat = m / (1 - beta1 * t)
    v_hat = v / (1 - beta2 * t)
    config.update(t=t, m=m, v=v)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
