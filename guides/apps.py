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

        for model in (
            models.Source,
            models.Language,
            models.Currency,
            models.Specialty,
            models.Topic,
            models.Document,
            models.Country,
            models.Authority,
            models.RecognitionPath,
            models.Step,
            models.Barrier,
            models.Figure,
            models.Guide,
        ):
            simple_history.register(model, app=self.label)
