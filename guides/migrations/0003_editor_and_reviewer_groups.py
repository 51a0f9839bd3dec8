"""The two curation roles, as groups with exactly the permissions they need.

Editors draft and propose: they may add, change and delete paths, steps, barriers, figures and guides
(the admin lets them touch drafts only) and view everything else. Reviewers check and publish: they hold
every content permission plus the publish permissions, and work the readers' correction queue.

Permissions are normally created after ``migrate`` (post_migrate); on a fresh database they do not exist
yet while this migration runs, so it creates them first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = [
    "source",
    "language",
    "currency",
    "specialty",
    "topic",
    "document",
    "country",
    "authority",
    "recognitionpath",
    "step",
    "barrier",
    "figure",
    "guide",
]
DRAFTABLE = ["recognitionpath", "step", "barrier", "figure", "guide"]
PUBLISHABLE = ["recognitionpath", "barrier", "figure", "guide"]

GROUPS = {
    "Editors": (
        [f"view_{model}" for model in [*CONTENT, "correctionreport"]]
        + [f"{action}_{model}" for model in DRAFTABLE for action in ("add", "change", "delete")]
    ),
    "Reviewers": (
        [f"{action}_{model}" for model in CONTENT for action in ("view", "add", "change", "delete")]
        + [f"publish_{model}" for model in PUBLISHABLE]
        + [f"{action}_correctionreport" for action in ("view", "change", "delete")]
    ),
}


def create_groups(apps, schema_editor):
    app_config = apps.get_app_config("guides")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        permissions = list(
            Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guides", "0002_curation"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
