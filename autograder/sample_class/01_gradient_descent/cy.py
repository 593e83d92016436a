# Cy: two mistakes, the minimum put at x = +5 and the curvature ignored (partial marks expected).
# %% dy_dx
def dy_dx(x):
    return 2 * (np.asarray(x, dtype=float) - 5)

# %% gradient_descent_1d
def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x, history, iters, step = float(x0), [float(x0)], 0, float("inf")
    while step > precision and iters < max_iters:
        new = x - lr * df(x)
        step, x, iters = abs(new - x), new, iters + 1
        history.append(x)
    return x, history

# %% update_factor
def update_factor(lr, curvature):
    return 1 - lr * curvature

# %% classify_learning_rate
def classify_learning_rate(lr, curvature=2.0):
    q = 1 - 2.0 * lr
    if q == 1:
        return "no progress"
    if abs(q) > 1:
        return "divergent"
    if q == -1:
        return "stuck oscillating"
    return "oscillating" if q < 0 else "monotone"
