"""Case-insensitive text search that folds Cyrillic as well as Latin, on SQLite and PostgreSQL alike.

SQLite's LIKE and LOWER() fold only ASCII; PostgreSQL's LOWER() folds according to the database's
collation (nothing beyond ASCII under the C locale). ``field__foldcontains=text`` folds both sides the
same way whatever the database: on SQLite through a Python function registered on every connection, on
PostgreSQL through an explicit TRANSLATE of the upper-case letters we serve (Latin and Cyrillic) followed
by LOWER().
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup, TextField

UPPER = (
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"
    "ĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЂЃЄЅІЇЈЉЊЋЌЎЏҐ"
)
LOWER = (
    "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ"
    "āăąćčďđēėęěğģīįiķĺļľłńņňōőœŕřśşšţťūůűųźżž"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяђѓєѕіїјљњћќўџґ"
)
FOLD_TABLE = str.maketrans(UPPER, LOWER)
SQLITE_FUNCTION = "relocation_fold"


def fold(text: str | None) -> str | None:
    """The same folding in Python as in SQL: the letters above, then ASCII lower case."""
    if text is None:
        return None
    return text.translate(FOLD_TABLE).lower()


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


class FoldContains(Lookup):
    lookup_name = "foldcontains"

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(fold(str(value)))}%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "sqlite":
            folded = f"{SQLITE_FUNCTION}({lhs})"
        else:
            folded = f"LOWER(TRANSLATE({lhs}, %s, %s))"
            lhs_params = (*lhs_params, UPPER, LOWER)
        return f"{folded} LIKE {rhs} ESCAPE '\\'", (*lhs_params, *rhs_params)


def register() -> None:
    connection_created.connect(register_sqlite_function, dispatch_uid="guides-fold-function")
    CharField.register_lookup(FoldContains)
    TextField.register_lookup(FoldContains)
