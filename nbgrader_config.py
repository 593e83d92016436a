"""nbgrader configuration: this folder is the course; releases go to ``assignments/``."""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "gradient-descent"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"
