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
    shapes = set_weights_by_name(model, weights)
    return {"shapes": shapes} if shapes else block_outputs(model, x)


def set_weights_by_name(model, weights):
    """Gives a model's layers ``weights`` ({layer name: arrays}) by name and returns None; or, where its
    layers with weights don't fit them (other names or shapes), changes nothing and returns theirs
    ({layer name: [weight shapes]})."""
    layers = {layer.name: layer for layer in layers_with_weights(model)}
    shapes = {layer_name: [tuple(w.shape) for w in layer.get_weights()] for layer_name, layer in layers.items()}
    if shapes != {layer_name: [tuple(np.shape(w)) for w in arrays] for layer_name, arrays in weights.items()}:
        return shapes
    for layer_name, arrays in weights.items():
        layers[layer_name].set_weights(arrays)
    return None


def _unet_model(module, part, input_shape, filters, name):
    """Exercise 27: the student's blocks as a model. ``part`` "down": the down block on an input of
    ``input_shape``, outputs (skip, down); "up": the up block on two inputs of the shapes ``input_shape``
    (x, skip); "unet": the smallest U-Net, as the checks' reference builds it: the down block named
    f"{name}_down", a Conv2D(2 * filters, 3, padding="same", activation="relu") named f"{name}_middle" on
    its pooled output, then the up block named f"{name}_up" onto its skip."""
    import keras

    if part == "up":
        inputs = [keras.Input(tuple(shape)) for shape in input_shape]
        return keras.Model(inputs, module.unet_up_block(*inputs, filters, name))
    inputs = keras.Input(tuple(input_shape))
    if part == "down":
        return keras.Model(inputs, list(module.unet_down_block(inputs, filters, name)))
    skip, down = module.unet_down_block(inputs, filters, f"{name}_down")
    middle = keras.layers.Conv2D(2 * filters, 3, padding="same", activation="relu", name=f"{name}_middle")(down)
    return keras.Model(inputs, module.unet_up_block(middle, skip, filters, f"{name}_up"))


def unet_summary(module, part, input_shape, filters, name):
    """Exercise 27: the student's blocks as a model (``_unet_model``): its outputs' shapes (without the
    batch) and its parameter count."""
    model = _unet_model(module, part, input_shape, filters, name)
    return {"shapes": [tuple(output.shape[1:]) for output in model.outputs], "params": int(model.count_params())}


def unet_outputs(module, part, input_shape, filters, name, weights, x):
    """Exercise 27: the student's blocks as a model (``_unet_model``) given ``weights`` ({layer name:
    arrays}) by layer name, applied to ``x`` (a list of two arrays for part "up"): {"outputs": [arrays]};
    or, where the layers don't fit those weights, {"shapes": their names and shapes}."""
    import keras

    model = _unet_model(module, part, input_shape, filters, name)
    shapes = set_weights_by_name(model, weights)
    if shapes:
        return {"shapes": shapes}
    return {"outputs": [keras.ops.convert_to_numpy(output) for output in keras.tree.flatten(model(x))]}


def _as_tensors(value):
    """A test's arrays as TensorFlow tensors, inside lists too."""
    import tensorflow as tf

    if isinstance(value, np.ndarray):
        return tf.constant(value)
    return [_as_tensors(item) for item in value] if isinstance(value, list) else value


def _as_arrays(value):
    """What a function returned, its tensors (inside lists and tuples too) as NumPy arrays, the rest as it is."""
    import keras

    if isinstance(value, (list, tuple)):
        return type(value)(_as_arrays(item) for item in value)
    return keras.ops.convert_to_numpy(value) if keras.ops.is_tensor(value) else value


def tensor_call(module, function, args, as_tensors):
    """Exercise 28: what ``module.<function>(*args)`` returned, its tensors as NumPy arrays; the arrays of
    ``args`` given as they are or (``as_tensors``) as TensorFlow tensors."""
    return _as_arrays(getattr(module, function)(*(_as_tensors(args) if as_tensors else args)))


def tensor_gradients(module, function, args, position):
    """Exercise 28: the gradient of ``module.<function>(*args)`` with respect to ``args[position]`` (an array,
    or a list of them), by tf.GradientTape: a list of arrays, None where the gradient does not reach one;
    or, where the function returned no tensor to differentiate, {"returned": its type's name}."""
    import tensorflow as tf

    args = list(args)
    wrt = args[position]
    variables = [tf.Variable(value) for value in (wrt if isinstance(wrt, list) else [wrt])]
    args[position] = variables if isinstance(wrt, list) else variables[0]
    with tf.GradientTape() as tape:
        returned = getattr(module, function)(*args)
    if not tf.is_tensor(returned):
        return {"returned": type(returned).__name__}
    return [None if gradient is None else gradient.numpy() for gradient in tape.gradient(returned, variables)]


