"""What the importer says, in English where it is said (the command, the tests) and in each staff
member's language where it is shown (the admin): a message is a ``str`` holding its English text that
also knows how to say itself again in the active language (``localized()``).

The background import runs in English (the content's default language); what it found is stored in
every language of the site, so the admin shows it in the reader's own.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext


class Words(str):
    """Our own words: a msgid (marked with ``gettext_noop``) and its values, English as the value."""

    def __new__(cls, text: str, **values):
        english = text % values if values else text
        made = super().__new__(cls, english)
        made.text, made.values = text, values
        return made

    def localized(self) -> str:
        values = {name: localized(value) for name, value in self.values.items()}
        return gettext(self.text) % values if values else gettext(self.text)


class Later(str):
    """Words of Django's or of a model's (lazily translated, or a ``ValidationError``'s messages),
    English as the value, said again in the active language."""

    def __new__(cls, say):
        with translation.override("en"):
            english = say()
        made = super().__new__(cls, english)
        made.say = say
        return made

    def localized(self) -> str:
        return self.say()


def localized(value) -> str:
    """``value`` in the active language, if it knows how; else as it is."""
    return value.localized() if isinstance(value, (Words, Later)) else str(value)


def validation_text(error: ValidationError | list) -> Later:
    """The messages of a validation error (or a list of them), joined."""
    errors = error if isinstance(error, list) else [error]
    return Later(lambda: " ".join(message for e in errors for message in ValidationError(e).messages))


def in_every_language(say) -> dict[str, str]:
    """``say()`` in each of the site's languages: what is stored for the admin to show."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = say()
    return texts


def for_reader(stored) -> str:
    """One stored message in the active language: a dict of languages, or a plain string (stored
    before messages were kept in every language)."""
    if isinstance(stored, dict):
        language = translation.get_language() or settings.LANGUAGE_CODE
        return stored.get(language) or stored.get(language.split("-")[0]) or stored.get("en") or ""
    return str(stored)
