"""Known mistakes of 06_lr_schedules: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

import numpy as np

from autograder.checks.known_mistakes import f64, mistake
from autograder.engine.i18n import N_


def _p(global_step, decay_steps, staircase, rounding=np.floor):
    p = f64(global_step) / decay_steps
    return rounding(p) if staircase else p


def _like(rate):
    return float(rate) if np.ndim(rate) == 0 else rate


_FORMULAS = {
    "exponential_decay": lambda lr, p, rate: lr * rate**p,
    "natural_exp_decay": lambda lr, p, rate: lr * np.exp(-rate * p),
    "inverse_time_decay": lambda lr, p, rate: lr / (1 + rate * p),
}
_FORMULA_MISTAKES = {"exponential_decay": N_("the exponential decay formula"),
                     "natural_exp_decay": N_("the natural exp decay formula"),
                     "inverse_time_decay": N_("the inverse time decay formula")}


def _decay(name, lr, step, decay_steps, rate, staircase, **p_options):
    return _like(_FORMULAS[name](lr, _p(step, decay_steps, staircase, **p_options), rate))


def decay_mistakes(name):
    """The catalogue entries of one of the three decays (same signature)."""

    @mistake("staircase not floored (staircase=True floors p = global_step/decay_steps)")
    def not_floored(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, False)

    @mistake("p floored although staircase is False (integer division global_step // decay_steps)")
    def always_floored(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, True)

    @mistake("p rounded instead of floored with staircase")
    def rounded(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, staircase, rounding=np.round)

    @mistake("p rounded up (ceil) instead of floored with staircase")
    def ceiled(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, decay_steps, rate, staircase, rounding=np.ceil)

    @mistake("decay_steps ignored: p = global_step instead of global_step / decay_steps")
    def no_decay_steps(lr, step, decay_steps, rate, staircase=False):
        return _decay(name, lr, step, 1, rate, staircase)

    others = []
    for other, formula in _FORMULAS.items():
        if other != name:
            def wrong_formula(lr, step, decay_steps, rate, staircase=False, formula=formula):
                return _like(formula(lr, _p(step, decay_steps, staircase), rate))

            others.append(mistake(_FORMULA_MISTAKES[other])(wrong_formula))

    @mistake("exp(+decay_rate * p): the minus sign is missing")
    def missing_minus(lr, step, decay_steps, rate, staircase=False):
        return _like(lr * np.exp(rate * _p(step, decay_steps, staircase)))

    @mistake("lr / (1 + decay_rate) ** p instead of lr / (1 + decay_rate * p)")
    def inverse_power(lr, step, decay_steps, rate, staircase=False):
        return _like(lr / (1 + rate) ** _p(step, decay_steps, staircase))

    # one line without the parentheses: lr * decay_rate ** global_step / decay_steps; its staircase floors
    # global_step / decay_steps (and multiplies back), or leaves integer steps as they are
    @mistake("the result divided by decay_steps instead of global_step (the parentheses around global_step / "
             "decay_steps missing, operator precedence)")
    def divided_after(lr, step, decay_steps, rate, staircase=False):
        return _like(_FORMULAS[name](lr, decay_steps * _p(step, decay_steps, staircase), rate) / decay_steps)

    @mistake("the result divided by decay_steps instead of global_step, with or without staircase (the parentheses "
             "around global_step / decay_steps missing, operator precedence)")
    def divided_after_always(lr, step, decay_steps, rate, staircase=False):
        return _like(_FORMULAS[name](lr, f64(step), rate) / decay_steps)

    extra = {"natural_exp_decay": [missing_minus], "inverse_time_decay": [inverse_power]}.get(name, [])
    return [not_floored, always_floored, rounded, ceiled, no_decay_steps, *others, *extra, divided_after,
            divided_after_always]


def _poly(lr, step, decay_steps, end, power, cycle, *, clip=True, ceil=np.ceil, at_least_one=True,
          power_inside=False):
    step = f64(step)
    if cycle:
        periods = ceil(step / decay_steps)
        span = decay_steps * (np.maximum(1.0, periods) if at_least_one else periods)
    else:
        step, span = (np.minimum(step, decay_steps) if clip else step), decay_steps
    factor = 1 - (step / span) ** power if power_inside else (1 - step / span) ** power
    return _like((lr - end) * factor + end)


@mistake("global_step not capped at decay_steps without cycle (s = min(global_step, decay_steps))")
def poly_not_capped(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, clip=False)


@mistake("floor instead of ceil in the cycle length D = decay_steps * max(1, ceil(global_step/decay_steps))")
def poly_cycle_floor(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, ceil=np.floor)


@mistake("the max(1, ...) missing in the cycle length (at global_step 0 it divides by zero)")
def poly_cycle_no_max(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, at_least_one=False)


@mistake("cycle ignored")
def poly_ignores_cycle(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, False)


@mistake("1 - (s/D) ** power instead of (1 - s/D) ** power: the power applied to s/D instead of to (1 - s/D)")
def poly_power_inside(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle, power_inside=True)


@mistake("power ignored (always 1)")
def poly_ignores_power(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False):
    return _poly(learning_rate, global_step, decay_steps, end_learning_rate, 1.0, cycle)


def _schedule_gd(df, x0, schedule, num_steps, *, shift=0, first=True, last=True, fixed=False, grad_at_x0=False):
    x = f64(x0)
    history = [x]
    for k in range(num_steps):
        x = x - schedule(0 if fixed else k + shift) * df(history[0] if grad_at_x0 else x)
        history.append(x)
    return np.array(history[(0 if first else 1):(None if last else -1)])


@mistake("schedule(k + 1) used at step k instead of schedule(k): steps counted from 1 (the first step uses "
         "schedule(0))")
def schedule_one_based(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, shift=1)


@mistake("the learning rate schedule(0) kept for every step")
def schedule_fixed(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, fixed=True)


@mistake("x0 missing from the history: the history starts with x0 and holds num_steps + 1 values")
def schedule_without_x0(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, first=False)


@mistake("the last x missing from the history (num_steps + 1 values)")
def schedule_without_last(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, last=False)


@mistake("the gradient taken at x0 on every step: df(x0) instead of df(x) at the current x")
def schedule_grad_at_x0(df, x0, schedule, num_steps):
    return _schedule_gd(df, x0, schedule, num_steps, grad_at_x0=True)
