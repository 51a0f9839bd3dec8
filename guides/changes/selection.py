"""What a plan's feed and calendar cover, carried in their URL: ``c=<iso2>`` and ``path=<iso2>:<slug>``.

Nothing is stored about the doctor: the address holds the selection, and the server reads it back.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q

from ..models import Country, RecognitionPath

ISO2 = re.compile(r"^[a-z]{2}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A plan covers every destination open to the doctor; the bound keeps a crafted URL's query small.
MAX_COUNTRIES = 60
MAX_PATHS = 240


@dataclass
class Selection:
    codes: list[str] = field(default_factory=list)
    paths: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> "Selection":
        codes: list[str] = []
        for raw in query.getlist("c")[: MAX_COUNTRIES * 2]:
            code = raw.strip().lower()
            if ISO2.match(code) and code not in codes:
                codes.append(code)
        paths: list[tuple[str, str]] = []
        for raw in query.getlist("path")[: MAX_PATHS * 2]:
            iso2, _sep, slug = raw.strip().lower().partition(":")
            if ISO2.match(iso2) and SLUG.match(slug) and (iso2, slug) not in paths:
                paths.append((iso2, slug[:80]))
        return cls(codes[:MAX_COUNTRIES], paths[:MAX_PATHS])

    @classmethod
    def of_plan(cls, destinations) -> "Selection":
        """The destinations of a plan and, for each, the paths open to the doctor."""
        codes = [d.country.iso2 for d in destinations]
        paths = [(d.country.iso2, e.path.slug) for d in destinations for e in d.paths]
        return cls(codes[:MAX_COUNTRIES], paths[:MAX_PATHS])

    def __bool__(self) -> bool:
        return bool(self.codes or self.paths)

    def query(self) -> str:
        return urlencode([("c", code) for code in self.codes] + [("path", f"{c}:{s}") for c, s in self.paths])

    def countries(self):
        return Country.objects.filter(iso2__in=self.codes)

    def path_rows(self):
        condition = Q(pk__in=[])
        for iso2, slug in self.paths:
            condition |= Q(country__iso2=iso2, slug=slug)
        return RecognitionPath.objects.published().filter(condition)
