"""A result a check trains is computed once, read back as it was, and never read once its sources change."""

import os

import numpy as np
import pytest

from course.oracles import stored

RESULT = [np.arange(6, dtype="float32").reshape(2, 3), np.array([0.25, 0.5])]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(stored, "STORED", {})  # the oracles' own stay as they were
    return tmp_path / "cache" / "cnn-zoo-exercises"


def counted():
    """A result's function and the list of its calls."""
    calls = []

    def compute():
        calls.append(1)
        return RESULT

    return compute, calls


def assert_same(arrays, expected):
    assert len(arrays) == len(expected)
    for array, want in zip(arrays, expected, strict=True):
        assert array.dtype == want.dtype and array.shape == want.shape
        np.testing.assert_array_equal(array, want)


def test_computed_once_then_read_back_in_another_process(cache):
    compute, calls = counted()
    assert_same(stored.stored("example")(compute)(), RESULT)
    assert_same(stored.read_or_compute("example", compute), RESULT)  # as a new process finds it: on disk
    assert calls == [1]
    (kept,) = cache.iterdir()  # one file, whole: no temporary file left beside it
    assert kept.name == f"example-{stored.fingerprint()}.npz"


def test_a_process_computes_it_once_and_returns_the_same_list(cache):
    compute, calls = counted()
    example = stored.stored("example")(compute)
    assert example() is example()
    assert calls == [1]


def test_a_damaged_file_is_computed_again(cache):
    compute, calls = counted()
    stored.read_or_compute("example", compute)
    (kept,) = cache.iterdir()
    kept.write_bytes(kept.read_bytes()[:40])
    assert_same(stored.read_or_compute("example", compute), RESULT)
    assert calls == [1, 1]
    assert_same(stored.read_or_compute("example", compute), RESULT)
    assert calls == [1, 1]  # and kept again


def test_a_folder_that_cannot_be_written_only_keeps_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    compute, calls = counted()
    assert_same(stored.read_or_compute("example", compute), RESULT)
    assert_same(stored.read_or_compute("example", compute), RESULT)
    assert calls == [1, 1]


def test_a_changed_source_changes_the_name(tmp_path, monkeypatch, cache):
    for source in stored.SOURCES:
        (tmp_path / "project" / source).mkdir(parents=True)
        (tmp_path / "project" / source / "a.py").write_text("EPOCHS = 10\n")
    monkeypatch.setattr(stored, "ROOT", tmp_path / "project")
    monkeypatch.setattr(stored, "fingerprint", stored.fingerprint.__wrapped__)  # no functools.cache
    compute, calls = counted()
    before = stored.fingerprint()
    stored.read_or_compute("example", compute)
    (tmp_path / "project" / stored.SOURCES[-1] / "a.py").write_text("EPOCHS = 30\n")
    assert stored.fingerprint() != before
    stored.read_or_compute("example", compute)
    assert calls == [1, 1]
    assert len(list(cache.iterdir())) == 2  # both kept: two checkouts side by side don't train each other's again


def test_the_newest_versions_are_kept_and_only_the_same_results(cache):
    cache.mkdir(parents=True)
    old = [f"example-{digit * 16}.npz" for digit in "0123"]
    others = ["example-big-0123456789abcdef.npz", "example-notes.npz", "other-0123456789abcdef.npz"]
    for age, name in enumerate(old + others):
        (cache / name).write_bytes(b"")
        os.utime(cache / name, (1000 + age, 1000 + age))
    stored.read_or_compute("example", counted()[0])
    kept = sorted(path.name for path in cache.iterdir())
    assert kept == sorted([*old[-(stored.VERSIONS_KEPT - 1) :], *others, f"example-{stored.fingerprint()}.npz"])


def test_two_results_of_one_name_are_refused(cache):
    stored.stored("example")(counted()[0])
    with pytest.raises(ValueError, match="'example' already"):
        stored.stored("example")(counted()[0])


def test_store_all_computes_each_result_ahead_of_time(cache):
    first, first_calls = counted()
    second, second_calls = counted()
    stored.stored("first")(first)
    stored.stored("second")(second)
    assert stored.store_all([]) == ["first", "second"]
    assert first_calls == second_calls == [1]
    assert sorted(path.name.split("-")[0] for path in cache.iterdir()) == ["first", "second"]
