from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """``?page=&page_size=`` (10 by default, 100 at most) → ``{count, next, previous, results}``."""

    page_size = 10
    page_size_query_param = "page_size"
    max_page_size = 100
