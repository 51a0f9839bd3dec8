"""Django's admin with the curators' site (``site.py``) as its default site.

In its own module: ``guides/apps.py`` must hold one app config only, or Django cannot tell which is the
guides app's.
"""

from django.contrib.admin.apps import AdminConfig


class CurationAdminConfig(AdminConfig):
    default_site = "guides.curation.site.CurationAdminSite"
