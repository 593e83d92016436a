"""The message catalogues, as a maintainer and the build see them: what the package says (extracted
with Babel from its sources, as ``pybabel extract -F babel.cfg`` does), what a catalogue translates,
and the public checks' part of it that a release carries.

``autograder/locale/<language>/LC_MESSAGES/autograder.po`` is the catalogue people edit;
``autograder.mo`` beside it is what the package reads (``autograder.engine.i18n``), compiled from it.
A release folder cannot rely on the package, so it gets ``translations.json``: the public checks'
messages (``public_conftest.py`` and ``<ID>/public.py``) with their translations, nothing else.
"""

import json
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from autograder.engine.i18n import DOMAIN, KEYWORDS, LANGUAGES, LOCALE_DIR, gettext_code

PACKAGE = Path(__file__).resolve().parent.parent
METHODS = [("**.py", "python"), ("**.html", "jinja2")]  # as babel.cfg says
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n"}}


def extracted(folder=PACKAGE):
    """``{msgid: [(file, line), ...]}`` of every message in the sources under ``folder`` (plural: its singular)."""
    messages = {}
    for file, line, message, _comments, _context in extract_from_dir(folder, METHODS, OPTIONS, KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            messages.setdefault(msgid, []).append((file, line))
    return messages


def catalogue_path(language, extension="po"):
    """``autograder/locale/zh_TW/LC_MESSAGES/autograder.po`` (or ``.mo``)."""
    return LOCALE_DIR / gettext_code(language) / "LC_MESSAGES" / f"{DOMAIN}.{extension}"


def read_catalogue(language):
    """The Babel catalogue of ``language`` as its ``.po`` holds it."""
    with open(catalogue_path(language), "rb") as file:
        return read_po(file, locale=gettext_code(language), domain=DOMAIN)


def public_messages(paths):
    """The msgids of the public checks' files ``paths`` (they call ``_``, ``nb._`` and ``ngettext``; a
    plural by its singular)."""
    return sorted({message[0] if isinstance(message, tuple) else message for path in paths
                   for _line, message, _comments, _context in extract_from_file("python", path, KEYWORDS)})


def public_translations(paths):
    """``translations.json`` of a release whose public checks are ``paths``: ``{language: {msgid: msgstr}}``,
    a plural's msgstr the list of its forms."""
    tables = {}
    for language in LANGUAGES[1:]:
        catalogue = read_catalogue(language)
        found = {msgid: catalogue.get(msgid) for msgid in public_messages(paths)}
        tables[language] = {msgid: list(message.string) if isinstance(message.string, tuple) else message.string
                            for msgid, message in found.items() if message is not None and all(message.string)}
    return json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
