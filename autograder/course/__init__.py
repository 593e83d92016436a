"""nbgrader and the course: building the release, nbgrader's autograde with the engine, grading a class.

``build`` (solutions -> notebooks -> release, with ``notebook``'s test-cell points), ``gradebook``
(nbgrader's preprocessors and feedback), ``class_grading`` (``grade --course``) and ``class_report``,
``gradescope``, ``selfcheck`` (a student's ``check``) and ``demo``.
"""
