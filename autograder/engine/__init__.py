"""The grading engine: a submission in, one record per check out; it knows nothing of nbgrader or of any assignment.

One module per stage: ``load`` (code cells) -> ``sandbox`` (a warm child under limits, serving from the
private copies of ``seal``) <-> ``wire`` (plain data, never pickle) <-> ``student`` (the grader's proxy)
-> ``plugin`` (pytest collects the hidden checks, written with ``checking`` and ``requirements``) -> ``grade``
(per submission and per file list) -> ``report``. ``sandbox_side`` finds, by their file names, the
assignments' problems and drivers that run beside the submission.
"""
