"""Known mistakes of 01_gradient_descent: what a submission with each one mistake returns (see ``autograder.checks.known_mistakes``)."""

from autograder.checks.known_mistakes import f64, mistake, ref


@mistake("y = (x+5)**2 itself instead of its derivative 2*(x+5)")
def dy_dx_returns_y(x):
    return (f64(x) + 5) ** 2


@mistake("a sign error in the shift: 2*(x-5) instead of 2*(x+5)")
def dy_dx_wrong_shift(x):
    return 2 * (f64(x) - 5)


@mistake("the factor 2 missing: x+5 instead of 2*(x+5)")
def dy_dx_no_factor_two(x):
    return f64(x) + 5


@mistake("the chain rule misapplied: 2*x + 5 instead of 2*(x+5)")
def dy_dx_no_parentheses(x):
    return 2 * f64(x) + 5


def _gd1d(df, x0, lr, precision, max_iters, *, keep_last=True, keep_first=True, extra_iter=False,
          stop_on_gradient=False):
    x, history, step, iters = float(x0), [], float("inf"), 0
    if keep_first:
        history.append(x)
    limit = max_iters + 1 if extra_iter else max_iters
    while step > precision and iters < limit:
        prev = x
        x = x - lr * df(prev)
        step = abs(df(x)) if stop_on_gradient else abs(x - prev)
        iters += 1
        history.append(x)
    if not keep_last:
        history.pop()
    return x, history


@mistake("the last x not appended to the history (len(history) must be iterations + 1)")
def gd1d_history_without_last(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, keep_last=False)


@mistake("x0 missing from the history (history[0] must be x0)")
def gd1d_history_without_x0(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, keep_first=False)


@mistake("one iteration too many (the loop runs while iters <= max_iters)")
def gd1d_one_extra_iteration(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, extra_iter=True)


@mistake("the stopping test on the size of the gradient |df(x)| instead of the size of the step |x - prev| (stop when "
         "a step is smaller than precision)")
def gd1d_stops_on_gradient(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    return _gd1d(df, x0, lr, precision, max_iters, stop_on_gradient=True)


@mistake("the sign flipped: 1 + lr*curvature instead of 1 - lr*curvature")
def update_factor_plus(lr, curvature):
    return 1 + lr * curvature


@mistake("lr*curvature without the 1 - ...")
def update_factor_missing_one(lr, curvature):
    return lr * curvature


@mistake("half the curvature: 1 - lr*curvature/2 (curvature is already the second derivative)")
def update_factor_half_curvature(lr, curvature):
    return 1 - lr * curvature / 2


@mistake("twice the curvature: 1 - 2*lr*curvature (curvature is already the second derivative)")
def update_factor_double_curvature(lr, curvature):
    return 1 - 2 * lr * curvature


def _classify(q, at_zero="monotone", at_minus_one="stuck oscillating"):
    if q == 1:
        return "no progress"
    if q == 0:
        return at_zero
    if q == -1:
        return at_minus_one
    if abs(q) > 1:
        return "divergent"
    return "oscillating" if q < 0 else "monotone"


@mistake("q == 0 put on the wrong side: 0 <= q < 1 is 'monotone'")
def classify_zero_oscillating(lr, curvature=2.0):
    return _classify(1 - lr * curvature, at_zero="oscillating")


@mistake("q == -1 counted as divergent: exactly -1 is 'stuck oscillating' (|q| > 1 diverges)")
def classify_minus_one_divergent(lr, curvature=2.0):
    return _classify(1 - lr * curvature, at_minus_one="divergent")


@mistake("q == -1 counted as oscillating: exactly -1 is 'stuck oscillating'")
def classify_minus_one_oscillating(lr, curvature=2.0):
    return _classify(1 - lr * curvature, at_minus_one="oscillating")


@mistake("the curvature argument ignored (always 2.0)")
def classify_ignores_curvature(lr, curvature=2.0):
    return ref("01").classify_learning_rate(lr)
