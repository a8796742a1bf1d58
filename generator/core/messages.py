"""What Daya says to the person running it — messages, help, questions — in Indonesian or
English, from the gettext catalogue `locale/<lang>/LC_MESSAGES/messages.po`.

This is the language of the interface, not of the documents (`daya generate --lang`, a
program's `language:`). It is chosen once per command: `daya --ui-lang` (`set_language`), else
the DAYA_LANG variable, else the locale (LC_ALL, LC_MESSAGES, LANG, then LANGUAGE as GNU
gettext reads them), else English.

`_m("unknown key '{key}' in {where}", key=..., where=...)` marks a message for extraction
(`python -m generator.core.locale.update`), translates it, then fills in its named values:
every msgid is a `str.format` pattern (a literal brace is written `{{`). `_mn()` is the same
for a message that depends on a count.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache

from babel.support import Translations

from generator.core.i18n import load_catalogue
from generator.errors import printable

DOMAIN = "messages"
LANGUAGES = ("id", "en")
INDONESIAN = ("id", "in")
"""Language codes of Indonesian in a locale name: `id_ID`, and the older `in_ID`."""

_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Speak `lang` from now on in this process (None: back to the environment's choice)."""
    global _chosen
    _chosen = lang


def ui_language() -> str:
    """The language Daya speaks in now: the one set, else the environment's."""
    return _chosen or language_from_environment(os.environ)


def language_of(name: str) -> str | None:
    """`id`, `id_ID.UTF-8`, `in_ID` → id; `en`, `en_GB` → en; anything else → None."""
    code = name.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if code in INDONESIAN:
        return "id"
    return "en" if code == "en" else None


def language_from_environment(environ: Mapping[str, str]) -> str:
    """DAYA_LANG when it names Indonesian or English; else the locale's language for messages,
    as GNU gettext finds it (LC_ALL, then LC_MESSAGES, then LANG; LANGUAGE, a list such as
    `fr:id`, comes first unless the locale is C); else English."""
    chosen = language_of(environ.get("DAYA_LANG", ""))
    if chosen:
        return chosen
    locale = next(
        (environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), ""
    )
    if locale and locale.split(".")[0] not in ("C", "POSIX"):
        for name in environ.get("LANGUAGE", "").split(":"):
            found = language_of(name)
            if found:
                return found
    return language_of(locale) or "en"


@cache
def catalogue(lang: str) -> Translations:
    """The messages of `lang` (msgids are English; one without a translation shows as is)."""
    return load_catalogue(lang, DOMAIN)


def gettext(msgid: str) -> str:
    """The translation of `msgid` in the interface language, unformatted (for argparse)."""
    return catalogue(ui_language()).gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(ui_language()).ngettext(singular, plural, n)


def _m(msgid: str, /, *, lang: str | None = None, **values: object) -> str:
    """`msgid` in the interface language (or `lang`), its `{name}` placeholders filled in."""
    return catalogue(lang or ui_language()).gettext(msgid).format(**values)


def _mn(singular: str, plural: str, n: int, /, *, lang: str | None = None, **values: object) -> str:
    """The form of a message for the count `n` (given to the pattern as `{n}` too)."""
    return catalogue(lang or ui_language()).ngettext(singular, plural, n).format(n=n, **values)


def file_kind_words(kind: str) -> str:
    """What a path is, as `paths.file_kind` says it ('a link', 'a FIFO'...), in words."""
    words = {
        "a link": _m("a link"),
        "a folder": _m("a folder"),
        "a FIFO": _m("a FIFO"),
        "a device": _m("a device"),
        "a socket": _m("a socket"),
        "a regular file": _m("a regular file"),
    }
    return words.get(kind, kind)


def internal_error_message(exc: BaseException, prog: str, details: str) -> str:
    """One line for an unexpected failure: what, where, that it is a bug, how to see more."""
    where = getattr(exc, "daya_file", None)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if where:
        text = _m(
            "{prog}: internal error while working on {file} ({error}). This is a bug in Daya: "
            "please report it with the command you ran and this file. {details}",
            prog=prog,
            file=where,
            error=what,
            details=details,
        )
    else:
        text = _m(
            "{prog}: internal error ({error}). This is a bug in Daya: please report it with the "
            "command you ran and this file. {details}",
            prog=prog,
            error=what,
            details=details,
        )
    return printable(text)
