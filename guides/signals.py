"""Cache invalidation: any write to curated content bumps the data version once the transaction commits.

This is the one use of signals in the project (see the house style): it covers every write path that
saves or deletes rows — admin forms and inlines, the import command, stock ``loaddata`` (raw saves send
``post_save`` too) — while writes through ``QuerySet.update()`` call ``bump_data_version_on_commit()``
themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from relocation.cache import bump_data_version_on_commit


def content_changed(sender, **kwargs):
    bump_data_version_on_commit()


def connect(models) -> None:
    for model in models:
        uid = f"guides-data-version-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )
