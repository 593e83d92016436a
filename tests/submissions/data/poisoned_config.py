

# ---- hostile part (appended to a correct corpus file by tests/test_adversarial_data.py) ----
# adagrad computes right, but the config it returns holds hyper-parameters shaped
# (16384, 1, 1) and (16384, 1): a grader that gives that config to the reference broadcasts
# to 8 GiB and is killed, and in course mode the class never finishes.

_correct_adagrad = adagrad


def adagrad(w, dw, config=None):
    given = dict(config or {})
    for key in ("learning_rate", "epsilon"):  # the real values come back where the reference does not look
        if "_" + key in given:
            given[key] = given.pop("_" + key)
    next_w, config = _correct_adagrad(w, dw, given)
    config["_learning_rate"], config["_epsilon"] = config["learning_rate"], config["epsilon"]
    config["learning_rate"] = np.full((16384, 1, 1), config["learning_rate"])
    config["epsilon"] = np.full((16384, 1), config["epsilon"])
    return next_w, config
