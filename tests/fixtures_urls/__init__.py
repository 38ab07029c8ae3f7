"""URL modules for tests of the per-tenant routing: two modules of different verticals, one path."""
