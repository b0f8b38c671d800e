"""The zoo's models: the specs, shapes, parameter counts, layer names, blocks, blur values, saving."""

import doctest
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

import models
from models import blocks, registry
from models.blocks import FixedFilter, ZeroPadShortcut
from models.spec import KINDS, TRAINED_KINDS, ModelSpec, Recipe
from models.zoo.mobilenet import BLOCKS
from tests.conftest import ROOT, run_module

ZOO_FILES = sorted(path.stem for path in (Path(models.__file__).parent / "zoo").glob("[!_]*.py"))
CLASSIFIERS = models.available_models("classifier")
FILTERS = models.available_models("filter")
TRAINED = models.available_models(*TRAINED_KINDS)


def conv_params(k, c_in, c_out, bias=True):
    return (k * k * c_in + bias) * c_out


def dense_params(n_in, n_out):
    return (n_in + 1) * n_out


def batch_norm_params(channels):
    return 4 * channels  # gamma, beta, moving mean, moving variance


def layer_names(model):
    return [layer.name for layer in model.layers]


def params_of(model, prefix):
    """The parameters of the layers whose names start with ``prefix``."""
    return sum(layer.count_params() for layer in model.layers if layer.name.startswith(prefix))


def table_numbers(builder, label):
    """The numbers in the row of ``builder``'s docstring table labelled ``label``
    (cells are separated by two spaces or more)."""
    for line in inspect.getdoc(builder).splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells[0] == label:
            return [int(cell.replace(",", "")) for cell in cells[1:] if re.fullmatch(r"\d[\d,]*", cell)]
    raise AssertionError(f"no table row {label!r} in the docstring of {builder.__name__}")


# The specs and the registry


def test_every_file_in_the_zoo_is_a_model_and_nothing_else_is():
    assert models.available_models() == ZOO_FILES
    by_kind = [models.available_models(kind) for kind in KINDS]
    assert sorted(sum(by_kind, [])) == ZOO_FILES and all(by_kind)
    assert models.available_models("segmenter", "detector") == ["detector", "unet"]


def test_the_package_docstring_example_runs():
    assert doctest.testmod(models).failed == 0


@pytest.mark.parametrize("name", ZOO_FILES)
def test_the_catalogue_read_from_source_agrees_with_the_imported_spec(name):
    spec = models.get_spec(name)
    assert isinstance(spec, ModelSpec)
    assert spec.name == name and registry.catalogue()[name] == spec.kind
    assert spec.builder.__module__ == f"models.zoo.{name}"
    assert (spec.recipe is not None) == (spec.kind in TRAINED_KINDS)


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize("channels", [1, 3])
def test_every_classifier_builds_from_its_spec_on_grey_and_colour(name, channels):
    model = models.build(name, input_shape=(32, 32, channels), num_classes=10)
    assert model.input_shape == (None, 32, 32, channels) and model.output_shape == (None, 10)
    x = np.random.default_rng(0).uniform(size=(2, 32, 32, channels)).astype("float32")
    np.testing.assert_allclose(np.asarray(model(x)).sum(axis=1), 1.0, rtol=1e-5)  # softmax rows


@pytest.mark.parametrize("name", ZOO_FILES)
def test_build_uses_the_spec_input_shape(name):
    assert models.build(name).input_shape == (None, *models.get_spec(name).input_shape)


def test_a_model_file_must_name_its_spec_after_itself(tmp_path, monkeypatch):
    (tmp_path / "alexnet.py").write_text('SPEC = ModelSpec(name="alex", builder=None, kind="classifier")\n')
    monkeypatch.setattr(registry, "ZOO", tmp_path)
    registry.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="must be named 'alexnet'"):
            registry.catalogue()
    finally:
        registry.catalogue.cache_clear()


def test_specs_check_their_fields():
    with pytest.raises(
        ValueError, match="kind must be one of classifier, segmenter, detector, filter, got 'regressor'"
    ):
        ModelSpec(name="x", builder=print, kind="regressor", input_shape=(1, 1, 1))
    for kind in TRAINED_KINDS:
        with pytest.raises(ValueError, match=f"x: a {kind} needs a recipe"):
            ModelSpec(name="x", builder=print, kind=kind, input_shape=(1, 1, 1))
    with pytest.raises(ValueError, match="x: a filter has no recipe"):
        ModelSpec(name="x", builder=print, kind="filter", input_shape=(1, 1, 1), recipe=Recipe(1, 1, 1.0))
    with pytest.raises(ValueError, match="schedule must be one of constant, cosine, got 'step'"):
        Recipe(epochs=1, batch_size=1, learning_rate=1.0, schedule="step")


