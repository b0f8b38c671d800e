"""The checks' hands inside a Keras exercise's process.

A Keras layer or model can't leave the process that built it, so the tests of
the Keras exercises call these functions there (``load(...).drive(name, ...)``),
next to the student's module. Each one builds what the student wrote, runs it
on inputs the test chose and returns plain data: arrays, numbers, lists. The
test compares that with the real Keras, in its own process. So these drivers
only gather answers; they never judge one.

The worker loads this file only into a Keras exercise's process; a NumPy
exercise's drivers are in ``course/drivers.py``. Each driver takes the
student's module first, then the test's arguments.

Of the warnings raised while a driver runs, only those of a line of the
student's own files reach the student (the worker's ``show_students_warnings``).
"""

import tempfile
import time
from pathlib import Path

import numpy as np


def _layer(module, kwargs, input_shape, weights):
    layer = module.Conv2DLayer(**kwargs)
    layer.build(tuple(input_shape))
    layer.set_weights(weights)
    return layer


def conv2d_layer_output(module, kwargs, weights, x):
    """Exercise 13: the student's Conv2DLayer(**kwargs) with these weights, applied to ``x``."""
    import keras

    return keras.ops.convert_to_numpy(_layer(module, kwargs, x.shape, weights)(x))


def conv2d_layer_config(module, kwargs, weights, x):
    """Exercise 13: what ``get_config()`` holds, and the output of the layer rebuilt from it."""
    import keras

    layer = module.Conv2DLayer(**kwargs)
    config = layer.get_config()
    clone = type(layer).from_config(config)
    clone.build(x.shape)
    clone.set_weights(weights)
    return {
        "keys": sorted(config),
        "output": keras.ops.convert_to_numpy(clone(x)),
    }


def conv2d_layer_construct(module, kwargs):
    """Exercise 13: only construct the layer (the test expects a ValueError for bad arguments)."""
    module.Conv2DLayer(**kwargs)


