# make train: build .venv if needed, then train LeNet on the offline digits data.
# make test:  build .venv if needed, then run the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install, so .venv is rebuilt when requirements.txt changes.
INSTALLED := $(VENV)/.installed

.PHONY: train test exercises bench pictures lint clean

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
	rm -rf $(VENV) .pytest_cache .hypothesis
