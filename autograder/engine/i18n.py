"""Student-facing text in the student's language, from gettext catalogues (``autograder/locale``).

Write every string a student or instructor reads as ``_("... {name} ...").format(name=...)``
(placeholders by name, so a translation may reorder them) and import ``_`` from here. Text made
when a module is imported, before any language is chosen, is marked instead and translated
where it is shown: ``N_("...")`` anywhere, and two arguments Babel extracts without a marker,
a check's name (the third argument of ``@check``, which also identifies the check in records and
gradebooks, so it stays English there) and a known mistake's description (``@mistake``'s
argument). :data:`KEYWORDS` lists them for Babel (``babel.cfg``, the README's commands).

The language is chosen once per process with :func:`use_language`: the ``--language`` option,
else ``AUTOGRADER_LANGUAGE``, else the course's ``c.Autograder.language``, else English. It is
exported to the environment, so every worker and subprocess speaks the same language.
"""

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # autograder/locale/<language>/LC_MESSAGES
DOMAIN = "autograder"
LANGUAGES = ("en", "zh-TW")  # English is the source text; zh-TW comes from locale/zh_TW
ENVIRONMENT_VARIABLE = "AUTOGRADER_LANGUAGE"
# What Babel extracts: function name -> the positions of its message arguments (None: the first).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "check": (3,), "mistake": None}

_translation = gettext.NullTranslations()
_language = "en"


def gettext_code(language):
    """``zh-TW`` (what people type) as gettext's folder name ``zh_TW``."""
    return language.replace("-", "_")


def language_named(name):
    """The language of :data:`LANGUAGES` that ``name`` means (``zh-TW``, ``zh_tw``, ``EN``...), or ValueError."""
    for language in LANGUAGES:
        if gettext_code(language).lower() == gettext_code(str(name)).strip().lower():
            return language
    raise ValueError(f"unknown language {name!r}: choose one of {', '.join(LANGUAGES)}")


def use_language(language=None, default=None):
    """Speak ``language`` from now on; returns it.

    Without ``language``: ``$AUTOGRADER_LANGUAGE``, else ``default`` (a course's setting), else
    English. An unknown language is a ``ValueError`` that names the ones there are.
    """
    global _translation, _language
    language = language_named(language or os.environ.get(ENVIRONMENT_VARIABLE) or default or "en")
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[gettext_code(language)])
    _language = language
    os.environ[ENVIRONMENT_VARIABLE] = language
    return language


def current_language():
    """The language :func:`use_language` chose last (``en`` before any choice)."""
    return _language


def _(message):
    """``message`` in the current language (itself when there is no translation)."""
    return _translation.gettext(message)


def next_sentence(sentence):
    """``sentence`` to append to another: after a space in English, straight after it in Chinese."""
    return _(" {sentence}").format(sentence=sentence)


def joined_sentences(sentences):
    """``sentences`` one after the other, as the current language writes them."""
    return "".join(sentences[:1] + [next_sentence(sentence) for sentence in sentences[1:]])


def N_(message):  # noqa: N802 - gettext's conventional name for "extract, translate later"
    """``message`` itself: marks text translated with ``_(message)`` where it is shown."""
    return message


def ngettext(singular, plural, count):
    """``singular`` or ``plural`` for ``count``, in the current language."""
    return _translation.ngettext(singular, plural, count)


# A worker or subprocess started by a command that chose a language speaks it too.
if os.environ.get(ENVIRONMENT_VARIABLE, "en") != "en":
    use_language()
