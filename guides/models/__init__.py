"""The domain model, one module per concept; every model is importable from ``guides.models``.

Every model has a natural key built from untranslated fields, so fixtures never depend on numeric ids
or on the active language. Reader-facing text is translated by django-modeltranslation
(``guides/translation.py``); history is kept by django-simple-history (registered in ``apps.py``).
The editorial workflow lives in ``guides/curation/``, the study data in ``guides/plan/``, readers'
reports in ``guides/reports/``, doctors' outcome reports in ``guides/outcomes/``.
"""

from ..curation.models import ReviewEvent
from ..curation.publishable import Status
from ..exchange.models import FixtureImport
from ..outcomes.models import OutcomeAggregate, OutcomeReport, OutcomeStep
from ..plan.models import CourseCost, StudyIntensity, StudyTime
from ..reports.models import CorrectionReport
from .base import CEFRLevel, Confidence, ContentModel, FactModel, content_models
from .destinations import Authority, Country
from .facts import Barrier, Figure, Guide
from .paths import Condition, RecognitionPath, Step
from .reference import Currency, Document, Language, Source, Specialty, Topic

# isort: split
# Last, so the models that came before keep their place in the fixtures' order (``content_models()``).
from ..changes.models import ChangeNote, DatedEvent

__all__ = [
    "Authority",
    "Barrier",
    "CEFRLevel",
    "ChangeNote",
    "Condition",
    "Confidence",
    "ContentModel",
    "CorrectionReport",
    "Country",
    "CourseCost",
    "Currency",
    "DatedEvent",
    "Document",
    "FactModel",
    "FixtureImport",
    "Figure",
    "Guide",
    "Language",
    "OutcomeAggregate",
    "OutcomeReport",
    "OutcomeStep",
    "RecognitionPath",
    "ReviewEvent",
    "Source",
    "Specialty",
    "Status",
    "Step",
    "StudyIntensity",
    "StudyTime",
    "Topic",
    "content_models",
]
