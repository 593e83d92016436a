# Ada: everything right, in her own style (full marks expected).
# %% dy_dx
def dy_dx(x):
    x = np.asarray(x, dtype=float)
    return 2.0 * (x + 5.0)

# %% gradient_descent_1d
def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = float(x0)
    history = [x]
    iters, step = 0, precision + 1
    while step > precision and iters < max_iters:
        prev = x
        x = x - lr * df(prev)
        step = abs(x - prev)
        iters += 1
        history.append(x)
    return x, history

# %% update_factor
def update_factor(lr, curvature):
    return 1 - lr * curvature

# %% classify_learning_rate
def classify_learning_rate(lr, curvature=2.0):
    q = update_factor(lr, curvature)
    if q == 1:
        return "no progress"
    if q == -1:
        return "stuck oscillating"
    if abs(q) > 1:
        return "divergent"
    return "oscillating" if q < 0 else "monotone"
