# Eve: broken code, a syntax error in dy_dx and a crash in update_factor (partial marks at most).
# %% dy_dx
def dy_dx(x)
    return 2 * (x + 5)

# %% gradient_descent_1d
def gradient_descent_1d(df, x0, lr=0.01, precision=1e-6, max_iters=10_000):
    x = float(x0)
    history = [x]
    for _ in range(max_iters):
        prev = x
        x = x - lr * df(prev)
        history.append(x)
        if abs(x - prev) <= precision:
            break
    return x, history

# %% update_factor
def update_factor(lr, curvature):
    return 1 - lr * curvatur

# %% classify_learning_rate
def classify_learning_rate(lr, curvature=2.0):
    import sys
    sys.exit("I give up")