def _small_model(module):
    import keras

    return keras.Sequential([
        keras.Input((16, 16, 1)),
        module.Conv2DLayer(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip


def conv2d_layer_fit(module, epochs):
    """Exercise 13: the training losses of a small model around the student's layer, on digits."""
    import keras

    from models.training import data

    keras.utils.set_random_seed(0)
    splits = data.load("digits", (16, 16, 1), batch_size=32)
    model = _small_model(module)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    history = model.fit(splits.train, epochs=epochs, verbose=0)  # the training losses only: no validation
    return [float(loss) for loss in history.history["loss"]]


def conv2d_layer_save_load(module, x):
    """Exercise 13: predictions before a ``.keras`` save and after loading it back."""
    import keras

    keras.utils.set_random_seed(1)
    model = _small_model(module)
    before = model.predict(x, verbose=0)
    with tempfile.TemporaryDirectory() as folder:
        model.save(Path(folder) / "mine.keras")
        loaded = keras.models.load_model(Path(folder) / "mine.keras")
    after = loaded.predict(x, verbose=0)
    return {"before": before, "after": after, "filters": loaded.layers[0].get_config()["filters"]}


def _layer_shapes(model):
    import keras

    return [tuple(layer.output.shape[1:]) for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def lenet_summary(module, input_shape, num_classes):
    """Exercise 14: each layer's output shape, the parameter count and the weights' shapes."""
    model = module.build_lenet(input_shape=tuple(input_shape), num_classes=num_classes)
    return {
        "shapes": _layer_shapes(model),
        "params": int(model.count_params()),
        "weight_shapes": [tuple(w.shape) for w in model.get_weights()],
    }


def lenet_output(module, input_shape, num_classes, weights, x):
    """Exercise 14: the student's LeNet given these weights (the zoo's, in order), applied to ``x``."""
    model = module.build_lenet(input_shape=tuple(input_shape), num_classes=num_classes)
    model.set_weights(weights)
    return model.predict(x, verbose=0)


def lenet_fit(module, epochs):
    """Exercise 14: validation accuracy per epoch of the student's LeNet trained on digits."""
    import keras

    from models.training import data

    keras.utils.set_random_seed(0)
    splits = data.load("digits", (32, 32, 1), batch_size=32)
    model = module.build_lenet()
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])  # fmt: skip
    history = model.fit(splits.train, validation_data=splits.validation, epochs=epochs, verbose=0)
    return [float(value) for value in history.history["val_accuracy"]]


def train_digits_result(module):
    """Exercise 15: train with the student's ``train_digits()``; its predicted classes on the digits
    test split, the epochs of its last fit and the seconds it took."""
    started = time.perf_counter()
    model = module.train_digits()
    seconds = time.perf_counter() - started
    from models.training import data  # only now: a stub that is not started says so without loading TensorFlow

    splits = data.load("digits", tuple(model.input_shape[1:]), batch_size=64)
    predictions = np.argmax(model.predict(splits.test, verbose=0), axis=1)
    return {"predictions": predictions, "epochs": len(model.history.epoch), "seconds": seconds}


def layers_with_weights(model):
    """A model's layers that hold weights, inside nested models too, in order."""
    found = []
    for layer in model.layers:
        if hasattr(layer, "layers"):  # a model inside the model
            found += layers_with_weights(layer)
        elif layer.weights:
            found.append(layer)
    return found


def operation_kind(operation):
    """What one operation of a block does, in the words the checks compare: "conv 3x3 stride 2",
    "batch norm", "relu", "add", "input", or its class name."""
    import keras

    layers = keras.layers
    if isinstance(operation, layers.InputLayer):
        return "input"
    if isinstance(operation, layers.Conv2D):
        (kh, kw), (sh, sw) = operation.kernel_size, operation.strides
        kind = f"conv {kh}x{kw} stride {sh if sh == sw else (sh, sw)}"
        kind += " padding valid" if operation.padding == "valid" and (kh, kw) != (1, 1) else ""
        activation = operation.activation.__name__
        return kind if activation == "linear" else f"{kind} with {activation}"
    if isinstance(operation, layers.BatchNormalization):
        return "batch norm"
    if isinstance(operation, layers.Activation):
        return operation.activation.__name__
    name = type(operation).__name__
    return name.lower() if name.lower() in ("relu", "add") else name


def _residual_model(module, input_shape, filters, stride, name):
    import keras

    inputs = keras.Input(tuple(input_shape))
    return keras.Model(inputs, module.residual_block(inputs, filters, stride=stride, name=name))


def residual_block_graph(module, input_shape, filters, stride, name):
    """Exercise 22: the student's block on ``input_shape``: each operation's (name, kind, parents' names)
    in order, and the parameter count."""
    model = _residual_model(module, input_shape, filters, stride, name)
    graph = [
        (operation.name, operation_kind(operation),
         [parent.operation.name for node in operation._inbound_nodes[:1] for parent in node.parent_nodes])
        for operation in model.operations
    ]  # fmt: skip
    return {"graph": graph, "params": int(model.count_params())}


def block_outputs(model, x):
    """A model's outputs on ``x`` at inference (moving statistics), then in training mode (batch statistics,
    which also updates the moving ones: so inference comes first)."""
    import keras

    modes = ("inference", "training")
    return {mode: keras.ops.convert_to_numpy(model(x, training=mode == "training")) for mode in modes}


def residual_block_outputs(module, input_shape, filters, stride, name, weights, x):
    """Exercise 22: the student's block given ``weights`` ({layer name: arrays}) by layer name, applied to
    ``x``; or, where the layers don't fit those weights, which names and shapes differ."""
    model = _residual_model(module, input_shape, filters, stride, name)
    layers = {layer.name: layer for layer in layers_with_weights(model)}
    shapes = {layer_name: [tuple(w.shape) for w in layer.get_weights()] for layer_name, layer in layers.items()}
    if shapes != {layer_name: [tuple(np.shape(w)) for w in arrays] for layer_name, arrays in weights.items()}:
        return {"shapes": shapes}
    for layer_name, arrays in weights.items():
        layers[layer_name].set_weights(arrays)
    return block_outputs(model, x)
