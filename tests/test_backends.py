"""The zoo on Keras 3's other backends, JAX and PyTorch, checked against TensorFlow.

Keras picks its backend once, when it is first imported, from ``KERAS_BACKEND``.
So each backend's side runs in a child process started with that variable
(:func:`run_on_this_backend`): it trains every classifier of the zoo for 2
epochs on digits, evaluates it, saves it as ``.keras``, runs the blur model, and
loads the ``.keras`` files this process saved with TensorFlow. It writes plain
numbers and arrays; this process, on TensorFlow, compares them with what
TensorFlow computes from the same files: the oracle.

These tests need jax and torch (``requirements-backends.txt``): ``make
test-backends`` builds ``.venv-backends`` with them and runs this file. In the
plain ``.venv`` of ``make test`` they are skipped.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models.registry import available_models

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("jax", "torch")
CLASSIFIERS = available_models("classifier")
# Short training that every classifier gets well above chance with (0.84 to 0.98 on the test
# split on each backend, seed 0); batches of 16 give MobileNet enough steps in 2 epochs.
TRAINING = {"epochs": 2, "batch_size": 16, "input_shape": (32, 32, 1), "seed": 0}
CHANCE = 0.1  # ten classes
# The same weights on another backend: the same maths, other kernels, summed in other orders.
# Probabilities agree to about 1e-6 (measured); 1e-5 is far below any real difference.
PROBABILITY_TOLERANCE = {"rtol": 0, "atol": 1e-5}
# Blurred pixels go up to 255: a float32 sum of 25 of them is good to about 5e-5 (seen), relatively 1e-6.
PIXEL_TOLERANCE = {"rtol": 1e-5, "atol": 1e-3}
BLUR_KERNEL_SIZE = 5
CHILD_TIMEOUT_S = 840  # under the 900 s of pytest-timeout (pyproject.toml), which also counts the fixture setup

pytestmark = pytest.mark.backends


def backend_param(backend):
    """``backend`` as a test parameter, skipped where it is not installed.

    Under ``pytest -n 2 --dist loadgroup`` a backend's tests share one worker (its
    ``xdist_group``), so that worker alone starts that backend's child process.
    """
    missing = importlib.util.find_spec(backend) is None
    reason = f"{backend} is not installed: `make test-backends` installs it"
    marks = [pytest.mark.skipif(missing, reason=reason), pytest.mark.xdist_group(backend)]
    return pytest.param(backend, id=backend, marks=marks)


def probe_images():
    """The first 32 test images of digits, fitted to the classifiers' input."""
    from models.training import data

    images, _ = data.digits_arrays()["test"]
    return np.asarray(data.fit_images(images[:32], TRAINING["input_shape"]))


def write_digit_pictures(folder):
    """Three digits of the test split as 64x64 grey PNG files in ``folder``, as a user's pictures."""
    from PIL import Image

    from models.training import data

    folder.mkdir()
    images, labels = data.digits_arrays()["test"]
    paths = [folder / f"{index}-digit-{label}.png" for index, label in enumerate(labels[:3])]
    for image, path in zip(images, paths, strict=False):
        Image.fromarray((image[..., 0] * 255).astype("uint8")).resize((64, 64), Image.BILINEAR).save(path)
    return paths


def blur_input():
    """A random float image batch, 2 x 20 x 24 x 3, not square so rows and columns can't be swapped."""
    return np.random.default_rng(0).uniform(0, 255, size=(2, 20, 24, 3)).astype("float32")


def save_tensorflow_models(folder):
    """Saves, with TensorFlow, every zoo model as built (seeded weights, untrained) to ``folder/NAME.keras``;
    returns their probabilities (outputs, for blur) on the probe images."""
    import keras

    from models.registry import build

    outputs = {}
    for name in CLASSIFIERS:
        keras.utils.set_random_seed(0)
        model = build(name, input_shape=TRAINING["input_shape"])
        model.save(folder / f"{name}.keras")
        outputs[name] = model.predict(probe_images(), verbose=0)
    model = build("blur", kernel_size=BLUR_KERNEL_SIZE)
    model.save(folder / "blur.keras")
    outputs["blur"] = model.predict(blur_input(), verbose=0)
    return outputs


