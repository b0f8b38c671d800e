"""Grad-CAM: where in the picture the network looked to choose its class.

Reference:
    Selvaraju, Cogswell, Das, Vedantam, Parikh and Batra, "Grad-CAM: Visual
    Explanations from Deep Networks via Gradient-based Localization", ICCV 2017.

The last convolution layer's feature maps still know *where* things are; the
dense layers after them only know *what*. Grad-CAM asks how much the class
score would grow if each feature map grew: the gradient of the score with
respect to the maps, averaged over the map, is the weight of that map. The
weighted sum of the maps, with negative values cut to 0, is a coarse heat map
of the places that speak for the class. Each of its cells sits over the centre
of the patch of the picture it sees (:func:`map_centres`), and the heat map is
interpolated between those centres to the picture's size.
"""

import matplotlib

matplotlib.use("Agg")
import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from models.pictures import NO_TICKS  # noqa: E402

POOLING = (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)
NOT_CONVOLUTIONS = (keras.layers.InputLayer, *POOLING)
# The layers that move or spread the feature maps over the picture.
SLIDING = (keras.layers.Conv2D, keras.layers.DepthwiseConv2D, *POOLING)


def last_conv_layer(model):
    """The last layer whose output is still a stack of feature maps (height x
    width x channels), leaving out pooling: the last convolution, with its activation."""
    for layer in reversed(model.layers):
        if len(layer.output.shape) == 4 and not isinstance(layer, NOT_CONVOLUTIONS):
            return layer
    raise ValueError(f"model {model.name!r} has no convolution layer for Grad-CAM")


def map_centres(model, layer):
    """Where the cells of ``layer``'s feature maps sit over the input picture.

    Cell k of a row is centred over input pixel ``start + k * jump`` (for rows,
    then for columns). Every sliding window (convolution or pooling) of kernel
    k and stride s on the way moves the centres by (k - 1) / 2 input cells,
    less its padding, and multiplies the jump by s. A LeNet's VALID
    convolutions shift its last maps inwards: stretching them to the picture's
    corners would misplace them. The layers are followed in the order of
    ``model.layers``, which is right for the zoo: its residual shortcuts never
    change the geometry of the convolutions they go around.

    Returns:
        ``(start, jump)``, two arrays of (rows, columns).
    """
    start, jump, size = np.zeros(2), np.ones(2), np.array(model.input_shape[1:3])
    for each in model.layers[: model.layers.index(layer) + 1]:
        if not isinstance(each, SLIDING):
            continue
        kernel = np.array(each.pool_size if isinstance(each, POOLING) else each.kernel_size)
        strides = np.array(each.strides)
        if each.padding == "same":
            out = -(-size // strides)
            pad_before = np.maximum((out - 1) * strides + kernel - size, 0) // 2
        else:
            out, pad_before = (size - kernel) // strides + 1, 0
        start = start + ((kernel - 1) / 2 - pad_before) * jump
        jump, size = jump * strides, out
    return start, jump


def to_picture(heat, start, jump, picture_size):
    """Interpolates heat maps (n, h, w) between their cell centres onto the picture's pixels."""
    rows, columns = (
        np.clip((np.arange(length) - start[axis]) / jump[axis], 0, heat.shape[axis + 1] - 1)
        for axis, length in enumerate(picture_size)
    )
    heat = np.apply_along_axis(lambda column: np.interp(rows, np.arange(len(column)), column), 1, heat)
    return np.apply_along_axis(lambda row: np.interp(columns, np.arange(len(row)), row), 2, heat)


def class_scores(model, layer):
    """A function from the input to (``layer``'s maps, the class scores before softmax).

    The zoo's classifiers end in a softmax layer named ``predictions``; Grad-CAM
    wants the scores that go into the softmax, because the softmax of a
    confident prediction hardly moves and its gradient fades to nothing.
    """
    head = model.get_layer("predictions")
    features = keras.Model(model.inputs, [layer.output, head.input])

    def scores(images):
        maps, head_input = features(images, training=False)
        return maps, keras.ops.matmul(head_input, head.kernel) + head.bias

    return scores


def gradcam(model, images, classes=None):
    """Grad-CAM heat maps of ``images`` for ``classes`` (default: the predicted ones).

    Args:
        model: a zoo classifier.
        images: a float32 batch (n, height, width, channels) of the model's input.
        classes: the class index to explain for each image, or None.

    Returns:
        ``(heat, predicted)``: heat maps (n, height, width) in [0, 1] at the
        images' size (1 where the evidence is strongest), and the predicted classes.
    """
    layer = last_conv_layer(model)
    scores = class_scores(model, layer)
    images = tf.convert_to_tensor(images, tf.float32)
    with tf.GradientTape() as tape:
        maps, logits = scores(images)
        predicted = tf.argmax(logits, axis=-1)
        chosen = predicted if classes is None else tf.constant(classes, tf.int64)
        score = tf.gather(logits, chosen, axis=1, batch_dims=1)
    gradients = tape.gradient(score, maps)
    weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)  # one weight per feature map
    heat = tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1)).numpy()
    heat = to_picture(heat, *map_centres(model, layer), images.shape[1:3])
    peaks = heat.max(axis=(1, 2), keepdims=True)
    return np.divide(heat, peaks, out=np.zeros_like(heat), where=peaks > 0), predicted.numpy()


def gradcam_figure(model, images, titles):
    """A figure of each image with its Grad-CAM heat map over it, titled ``titles``."""
    heat, _ = gradcam(model, images)
    columns = min(len(images), 8)
    rows = -(-len(images) // columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(1.9 * columns, 2.1 * rows + 0.4), squeeze=False, subplot_kw=NO_TICKS
    )
    for axis in axes.flat:
        axis.axis("off")
    for axis, image, heat_map, title in zip(axes.flat, images, heat, titles, strict=False):
        axis.imshow(image.squeeze(), cmap="gray" if image.shape[-1] == 1 else None, vmin=0, vmax=1)
        axis.imshow(heat_map, cmap="jet", alpha=0.45, vmin=0, vmax=1)
        axis.set_title(title, fontsize=8)
    figure.suptitle(f"Grad-CAM of {last_conv_layer(model).name}: where the network looked")
    return figure