# LeNet and VGG: layer names unchanged, parameters by hand


def test_lenet_layers_shapes_and_parameter_count():
    model = models.build("lenet")
    assert layer_names(model) == [
        "image", "block1_conv1", "block1_pool", "block2_conv1", "block2_pool",
        "flatten", "fc1", "fc2", "predictions",
    ]  # fmt: skip
    shapes = {layer.name: layer.output.shape[1:] for layer in model.layers[1:]}
    assert shapes["block1_conv1"] == (28, 28, 6)
    assert shapes["block2_pool"] == (5, 5, 16)
    assert shapes["predictions"] == (10,)
    by_hand = (
        conv_params(5, 1, 6) + conv_params(5, 6, 16)
        + dense_params(5 * 5 * 16, 120) + dense_params(120, 84) + dense_params(84, 10)
    )  # fmt: skip
    assert model.count_params() == by_hand == 61_706
    assert "**61,706 parameters**" in inspect.getdoc(models.get_spec("lenet").builder)
    for row in ("block1_conv1", "block2_conv1", "fc1", "fc2", "predictions"):
        assert table_numbers(models.get_spec("lenet").builder, row)[-1] == params_of(model, row)


@pytest.mark.parametrize("channels", [3, 1])
@pytest.mark.parametrize("batch_norm", [True, False])
def test_vgg_layers_shapes_and_parameter_count(channels, batch_norm):
    model = models.build("vgg", input_shape=(32, 32, channels), num_classes=10, batch_norm=batch_norm)
    per_conv = ["conv{i}", "bn{i}", "act{i}"] if batch_norm else ["conv{i}"]
    expected = ["image"]
    for block in (1, 2, 3):
        expected += [f"block{block}_{part.format(i=i)}" for i in (1, 2) for part in per_conv] + [f"block{block}_pool"]
    assert layer_names(model) == expected + ["avg_pool", "predictions_dropout", "predictions"]
    assert model.get_layer("block3_pool").output.shape[1:] == (4, 4, 128)
    convs = [(channels, 32), (32, 32), (32, 64), (64, 64), (64, 128), (128, 128)]
    by_hand = sum(conv_params(3, c_in, c_out) + batch_norm * batch_norm_params(c_out) for c_in, c_out in convs)
    assert model.count_params() == by_hand + dense_params(128, 10)
    builder = models.get_spec("vgg").builder
    colour = models.build("vgg", batch_norm=batch_norm).count_params()
    assert f"{colour:,}" in inspect.getdoc(builder) and "576 fewer" in inspect.getdoc(builder)
    assert model.count_params() == colour - 576 * (channels == 1)
    if batch_norm and channels == 3:
        for row in ("block1", "block2", "block3", "predictions"):
            assert table_numbers(builder, row)[-1] == params_of(model, row), row


# ResNet


def resnet20_by_hand(channels, classes=10):
    convs = [(channels, 16)] + [(16, 16)] * 6 + [(16, 32)] + [(32, 32)] * 5 + [(32, 64)] + [(64, 64)] * 5
    return sum(conv_params(3, i, o, bias=False) + batch_norm_params(o) for i, o in convs) + dense_params(64, classes)


@pytest.mark.parametrize("channels, expected", [(3, 271_098), (1, 270_810)])
def test_resnet20_has_the_papers_0_27m_parameters(channels, expected):
    model = models.build("resnet", input_shape=(32, 32, channels))
    assert model.count_params() == resnet20_by_hand(channels) == expected
    assert round(model.count_params() / 1e6, 2) == 0.27
    assert f"{expected:,}" in inspect.getdoc(models.get_spec("resnet").builder)


def test_resnet_docstring_table_matches_keras():
    model = models.build("resnet")
    builder = models.get_spec("resnet").builder
    rows = ("conv1", "conv2", "conv3", "conv4", "avg_pool", "predictions")
    for row in rows:
        assert table_numbers(builder, row)[-1] == params_of(model, row), row
    assert sum(table_numbers(builder, row)[-1] for row in rows) == model.count_params()


@pytest.mark.parametrize("depth", [8, 14, 20, 32])
def test_resnet_depth_counts_the_weighted_layers(depth):
    model = models.build("resnet", depth=depth)
    weighted = [layer for layer in model.layers if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]
    assert len(weighted) == depth
    blocks_per_stage = (depth - 2) // 6
    adds = [name for name in layer_names(model) if name.endswith("_add")]
    assert len(adds) == 3 * blocks_per_stage
    assert adds[-1] == f"conv4_block{blocks_per_stage}_add" and model.name == f"resnet{depth}"


