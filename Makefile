# make train: build .venv if needed, then train LeNet on the offline digits data.
# make test:  build .venv if needed, then run the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install, so .venv is rebuilt when requirements.txt changes.
INSTALLED := $(VENV)/.installed

.PHONY: train test exercises solutions bench lint clean

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

train: $(INSTALLED)
	$(PY) -m models train lenet --dataset digits

test: $(INSTALLED)
	$(PY) -m pytest tests
	$(PY) -m pytest exercises --solutions

# What a student runs: the exercise stubs against TensorFlow.
exercises: $(INSTALLED)
	$(PY) -m exercises

bench: $(INSTALLED)
	$(PY) benchmarks/train_digits.py
	$(PY) benchmarks/conv2d_speed.py

lint: $(INSTALLED)
	$(PY) -m pip install --quiet ruff==0.17.6
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
