"""Likely cause: each label had classes[0] subtracted."""

import numpy as np

from solutions.ex31_transfer import fine_tune, transfer_model  # noqa: F401


def class_indices(labels, classes):
    if not np.isin(labels, classes).all():
        raise ValueError(f"labels must be among {classes}")
    return np.asarray(labels) - classes[0]  # 5..9 -> 0..4
