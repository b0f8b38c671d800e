"""What a check trains for itself, kept on disk: trained once on a machine, not in every run.

A few checks need something that takes seconds to compute and comes out the same every
time, such as exercise 31's LeNet trained on the digits 0 to 4. Trained anew, it would be
most of that exercise's checking time, in every ``pytest exercises`` run and in every
grading process. A function decorated with :func:`stored` keeps such a result, a list of
NumPy arrays, in the user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``), under a
name that holds a hash of everything it depends on: the sources of the zoo and of the
oracles, and the versions of NumPy, TensorFlow, Keras and scikit-learn (whose digits it
trains on). Change any of them and the name changes, so an old result is never read (the
newest three of each are kept, for checkouts side by side). A file that can't be read is
computed again; one that can't be written is only not kept. A student's code never sees
the folder in grading: it runs in a sandbox that holds only its own files (``--no-sandbox``
walls off nothing, this folder included)."""

import functools
import hashlib
import importlib
import importlib.metadata
import os
import re
import zipfile
from pathlib import Path

import numpy as np

from course.catalog import ROOT
from models.files import write_atomically

SOURCES = ("models", "course/oracles")  # what a stored result is computed with
PACKAGES = ("numpy", "tensorflow", "keras", "scikit-learn")
VERSIONS_KEPT = 3  # of each result, the newest: a checkout's and a branch's, side by side


def folder():
    """Where stored results go: ``cnn-zoo-exercises`` in the user's cache folder."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cnn-zoo-exercises"


@functools.cache
def fingerprint():
    """A hash of the sources in ``SOURCES`` and the versions of ``PACKAGES``."""
    digest = hashlib.sha256()
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in PACKAGES:
        digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
    return digest.hexdigest()[:16]


def stored(name):
    """Decorates a function of no arguments that returns a list of NumPy arrays, so that it computes them once
    on this machine: the first call reads them from the cache folder if an earlier run kept them, else
    computes them and keeps them there (written whole: see ``models/files.py``); later calls in the same
    process return the same list. :func:`store_all` computes every such result ahead of time.

    Args:
        name: what the result is, unique among stored results, such as ``"ex31-trained-base"``.

    Returns:
        The decorator. It raises ValueError for a name that another function has.
    """

    def decorate(compute):
        if name in STORED:
            raise ValueError(f"a stored result is named {name!r} already; give each a name of its own")

        @functools.cache
        @functools.wraps(compute)
        def kept():
            return read_or_compute(name, compute)

        STORED[name] = kept
        return kept

    return decorate


STORED = {}  # name -> function, of every stored result, as the oracle modules that declare them are imported


def read_or_compute(name, compute):
    path = folder() / f"{name}-{fingerprint()}.npz"
    try:
        with np.load(path, allow_pickle=False) as kept:
            return [kept[f"arr_{index}"] for index in range(len(kept.files))]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # not there yet, or not whole
        pass
    arrays = [np.asarray(array) for array in compute()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda temporary: np.savez(temporary, *arrays))
        versions = [kept for kept in path.parent.glob(f"{name}-*.npz")
                    if re.fullmatch(rf"{re.escape(name)}-[0-9a-f]{{16}}\.npz", kept.name)]  # fmt: skip
        for old in sorted(versions, key=lambda kept: kept.stat().st_mtime)[:-VERSIONS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only home: the result is only not kept
        pass
    return arrays


def store_all(exercises):
    """Imports the oracles of ``exercises`` (catalog records), then computes and keeps every stored result
    declared so far, theirs included, so that no check trains one later (for an image that grades each
    submission in a fresh container); returns their names."""
    for exercise in exercises:
        importlib.import_module(f"course.oracles.{exercise.module}")
    for kept in STORED.values():
        kept()
    return list(STORED)
