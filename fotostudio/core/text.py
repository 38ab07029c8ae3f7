"""Text helpers.

Folding, shared by searches and spreadsheet imports: lower case, Spanish accents
removed. The same two strings feed PostgreSQL's immutable ``translate()`` in a
module's generated search column (``unaccent`` cannot be used there), so what
Python folds and what the database stores always agree.

Printable text: what a name, a username or an address may contain, and how to
make anything a client typed safe to store (PostgreSQL refuses NUL bytes and
UTF-8 cannot encode lone surrogates).
"""

import unicodedata

FOLD_FROM = "ÁÀÄÂÉÈËÊÍÌÏÎÓÒÖÔÚÙÜÛÑÇáàäâéèëêíìïîóòöôúùüûñç"
FOLD_TO = "aaaaeeeeiiiioooouuuuncaaaaeeeeiiiioooouuuunc"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """``"José NÚÑEZ"`` → ``"jose nunez"``."""
    return text.lower().translate(_FOLD_TABLE)


def is_printable(text: str) -> bool:
    """No control, format, surrogate, private-use or unassigned characters (Unicode's category C)."""
    return not any(unicodedata.category(char)[0] == "C" for char in text)


def printable(text: str, *, limit: int | None = None) -> str:
    """``text`` without the characters :func:`is_printable` refuses, cut to ``limit`` characters."""
    kept = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    return kept[:limit] if limit is not None else kept


def fold_identifier(text: str) -> str:
    """One spelling of an identifier typed in any case or Unicode form (NFKC case folding)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
