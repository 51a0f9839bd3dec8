from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Relocation guides")

    def ready(self):
        # History is registered here rather than with a HistoricalRecords() field: on a model that
        # modeltranslation also patches, the field makes every save fail after the row is written.
        import simple_history

        from . import models

        for model in models.content_models():
            # Citations are history too: which sources an item cited, version by version.
            cites = any(field.name == "sources" for field in model._meta.many_to_many)
            simple_history.register(model, app=self.label, m2m_fields=["sources"] if cites else [])

        # Outcome reports keep the history of their moderation (who approved), not of the doctor's
        # text: the words a Reviewer removes as identifying must not survive in old versions.
        simple_history.register(models.OutcomeReport, app=self.label, excluded_fields=["advice"])

        # Case-insensitive search that folds Cyrillic on every database (guides/lookups.py), and page
        # cache invalidation on any write to curated content or to the reported outcomes (guides/signals.py).
        from . import lookups, signals

        lookups.register()
        signals.connect([*models.content_models(), models.OutcomeAggregate])