def test_resnet_names_and_shapes_follow_keras_resnet():
    model = models.build("resnet", input_shape=(32, 32, 1))
    names = layer_names(model)
    assert names[:4] == ["image", "conv1_conv", "conv1_bn", "conv1_relu"]
    assert names[4:11] == [
        f"conv2_block1_{part}" for part in ("1_conv", "1_bn", "1_relu", "2_conv", "2_bn", "add", "out")
    ]
    assert "conv3_block1_0_shortcut" in names and "conv2_block1_0_shortcut" not in names
    for stage, size, filters in [(2, 32, 16), (3, 16, 32), (4, 8, 64)]:
        assert model.get_layer(f"conv{stage}_block3_out").output.shape[1:] == (size, size, filters)
    assert names[-2:] == ["avg_pool", "predictions"]


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_batch_norm_momentum_lets_the_moving_statistics_keep_up(name):
    norms = [layer for layer in models.build(name).layers if isinstance(layer, keras.layers.BatchNormalization)]
    assert {layer.momentum for layer in norms} <= {blocks.BATCH_NORM_MOMENTUM} == {0.9}


# The blocks


def test_residual_block_with_no_correction_passes_its_input_through():
    inputs = keras.Input((8, 8, 4))
    model = keras.Model(inputs, blocks.zero_pad_residual_block(inputs, 4, name="b"))
    model.get_layer("b_2_bn").gamma.assign(np.zeros(4))  # F(x) = 0
    x = np.random.default_rng(1).normal(size=(2, 8, 8, 4)).astype("float32")
    np.testing.assert_allclose(model(x, training=False), np.maximum(x, 0), atol=1e-6)  # relu(x + 0)


def test_residual_block_adds_its_correction_to_the_input():
    inputs = keras.Input((8, 8, 4))
    model = keras.Model(inputs, blocks.zero_pad_residual_block(inputs, 4, name="b"))
    x = np.random.default_rng(2).normal(size=(2, 8, 8, 4)).astype("float32")
    correction = keras.Model(inputs, model.get_layer("b_2_bn").output)(x, training=False)
    np.testing.assert_allclose(model(x, training=False), np.maximum(x + correction, 0), atol=1e-5)


def test_zero_pad_shortcut_keeps_every_second_pixel_and_pads_channels():
    x = np.random.default_rng(3).normal(size=(2, 7, 6, 3)).astype("float32")
    got = np.asarray(ZeroPadShortcut(8, strides=2)(x))
    expected = np.zeros((2, 4, 3, 8), "float32")
    expected[..., 2:5] = x[:, ::2, ::2, :]  # 5 new channels: 2 before, 3 after
    np.testing.assert_array_equal(got, expected)
    assert ZeroPadShortcut(8, strides=2).compute_output_shape((None, 7, 6, 3)) == (None, 4, 3, 8)


def test_separable_block_parameters_and_shapes():
    inputs = keras.Input((16, 16, 8))
    outputs = blocks.separable_block(inputs, 32, strides=2, name="s")
    model = keras.Model(inputs, outputs)
    assert outputs.shape[1:] == (8, 8, 32)
    assert layer_names(model)[1:] == ["s_dw_conv", "s_dw_bn", "s_dw_relu", "s_pw_conv", "s_pw_bn", "s_pw_relu"]
    by_hand = 3 * 3 * 8 + batch_norm_params(8) + 8 * 32 + batch_norm_params(32)
    assert model.count_params() == by_hand
    assert isinstance(model.get_layer("s_dw_conv"), keras.layers.DepthwiseConv2D)


def test_separable_block_is_a_depthwise_then_a_pointwise_convolution():
    inputs = keras.Input((6, 6, 3))
    model = keras.Model(inputs, blocks.separable_block(inputs, 5, name="s"))
    x = np.random.default_rng(4).normal(size=(1, 6, 6, 3)).astype("float32")
    depthwise = model.get_layer("s_dw_conv").kernel
    pointwise = model.get_layer("s_pw_conv").kernel
    # With fresh batch norm (mean 0, variance 1, scale 1, offset 0), between ReLU6s:
    scale = 1 / np.sqrt(1 + 1e-3)
    dw = tf.nn.depthwise_conv2d(x, depthwise, [1, 1, 1, 1], "SAME")
    expected = np.clip(tf.nn.conv2d(np.clip(dw * scale, 0, 6), pointwise, 1, "SAME") * scale, 0, 6)
    np.testing.assert_allclose(model(x, training=False), expected, rtol=1e-5, atol=1e-5)


