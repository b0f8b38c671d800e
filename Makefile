# make train: build .venv if needed, then train LeNet on the offline digits data.
# make test:  build .venv if needed, then run the whole test suite.
# make test-fast: the same without the tests marked slow, for development.
# make imports: check the import contracts of pyproject.toml (which package may import which).
# make test-backends: build .venv-backends (requirements.txt + JAX and PyTorch on the CPU) if
#                     needed, then run tests/test_backends.py on TensorFlow, JAX and PyTorch.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install, so .venv is rebuilt when requirements.txt changes.
INSTALLED := $(VENV)/.installed

.PHONY: train test test-fast test-backends imports exercises bench pictures lint clean

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

train: $(INSTALLED)
	$(PY) -m models train lenet --dataset digits

# tests/ on every core (pytest-xdist); loadgroup keeps the tests of one expensive fixture together.
# It includes `pytest exercises --solutions` (tests/test_exercise_set.py), which then shares the cores.
test: $(INSTALLED)
	$(PY) -m pytest tests -n auto --dist loadgroup --durations=15

test-fast: $(INSTALLED)
	$(PY) -m pytest tests -n auto --dist loadgroup -m "not slow"
	$(PY) -m pytest exercises --solutions

imports: $(INSTALLED)
	$(VENV)/bin/lint-imports

BACKENDS_VENV := .venv-backends
BACKENDS_PY := $(BACKENDS_VENV)/bin/python
# Touched after a successful install, so .venv-backends is rebuilt when either requirements file changes.
BACKENDS_INSTALLED := $(BACKENDS_VENV)/.installed

$(BACKENDS_INSTALLED): requirements.txt requirements-backends.txt
	$(PYTHON) -m venv $(BACKENDS_VENV)
	$(BACKENDS_PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-backends.txt
	touch $(BACKENDS_INSTALLED)

# Each backend runs in its own child process (Keras fixes its backend at import); loadgroup keeps
# a backend's tests on the worker that started its child.
test-backends: $(BACKENDS_INSTALLED)
	$(BACKENDS_PY) -m pytest tests/test_backends.py -m backends -n 2 --dist loadgroup

# What a student runs: the exercise stubs against TensorFlow.
exercises: $(INSTALLED)
	$(PY) -m exercises

bench: $(INSTALLED)
	$(PY) benchmarks/train_digits.py
	$(PY) benchmarks/conv2d_speed.py
	$(PY) benchmarks/numpy_cnn.py
	$(PY) benchmarks/feedback.py

# The README's pictures, from the `make train` run.
pictures: $(INSTALLED)
	test -f runs/lenet-digits/metrics.json || $(MAKE) train
	$(PY) -m models visualize runs/lenet-digits --out docs/images
	$(PY) -c "from PIL import Image; from sklearn.datasets import load_sample_image; \
	Image.fromarray(load_sample_image('flower.jpg')).save('docs/images/flower.jpg')"
	$(PY) -m models blur docs/images/flower.jpg docs/images/flower_blurred.jpg --size 9 \
	    --compare docs/images/blur_compare.png

lint: $(INSTALLED)
	$(PY) -m pip install --quiet ruff==0.17.6
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) $(BACKENDS_VENV) .pytest_cache .hypothesis
