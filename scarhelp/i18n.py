"""The tool's own words in the person's language: the one place scarhelp meets gettext.

Every sentence scarhelp itself prints goes through :func:`_` (or :func:`ngettext` when
it counts something); a module-level constant is marked with :func:`N_` so the
extractor finds it, and translated with ``_()`` where it is used, because the language
is chosen after the modules are imported.  Rule-set texts (questions, treatments,
claims) are not here: they come from the rule file and its translations.

The language is ``--lang`` when given (:func:`use`, called by the CLI before any
parser is built, so even ``--help`` follows it), else the first of ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, in gettext's own order (``C``
and ``POSIX`` mean English), else English.  An unknown ``--lang`` is a usage error
naming the languages there are; an environment naming a language without a
catalogue falls back to English without a word, as gettext programs do.

English needs no catalogue and imports nothing: the stdlib ``gettext`` module is
imported only when another language is chosen, so the everyday English path costs
nothing.  ``SCARHELP_LOCALEDIR`` points at another catalogue folder (for the tests'
pseudo-language, and for a translator trying a catalogue before it is installed).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Protocol

    class Catalogue(Protocol):
        def gettext(self, message: str, /) -> str: ...
        def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


DOMAIN = "scarhelp"
ENGLISH = "en"
LOCALEDIR_ENV = "SCARHELP_LOCALEDIR"
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order


class _English:
    """The source language: the message as written, English plural rule."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


_catalogue: Catalogue = _English()
_language = ENGLISH


def _(message: str) -> str:
    """``message`` in the chosen language (itself when untranslated)."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, by the chosen language's plural rule."""
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for the catalogue without translating it yet (``_()`` it where used)."""
    return message


def is_english(lang: str | None) -> bool:
    """Does ``lang`` (``--lang``, ``LANG``...) ask for the source language?  None, empty,
    ``en``, ``en_GB``, ``C`` and ``POSIX`` do: the rule set's own texts, no translation read."""
    if not lang:
        return True
    lang = lang.split(".")[0]  # es_MX.UTF-8, as LANG gives it
    return lang in (ENGLISH, "C", "POSIX") or lang.startswith((ENGLISH + "_", ENGLISH + "-"))


def current_language() -> str:
    """The language of the tool's words now: ``en``, ``es``, ... (report JSON ``lang``,
    the HTML ``lang`` attribute, which rule translation to use)."""
    return _language


def localedir() -> str:
    """Where the compiled catalogues are: ``scarhelp/locale``, or ``$SCARHELP_LOCALEDIR``."""
    return os.environ.get(LOCALEDIR_ENV) or os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def available() -> tuple[str, ...]:
    """English and every language with a compiled catalogue, sorted."""
    base = localedir()
    try:
        names = os.listdir(base)
    except OSError:
        names = []
    found = {n for n in names if os.path.isfile(os.path.join(base, n, "LC_MESSAGES", DOMAIN + ".mo"))}
    return (ENGLISH, *sorted(found - {ENGLISH}))


def _candidates(name: str) -> list[str]:
    """``es_MX.UTF-8@euro`` -> ``['es_MX', 'es']``; ``es-mx`` likewise."""
    name = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if not name:
        return []
    base = name.split("_", 1)[0]
    return [name] if base == name else [name, base]


def _match(name: str, langs: tuple[str, ...]) -> str | None:
    """The available language ``name`` names (case-insensitive, region falling back to
    the language), or None; ``C``/``POSIX`` are English."""
    if name in ("C", "POSIX") or name.startswith(("C.", "POSIX.")):
        return ENGLISH
    by_lower = {lang.lower(): lang for lang in langs}
    for cand in _candidates(name):
        if cand.lower() in by_lower:
            return by_lower[cand.lower()]
        if cand.lower() == ENGLISH:
            return ENGLISH
    return None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the first of
    ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (``LANGUAGE`` may list
    several, ``es:fr``); English when none names a language scarhelp has."""
    env = os.environ if environ is None else environ
    for var in ENV_VARS:
        value = env.get(var)
        if value:
            langs = available()
            for name in value.split(":"):
                found = _match(name, langs) if name else None
                if found is not None:
                    return found
            return ENGLISH
    return ENGLISH


def use(lang: str | None = None, strict: bool = True) -> str:
    """Choose the language of the tool's words: ``lang`` (``--lang``) when given, else the
    environment's.  Returns the language chosen.  An unknown ``lang`` raises
    :class:`UsageError` listing the languages there are (``strict=False``: the
    environment's language instead, for a ``--lang`` that may be a command's own)."""
    global _catalogue, _language
    if lang is not None:
        langs = available()
        found = _match(lang, langs) if lang not in ("C", "POSIX") else None
        if found is None and not strict:
            return use()
        if found is None:
            from .errors import UsageError

            use()  # the message in the environment's language, the best guess there is
            raise UsageError(
                _("scarhelp: unknown language '{lang}' for --lang; available: {available}").format(
                    lang=lang, available=", ".join(langs)
                )
            )
    else:
        found = from_environment()
    _catalogue, _language = _English(), ENGLISH
    if found != ENGLISH:
        import gettext

        try:
            _catalogue = gettext.translation(DOMAIN, localedir(), languages=[found])
        except OSError:  # a catalogue that cannot be read: English, as gettext's fallback
            return ENGLISH
        _language = found
    return _language
