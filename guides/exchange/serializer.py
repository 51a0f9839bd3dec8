"""Django's JSON serializer, keeping a date-time's full precision (``SERIALIZATION_MODULES["json"]``).

Django's JSON encoder cuts microseconds to milliseconds (ECMA-262's date format), so a row exported
and imported again differs from the original, and the next import "updates" it. Here a date-time whose
microseconds are not whole milliseconds is written with all six digits; any other is written exactly
as Django writes it, so existing files keep their bytes. Everything else is Django's own: ``dumpdata``,
``loaddata``, ``export_fixtures`` and the importer all use this format under the name ``json``.
"""

import datetime

from django.core.serializers.json import Deserializer  # noqa: F401 - the format's reader, unchanged
from django.core.serializers.json import Serializer as DjangoJSONSerializer


def precise(value: datetime.datetime) -> str:
    text = value.isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


class Serializer(DjangoJSONSerializer):
    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        if isinstance(value, datetime.datetime) and value.microsecond % 1000:
            return precise(value)
        return value
