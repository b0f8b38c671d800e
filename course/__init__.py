"""The exercise engine: it runs, checks, explains and grades the work in ``exercises/``."""