def texture_synthesis(module, style_image, filters, steps, seed, global_seed):
    """Exercise 28: ``synthesize_texture(style_image, filters, steps, seed=seed)`` with Python's, NumPy's and
    TensorFlow's global generators seeded to ``global_seed`` first (keras.utils.set_random_seed): the image
    as a NumPy array, whether it drew from Python's or NumPy's global generator, the seconds it took, and
    ``style_image`` after the call."""
    import random

    import keras

    keras.utils.set_random_seed(global_seed)
    before, python_before = np.random.get_state(), random.getstate()
    started = time.perf_counter()
    image = module.synthesize_texture(style_image, filters, steps, seed=seed)
    seconds = time.perf_counter() - started
    after = np.random.get_state()
    numpy_same = before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
    return {"returned": _as_arrays(image), "global": not numpy_same or random.getstate() != python_before,
            "seconds": seconds, "style_image": style_image}  # fmt: skip


def _transfer_base(input_shape, num_classes, weights):
    """Exercise 31: the zoo's LeNet for ``num_classes`` classes, given ``weights`` (those it learned on digits
    0 to 4, from the checks); random weights where ``weights`` is None."""
    import models

    base = models.build("lenet", input_shape=tuple(input_shape), num_classes=num_classes)
    if weights is not None:
        base.set_weights(weights)
    return base


def _weights_count(weights):
    return int(sum(np.prod(w.shape) for w in weights))


def _used_layers(base, model):
    """The base's layers with weights that ``model`` uses (a head on an earlier layer leaves the later ones out)."""
    used = {id(w) for w in model.weights}
    return [layer for layer in base.layers if layer.weights and id(layer.weights[0]) in used]


def _same(weights, others):
    return all(np.array_equal(a, b) for a, b in zip(weights, others, strict=True))


def transfer_summary(module, input_shape, base_classes, num_classes, feature_layer, weights):
    """Exercise 31: the student's ``transfer_model`` on a LeNet: its output shape, Keras's counts of its
    parameters (all, and trainable), and each of the base's layers with weights that the model uses: its
    name, and whether it is trainable."""
    base = _transfer_base(input_shape, base_classes, weights)
    model = module.transfer_model(base, num_classes, feature_layer)
    return {
        "output_shape": tuple(model.outputs[0].shape),
        "params": int(model.count_params()),
        "trainable_params": _weights_count(model.trainable_weights),
        "base_layers": [(layer.name, bool(layer.trainable)) for layer in _used_layers(base, model)],
    }


def transfer_fit(module, input_shape, base_classes, num_classes, feature_layer, weights, images, labels, classes,
                 epochs, learning_rate, held_out, seed):  # fmt: skip
    """Exercise 31: the student's ``transfer_model`` on the LeNet given ``weights``, then ``fine_tune`` on
    ``images`` and ``labels`` (``epochs``, ``learning_rate``) with ``seed`` set: the names of the base's layers
    (of those the model uses) whose weights ``transfer_model`` changed, which of them changed in training (and
    whether each says it is trainable), the predicted classes (indices into ``classes``) of the ``held_out``
    images, and what ``fine_tune`` returned (the epochs of its History) and the learning rate the model was
    compiled with."""
    import keras

    keras.utils.set_random_seed(seed)
    base = _transfer_base(input_shape, base_classes, weights)
    given = {layer.name: [np.array(w) for w in layer.get_weights()] for layer in base.layers}
    model = module.transfer_model(base, num_classes, feature_layer)
    built = {layer.name: [np.array(w) for w in layer.get_weights()] for layer in _used_layers(base, model)}
    history = module.fine_tune(model, images, labels, classes, epochs, learning_rate)
    layers = [(layer.name, bool(layer.trainable), not _same(built[layer.name], layer.get_weights()))
              for layer in _used_layers(base, model)]  # fmt: skip
    probabilities = keras.ops.convert_to_numpy(model(held_out, training=False))
    optimizer = getattr(model, "optimizer", None)
    return {
        "changed_by_transfer_model": [name for name, kept in built.items() if not _same(given[name], kept)],
        "base_layers": layers,
        "predictions": np.argmax(probabilities, axis=-1),
        "epochs_run": len(history.epoch) if isinstance(history, keras.callbacks.History) else None,
        "returned": type(history).__name__,
        "learning_rate": None if optimizer is None else float(keras.ops.convert_to_numpy(optimizer.learning_rate)),
    }
