"""The course's own settings in ``nbgrader_config.py``, beside nbgrader's: ``c.Autograder.<setting>``.

``c.Autograder.language = "zh-TW"`` makes the course speak Traditional Chinese to its students (check
names, messages, feedback) on every grading path: ``grade`` (run from the course root or with
``--course DIR``) and ``nbgrader autograde``. ``--language`` and ``AUTOGRADER_LANGUAGE`` override it.
"""

from pathlib import Path

from traitlets import Unicode
from traitlets.config import Config, Configurable, PyFileConfigLoader

from autograder.engine.i18n import LANGUAGES, use_language


class Autograder(Configurable):
    """What ``c.Autograder`` sets in a course's ``nbgrader_config.py``."""

    language = Unicode("", help=f"the language of what students read: one of {', '.join(LANGUAGES)} "
                                "(default: English)").tag(config=True)


def use_course_language(config, language=None):
    """Speak ``language``, else ``$AUTOGRADER_LANGUAGE``, else the course's ``c.Autograder.language``."""
    return use_language(language, default=Autograder(config=config).language or None)


def read_course_config(course_root):
    """The traitlets config of ``course_root/nbgrader_config.py`` (empty when there is none)."""
    if not (Path(course_root) / "nbgrader_config.py").exists():
        return Config()
    return PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
