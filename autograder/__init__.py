"""The grading engine of the gradient-descent course.

The grading path, one module per stage (see README and DESIGN.md):
    load      -> a submission's code cells, magics removed, errors per cell
    sandbox   -> a warm child process that runs the student's code under limits
    wire      -> plain data across the boundary, never pickle
    checks/   -> the hidden pytest checks, one file per assignment
    grade     -> runs the checks per submission and collects the results
    report    -> terminal table, JSON/CSV, Gradescope results.json
    course    -> nbgrader gradebook and feedback for a whole class
The course tooling: ``build`` (solutions -> notebooks -> release) and ``selfcheck``.
"""