def run_on_this_backend(folder, tensorflow_models):
    """The child's side, on the backend ``KERAS_BACKEND`` names; writes ``folder/results.json``
    and ``folder/NAME.npy`` arrays, and each classifier's run folder ``folder/NAME/``."""
    import keras

    from models.registry import build
    from models.training import runs
    from models.training.predict import predict
    from models.training.train import evaluate, train

    folder, tensorflow_models = Path(folder), Path(tensorflow_models)
    pictures = write_digit_pictures(folder / "pictures")
    results = {"backend": keras.backend.backend(), "accuracy": {}, "evaluated": {}, "predicted": {}}
    for name in CLASSIFIERS:
        metrics = train(name, folder / name, verbose=0, **TRAINING)
        results["accuracy"][name] = metrics["test_accuracy"]
        results["evaluated"][name] = evaluate(folder / name)["test_accuracy"]
        np.save(folder / f"{name}.npy", runs.load_model(folder / name).predict(probe_images(), verbose=0))
        top = predict(folder / name, pictures)
        results["predicted"][name] = [prediction.top for prediction in top]
        loaded = runs.load_model(tensorflow_models / f"{name}.keras")
        np.save(folder / f"tf_{name}.npy", loaded.predict(probe_images(), verbose=0))
    model = build("blur", kernel_size=BLUR_KERNEL_SIZE)
    np.save(folder / "blur.npy", keras.ops.convert_to_numpy(model(blur_input())))
    model.save(folder / "blur.keras")
    loaded = keras.models.load_model(tensorflow_models / "blur.keras")
    np.save(folder / "tf_blur.npy", keras.ops.convert_to_numpy(loaded(blur_input())))
    (folder / "results.json").write_text(json.dumps(results))


def child_environment(backend):
    return {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}


@pytest.fixture(scope="session")
def tensorflow_side(tmp_path_factory):
    """The zoo's models saved by TensorFlow, and their outputs here."""
    folder = tmp_path_factory.mktemp("tensorflow")
    return folder, save_tensorflow_models(folder)


