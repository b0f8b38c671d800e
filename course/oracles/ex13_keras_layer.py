"""Exercise 13, your own Keras Conv2D layer: keras.layers.Conv2D's answers, and the known mistakes.

The student's layer runs in its own process (``course/keras_drivers.py``); the answer is
``keras.layers.Conv2D`` with the same arguments and weights, here.
"""

import keras
import numpy as np

# What from_config says when get_config() leaves out an argument that has no default.
CONFIG_MISSING_ARGUMENT = (
    "get_config() is missing an argument that has no default, so from_config could not rebuild the layer. "
    "It must return every constructor argument.",
    r"deserializing[\s\S]*__init__\(\) missing \d+ required",
)


def reference(kwargs, seed):
    """An input, and keras.layers.Conv2D(**kwargs) built on it: the layer and its output."""
    x = np.random.default_rng(seed).normal(size=(2, 9, 10, 3)).astype("float32")
    keras.utils.set_random_seed(kwargs["filters"])
    layer = keras.layers.Conv2D(**kwargs)
    return x, layer, keras.ops.convert_to_numpy(layer(x))


def activation_mistake(layer, x):
    """What the same layer gives with the activation left out (None where there is none to leave out)."""
    if layer.get_config()["activation"] == "linear":
        return []
    plain = keras.layers.Conv2D.from_config({**layer.get_config(), "activation": None})
    plain.build(x.shape)
    plain.set_weights(layer.get_weights())
    return [("the activation was not applied: call() ends with self.activation(outputs).",
             lambda: keras.ops.convert_to_numpy(plain(x)))]  # fmt: skip


# Conv2DLayer's defaults (the stub's signature): what from_config uses for an argument get_config() left out.
DEFAULTS = {"strides": 1, "padding": "valid", "activation": None, "use_bias": True}


def config_missing_mistakes(kwargs, layer, x, missing):
    """The layer rebuilt from a config that lacks the arguments ``missing``, which then take their
    defaults: keras.layers.Conv2D so built, given ``layer``'s weights (None where those don't fit it)."""
    if not missing or not set(missing) <= DEFAULTS.keys():
        return []

    def rebuilt():
        wrong = keras.layers.Conv2D(**{**kwargs, **{name: DEFAULTS[name] for name in missing}})
        wrong.build(x.shape)
        if [w.shape for w in wrong.get_weights()] != [w.shape for w in layer.get_weights()]:
            return None
        wrong.set_weights(layer.get_weights())
        return keras.ops.convert_to_numpy(wrong(x))

    return [(f"get_config() is missing an argument: {', '.join(missing)}. The rebuilt layer used its default "
             "instead.", rebuilt)]  # fmt: skip
