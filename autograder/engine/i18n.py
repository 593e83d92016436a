"""Student-facing text in the student's language, from gettext catalogues (``autograder/locale``).

Write every string a student or instructor reads as ``_("... {name} ...").format(name=...)``
(placeholders by name, so a translation may reorder them) and import ``_`` from here. The
language is chosen once per process with :func:`use_language`: the ``--language`` option, else
``AUTOGRADER_LANGUAGE``, else English. It is exported to the environment, so every worker and
subprocess speaks the same language.
"""

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # autograder/locale/<language>/LC_MESSAGES
DOMAIN = "autograder"
LANGUAGES = ("en", "zh-TW")  # English is the source text; zh-TW comes from locale/zh_TW
ENVIRONMENT_VARIABLE = "AUTOGRADER_LANGUAGE"

_translation = gettext.NullTranslations()
_language = "en"


def _gettext_code(language):
    """``zh-TW`` (what people type) as gettext's folder name ``zh_TW``."""
    return language.replace("-", "_")


def use_language(language=None):
    """Speak ``language`` from now on (default: ``$AUTOGRADER_LANGUAGE``, else English); returns it.

    An unknown language is a ``ValueError`` that names the ones there are.
    """
    global _translation, _language
    language = language or os.environ.get(ENVIRONMENT_VARIABLE) or "en"
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_gettext_code(language)])
    _language = language
    os.environ[ENVIRONMENT_VARIABLE] = language
    return language


def current_language():
    """The language :func:`use_language` chose last (``en`` before any choice)."""
    return _language


def _(message):
    """``message`` in the current language (itself when there is no translation)."""
    return _translation.gettext(message)


def N_(message):
    """``message`` itself, marked for the catalogues: text stored in English and translated where it is shown."""
    return message


def ngettext(singular, plural, count):
    """``singular`` or ``plural`` for ``count``, in the current language."""
    return _translation.ngettext(singular, plural, count)


# A worker or subprocess started by a command that chose a language speaks it too.
if os.environ.get(ENVIRONMENT_VARIABLE, "en") != "en":
    use_language()
