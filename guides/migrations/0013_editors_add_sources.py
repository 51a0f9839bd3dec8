"""Editors may add sources: "a rule changed, here is the page that says so" is finished by the Editor.

Changing or deleting a source stays with Reviewers (a source may be cited by published items).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def allow(apps, schema_editor):
    app_config = apps.get_app_config("guides")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if group is not None:
        permission = apps.get_model("auth", "Permission").objects.get(
            content_type__app_label="guides", codename="add_source"
        )
        group.permissions.add(permission)


def disallow(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(codename="add_source"))


class Migration(migrations.Migration):
    dependencies = [("guides", "0012_report_fixes")]

    operations = [migrations.RunPython(allow, disallow)]