def test_conv_block_names_layers_after_its_prefix():
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, blocks.conv_block(inputs, 4, num_convs=2, batch_norm=True, name="stem"))
    assert layer_names(model)[1:] == ["stem_conv1", "stem_bn1", "stem_act1", "stem_conv2", "stem_bn2", "stem_act2",
                                      "stem_pool"]  # fmt: skip


# MobileNet


@pytest.mark.parametrize("alpha, column", [(1.0, 0), (0.5, 1)])
def test_mobilenet_docstring_table_matches_keras(alpha, column):
    model = models.build("mobilenet", alpha=alpha)
    builder = models.get_spec("mobilenet").builder
    rows = {"conv1": range(0), "block1-2": range(1, 3), "block3-5": range(3, 6), "block6-11": range(6, 12),
            "block12-13": range(12, 14)}  # fmt: skip
    for label, block_numbers in rows.items():
        prefixes = [f"block{b}_" for b in block_numbers] or ["conv1"]
        assert table_numbers(builder, label)[column] == sum(params_of(model, p) for p in prefixes), label
    assert table_numbers(builder, "predictions")[1 + column] == params_of(model, "predictions")  # after "10"
    assert table_numbers(builder, "total")[column] == model.count_params()


def test_mobilenet_by_hand_and_width_multiplier():
    for alpha in (1.0, 0.5, 0.25):
        model = models.build("mobilenet", alpha=alpha)
        width = [int(32 * alpha)] + [int(filters * alpha) for filters, _ in BLOCKS]
        by_hand = 3 * 3 * 3 * width[0] + batch_norm_params(width[0])
        for c_in, c_out in zip(width[:-1], width[1:], strict=True):
            by_hand += 3 * 3 * c_in + batch_norm_params(c_in) + c_in * c_out + batch_norm_params(c_out)
        assert model.count_params() == by_hand + dense_params(width[-1], 10)
        assert model.get_layer("block13_pw_relu").output.shape[1:] == (2, 2, int(1024 * alpha))


# Blur


def test_blur_is_a_per_channel_mean_like_depthwise_conv2d():
    image = np.random.default_rng(0).uniform(0, 255, (2, 37, 23, 3)).astype("float32")
    kernel = tf.ones((5, 5, 3, 1)) / 25
    expected = tf.nn.depthwise_conv2d(image, kernel, strides=[1, 1, 1, 1], padding="SAME")
    got = models.build("blur")(image)
    assert got.shape == image.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3)
    # An interior pixel is the plain mean of its 5x5 window, channel by channel.
    np.testing.assert_allclose(got[0, 10, 10], image[0, 8:13, 8:13].mean(axis=(0, 1)), rtol=1e-5)


def test_blur_kernel_size_is_an_argument():
    image = np.random.default_rng(1).uniform(size=(1, 9, 9, 1)).astype("float32")
    got = models.build("blur", input_shape=(None, None, 1), kernel_size=3)(image)
    expected = tf.nn.depthwise_conv2d(image, tf.ones((3, 3, 1, 1)) / 9, [1, 1, 1, 1], "SAME")
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_blur_weights_do_not_change_under_fit():
    model = models.build("blur", input_shape=(16, 16, 3))
    before = [w.copy() for w in model.get_weights()]
    assert model.trainable_weights == []
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mse")
    x = np.random.default_rng(2).uniform(size=(8, 16, 16, 3)).astype("float32")
    model.fit(x, x[:, ::-1], epochs=2, verbose=0)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


# Bad arguments, saving, layer configs


@pytest.mark.parametrize(
    "name, kwargs, fragment",
    [
        ("lenet", {"input_shape": (8, 8, 1)}, "(8, 8, 1)"),
        ("lenet", {"input_shape": (32, 32)}, "(32, 32)"),
        ("lenet", {"num_classes": 0}, "got 0"),
        ("vgg", {"input_shape": (32, 32, 2)}, "(32, 32, 2)"),
        ("vgg", {"dropout": 1.5}, "1.5"),
        ("resnet", {"depth": 21}, "6n + 2 for some n >= 1 (8, 14, 20, 32...), got 21"),
        ("resnet", {"depth": 2}, "got 2"),
        ("resnet", {"input_shape": (4, 4, 3)}, "(4, 4, 3)"),
        ("mobilenet", {"alpha": 0}, "alpha must be a positive number, got 0"),
        ("mobilenet", {"dropout": -0.1}, "-0.1"),
        ("blur", {"kernel_size": 0}, "got 0"),
        ("blur", {"input_shape": (None, None)}, "(None, None)"),
        ("alexnet", {}, f"unknown model 'alexnet'; available: {', '.join(ZOO_FILES)}"),
    ],
)
def test_bad_arguments_raise_value_error_echoing_the_value(name, kwargs, fragment):
    with pytest.raises(ValueError) as error:
        models.build(name, **kwargs)
    assert fragment in str(error.value)


