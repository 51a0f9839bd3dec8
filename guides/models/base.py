"""What every content model shares: a declared natural key, validators, ranges, and the fact fields.

A content model names its natural key once, in ``natural_key_fields``: plain fields are taken as they
are, a foreign key contributes its target's natural key. ``NaturalKeyManager.get_by_natural_key()``
and ``natural_key()`` both follow that declaration, so no model writes either by hand. The list of
content models (what the fixture exchange carries, what the page cache watches) is every model of this
app that derives from ``ContentModel``, in the order Django's serializers sort dependencies.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Use lower-case letters, digits and single hyphens.")
)


def page_url(viewname: str, *args: str) -> str:
    """``reverse(viewname, args=args)``, reversed once per language: a page lists hundreds of countries
    and guides, and the address of each is the same on every request."""
    return _reversed(
        viewname, args, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )


@lru_cache(maxsize=8192)
def _reversed(viewname: str, args: tuple, language, script_prefix: str, urlconf) -> str:
    return reverse(viewname, args=args, urlconf=urlconf)


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class CEFRLevel(models.TextChoices):
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    C2 = "c2", "C2"


# Output types of summed months and money in queries.
MONTHS = models.DecimalField(max_digits=7, decimal_places=1)
MONEY = models.DecimalField(max_digits=20, decimal_places=2)


def months_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("600"))],
    )


def money_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )


def range_check(prefix: str, low: str, high: str) -> models.CheckConstraint:
    """A database rule: the minimum of a range is not above its maximum (either may be unknown)."""
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": models.F(high)}),
        name=f"%(app_label)s_%(class)s_{prefix}_min_lte_max",
        violation_error_message=_("The minimum is above the maximum."),
    )


def validate_range(errors: dict, instance, low: str, high: str) -> None:
    """Add a readable error naming the field and both values when ``low`` is above ``high``."""
    low_value, high_value = getattr(instance, low), getattr(instance, high)
    if low_value is not None and high_value is not None and low_value > high_value:
        low_label = instance._meta.get_field(low).verbose_name
        high_label = instance._meta.get_field(high).verbose_name
        errors.setdefault(low, []).append(
            _("%(low_label)s (%(low)s) is above %(high_label)s (%(high)s).")
            % {
                "low_label": str(low_label).capitalize(),
                "low": low_value,
                "high_label": str(high_label).lower(),
                "high": high_value,
            }
        )


# --- Natural keys ---------------------------------------------------------------------------------


def _key_length(model) -> int:
    return sum(_key_length(f.related_model) if f.is_relation else 1 for f in _key_fields(model))


def _key_fields(model) -> list[models.Field]:
    return [model._meta.get_field(name) for name in model.natural_key_fields]


#: While set (``remembered_natural_keys()``), rows found by natural key, so that an import of many rows
#: that refer to the same few (countries, sources) looks each up once.
_natural_key_memo: ContextVar[dict | None] = ContextVar("natural_key_memo", default=None)


@contextmanager
def remembered_natural_keys():
    """Remember rows found by natural key until the block ends (only rows found: a row created later
    is still looked up). For one import, whose rows are neither renamed nor deleted while it reads."""
    token = _natural_key_memo.set({})
    try:
        yield
    finally:
        _natural_key_memo.reset(token)


class NaturalKeyManager(models.Manager):
    """``get_by_natural_key()`` built from the model's ``natural_key_fields``."""

    def get_by_natural_key(self, *key):
        memo = _natural_key_memo.get()
        if memo is None:
            return self.get(**natural_key_lookups(self.model, key))
        remembered = (self.model, self.db, key)
        found = memo.get(remembered)
        if found is None:
            found = memo[remembered] = self.get(**natural_key_lookups(self.model, key))
        return found


def natural_key_lookups(model, key, prefix: str = "") -> dict:
    """The lookups that find ``model``'s row with natural ``key`` (nested through foreign keys)."""
    lookups, key = {}, list(key)
    for f in _key_fields(model):
        if f.is_relation:
            size = _key_length(f.related_model)
            part, key = key[:size], key[size:]
            lookups.update(natural_key_lookups(f.related_model, part, f"{prefix}{f.name}__"))
        else:
            lookups[f"{prefix}{f.name}"] = key.pop(0) if key else None
    return lookups


class ContentModel(models.Model):
    """Curated content: exchanged as fixtures, watched by the page cache, keyed naturally."""

    natural_key_fields: tuple[str, ...] = ("slug",)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    @classmethod
    def workflow_model(cls):
        """The model whose review workflow governs this one's rows (``None``: no workflow)."""
        return None

    def workflow_status(self) -> str | None:
        """The status that decides who may edit this row (``None``: no workflow)."""
        return None

    @classmethod
    def public_q(cls) -> Q:
        """Which rows the public sees: all of them, unless the model has a review workflow."""
        return Q()

    def natural_key(self) -> tuple:
        key: tuple = ()
        for f in _key_fields(type(self)):
            if f.is_relation:
                related = getattr(self, f.name)
                key += related.natural_key() if related is not None else (None,)
            else:
                key += (getattr(self, f.attname),)
        return key


def content_models() -> list[type[models.Model]]:
    """Every content model, each after the models it refers to."""
    models_ = [m for m in apps.get_app_config("guides").get_models() if issubclass(m, ContentModel)]
    return serializers.sort_dependencies([(None, models_)], allow_cycles=True)


class FactModel(ContentModel):
    """What every fact-bearing model carries: its sources, how sure we are, when it was last checked."""

    sources = models.ManyToManyField("guides.Source", blank=True, verbose_name=_("sources"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    caveat = models.TextField(
        _("caveat"),
        blank=True,
        help_text=_("Shown with a 'sources disagree' marker where sources conflict or a rule is in flux."),
    )
    confidence_reason = models.TextField(
        _("why this confidence"),
        blank=True,
        help_text=_(
            "Say why, above all for low confidence (e.g. one agency's price list). Shown to readers."
        ),
    )
    curator_note = models.TextField(
        _("curator note"),
        blank=True,
        help_text=_(
            "For curators only, never shown on public pages: what was searched where a value is empty."
        ),
    )

    class Meta:
        abstract = True