@pytest.fixture(scope="session")
def children(tmp_path_factory, tensorflow_side):
    """``children(backend)``: what :func:`run_on_this_backend` wrote in a child process on ``backend``.

    The first call for a backend starts its child and waits for it. Under ``make
    test-backends`` each backend's tests run on their own worker, so the JAX and PyTorch
    children run side by side (one core each on a two-core machine).
    """
    started, finished = {}, {}

    def run(backend):
        if backend in started and backend not in finished:
            pytest.fail(f"the {backend} child failed in an earlier test (see there)")
        if backend not in finished:
            folder = tmp_path_factory.mktemp(backend)
            code = "import sys; from tests.test_backends import run_on_this_backend; run_on_this_backend(*sys.argv[1:])"
            with open(folder / "stderr.txt", "w") as stderr:  # a file: a full pipe would stall the child
                started[backend] = child = subprocess.Popen(
                    [sys.executable, "-c", code, str(folder), str(tensorflow_side[0])],
                    cwd=ROOT, env=child_environment(backend), stdout=subprocess.DEVNULL, stderr=stderr,
                )  # fmt: skip
            try:
                status = child.wait(timeout=CHILD_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                child.kill()
                raise
            stderr = (folder / "stderr.txt").read_text()
            assert status == 0, f"the {backend} child failed:\n{stderr[-6000:]}"
            finished[backend] = backend, folder, json.loads((folder / "results.json").read_text())
        return finished[backend]

    yield run
    for child in started.values():
        child.kill()  # a child left running after a failure elsewhere
        child.wait()


on_each_backend = pytest.mark.parametrize("backend", [backend_param(backend) for backend in BACKENDS])


@pytest.fixture
def backend_side(backend, children):
    """``(backend, folder, results)`` of the child on ``backend``."""
    return children(backend)


@on_each_backend
def test_the_child_ran_on_its_backend(backend_side):
    backend, _, results = backend_side
    assert results["backend"] == backend


@on_each_backend
@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classifier_trains_well_above_chance(backend_side, name):
    _, _, results = backend_side
    # 3x chance: far from the 0.1 of a model that learned nothing, far below the 0.84+ seen.
    assert results["accuracy"][name] > 3 * CHANCE, results["accuracy"]
    assert results["evaluated"][name] == pytest.approx(results["accuracy"][name], abs=1e-6)


@on_each_backend
@pytest.mark.parametrize("name", CLASSIFIERS)
def test_saved_classifier_predicts_the_same_under_tensorflow(backend_side, name):
    from models.training import runs
    from models.training.predict import predict

    _, folder, results = backend_side
    expected = runs.load_model(folder / name).predict(probe_images(), verbose=0)
    np.testing.assert_allclose(np.load(folder / f"{name}.npy"), expected, **PROBABILITY_TOLERANCE)
    top = predict(folder / name, sorted((folder / "pictures").glob("*.png")))
    for theirs, ours in zip(results["predicted"][name], top, strict=True):
        assert [label for label, _ in theirs] == [label for label, _ in ours.top]
        np.testing.assert_allclose([p for _, p in theirs], [p for _, p in ours.top], **PROBABILITY_TOLERANCE)


@on_each_backend
@pytest.mark.parametrize("name", (*CLASSIFIERS, "blur"))
def test_model_saved_by_tensorflow_predicts_the_same_there(backend_side, tensorflow_side, name):
    _, folder, _ = backend_side
    _, expected = tensorflow_side
    tolerance = PIXEL_TOLERANCE if name == "blur" else PROBABILITY_TOLERANCE
    np.testing.assert_allclose(np.load(folder / f"tf_{name}.npy"), expected[name], **tolerance)


@on_each_backend
def test_blur_equals_depthwise_conv2d(backend_side):
    import tensorflow as tf

    _, folder, _ = backend_side
    channels = blur_input().shape[-1]
    kernel = tf.ones((BLUR_KERNEL_SIZE, BLUR_KERNEL_SIZE, channels, 1)) / BLUR_KERNEL_SIZE**2
    expected = tf.nn.depthwise_conv2d(blur_input(), kernel, strides=[1, 1, 1, 1], padding="SAME").numpy()
    np.testing.assert_allclose(np.load(folder / "blur.npy"), expected, **PIXEL_TOLERANCE)


@on_each_backend
def test_blur_saved_there_loads_here(backend_side):
    import keras

    _, folder, _ = backend_side
    loaded = keras.models.load_model(folder / "blur.keras")
    np.testing.assert_allclose(loaded.predict(blur_input(), verbose=0), np.load(folder / "blur.npy"), **PIXEL_TOLERANCE)


def exercise_folder(parent, package, sources):
    """A copy of ``sources`` (project files) as package ``parent/package``, so that a run's
    ``.exercise-progress.json`` goes to ``parent``, not to the student's."""
    folder = parent / package
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for source in sources:
        shutil.copy(ROOT / source, folder)
    return folder


def run_exercise_13(folder, backend):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "exercises/tests/test_ex13_keras_layer.py", "-p", "no:cacheprovider",
         "-p", "no:xdist", "--rootdir", str(ROOT)],
        cwd=ROOT,
        env={**child_environment(backend), "EXERCISES_PACKAGE": str(folder)},
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )  # fmt: skip


@on_each_backend
def test_exercise_13_solution_passes(tmp_path, backend):
    folder = exercise_folder(tmp_path, "solutions", ["solutions/ex13_keras_layer.py", "solutions/common.py"])
    run = run_exercise_13(folder, backend)
    assert run.returncode == 0, run.stdout[-4000:]
    assert "1/1 done" in run.stdout


@on_each_backend
def test_exercise_13_stub_is_reported_not_started(tmp_path, backend):
    folder = exercise_folder(tmp_path, "student", ["exercises/ex13_keras_layer.py"])
    run = run_exercise_13(folder, backend)
    assert run.returncode == 1
    assert "Exercise 13 (Your own Keras Conv2D layer) is not started" in run.stdout, run.stdout[-4000:]
    assert "Traceback" not in run.stdout
