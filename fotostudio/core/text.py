"""Text folding shared by searches and spreadsheet imports: lower case, Spanish accents removed.

The same two strings feed PostgreSQL's immutable ``translate()`` in a module's
generated search column (``unaccent`` cannot be used there), so what Python folds
and what the database stores always agree.
"""

FOLD_FROM = "ÁÀÄÂÉÈËÊÍÌÏÎÓÒÖÔÚÙÜÛÑÇáàäâéèëêíìïîóòöôúùüûñç"
FOLD_TO = "aaaaeeeeiiiioooouuuuncaaaaeeeeiiiioooouuuunc"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """``"José NÚÑEZ"`` → ``"jose nunez"``."""
    return text.lower().translate(_FOLD_TABLE)
