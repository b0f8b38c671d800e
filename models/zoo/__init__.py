"""The zoo: one file per model, each a builder function and its ``SPEC``.

Add a model by adding a file here; :mod:`models.registry` finds it.
"""