@pytest.mark.slow
def test_a_fresh_process_loads_every_trained_model_saved_here(tmp_path):
    """``runs.load_model`` alone makes Keras know the zoo's custom layers (ResNet's ``ZeroPadShortcut``).

    This process has imported every block, so Keras here knows them all; a user's
    ``python -m models evaluate`` starts with none, hence the fresh process.
    """
    paths = []
    for name in TRAINED:
        model = models.build(name)
        x = np.random.default_rng(3).uniform(size=(2, *model.input_shape[1:])).astype("float32")
        model.save(tmp_path / f"{name}.keras")
        np.save(tmp_path / f"{name}.x.npy", x)
        np.save(tmp_path / f"{name}.expected.npy", model.predict(x, verbose=0))
        paths.append(str(tmp_path / name))
    script = (
        "import sys\n"
        "import numpy as np\n"
        "from models.training import runs\n"
        "for path in sys.argv[1:]:\n"
        "    model = runs.load_model(path + '.keras')\n"
        "    np.save(path + '.loaded.npy', model.predict(np.load(path + '.x.npy'), verbose=0))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *paths], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    for path in paths:
        np.testing.assert_allclose(np.load(f"{path}.loaded.npy"), np.load(f"{path}.expected.npy"), rtol=1e-6)


@pytest.mark.parametrize("name", FILTERS)
def test_a_filter_saves_and_loads(tmp_path, name):
    model = models.build(name)
    x = np.random.default_rng(3).uniform(size=(2, 20, 30, model.input_shape[-1])).astype("float32")
    model.save(tmp_path / f"{name}.keras")
    loaded = keras.models.load_model(tmp_path / f"{name}.keras")
    assert layer_names(loaded) == layer_names(model)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


@pytest.mark.parametrize(
    "layer", [FixedFilter(np.arange(6).reshape(2, 3), padding="valid", name="edges"), ZeroPadShortcut(8, strides=2)]
)
def test_custom_layers_keep_each_constructor_argument_as_an_attribute_and_in_their_config(layer):
    config = layer.get_config()
    arguments = [name for name in inspect.signature(type(layer).__init__).parameters if name not in ("self", "kwargs")]
    for argument in arguments:
        value = getattr(layer, argument)
        assert config[argument] == (value.tolist() if isinstance(value, np.ndarray) else value)
    clone = type(layer).from_config(config)
    assert clone.get_config() == config


def test_fixed_filter_keeps_the_kernel_it_was_given():
    layer = FixedFilter([[0, 1, 2], [3, 4, 5]], padding="valid")
    np.testing.assert_array_equal(layer.kernel, [[0, 1, 2], [3, 4, 5]])
    assert layer.get_config()["kernel"] == [[0, 1, 2], [3, 4, 5]] and layer.padding == "valid"
    layer.build((None, 4, 4, 2))
    assert layer.depthwise_kernel.shape == (2, 3, 2, 1) and not layer.depthwise_kernel.trainable


@pytest.mark.slow
def test_adding_a_model_is_adding_the_readme_file(tmp_path):
    readme = (ROOT / "README.md").read_text()
    example = readme.split("**Add a model**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    shutil.copytree(ROOT / "models", tmp_path / "models", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "models" / "zoo" / "alexnet.py").write_text(example)
    listed = run_module("models", "list", cwd=tmp_path, env_extra={"PYTHONPATH": str(tmp_path)})
    assert listed.returncode == 0, listed.stderr
    assert "alexnet    classifier" in listed.stdout.splitlines()
    summary = run_module("models", "summary", "alexnet", cwd=tmp_path, env_extra={"PYTHONPATH": str(tmp_path)})
    assert summary.returncode == 0, summary.stderr
    assert "block2_conv2" in summary.stdout and "alexnet:" in summary.stdout.splitlines()[-1]
