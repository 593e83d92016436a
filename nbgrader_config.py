"""nbgrader configuration: this folder is the course; releases go to ``assignments/``."""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = "."
c.CourseDirectory.course_id = "gradient-descent"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.db_assignments = [
    dict(name=name)
    for name in (
        "01_gradient_descent",
        "02_numerical_gradient",
        "03_losses_and_batches",
        "04_momentum",
        "05_adaptive_optimizers",
        "06_lr_schedules",
        "07_autograd",
        "08_training",
    )
]
