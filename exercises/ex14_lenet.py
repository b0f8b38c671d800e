"""Exercise 14: build LeNet-5 yourself, from the zoo's shared blocks.

LeNet-5 (LeCun et al., 1998) is the CNN that read handwritten digits:

    input 32x32x1
    -> 6 filters 5x5, VALID, ReLU   -> 28x28x6    (block 1)
    -> 2x2 max pooling              -> 14x14x6
    -> 16 filters 5x5, VALID, ReLU  -> 10x10x16   (block 2)
    -> 2x2 max pooling              -> 5x5x16
    -> flatten -> dense 120 -> dense 84 -> softmax over num_classes

Work out its parameter count with your exercise 8 functions before you run
it; the zoo's docstring (``models/lenet.py``) has the table to check against.

Use the zoo's blocks, so that your model is built the way every zoo model is:
``models.blocks.conv_block(x, filters, kernel_size=..., padding=..., name="block1")``
and ``models.blocks.classifier_head(x, num_classes, units=(...))``. Return a
functional ``keras.Model``.

Checked against: ``models.build("lenet")``: the same output shape at every
layer, the same parameter count, and the same predictions when your model is
given the zoo's weights (so the layers must come in the same order), for
LeNet's 32x32x1, for colour and for an odd size that is not square; and it
trains.
"""


def build_lenet(input_shape=(32, 32, 1), num_classes=10):
    """Returns LeNet-5 as a functional keras.Model.

    Args:
        input_shape (tuple of 3 ints): (H, W, C) of one image.
        num_classes (int): the classes the softmax covers.
    """
    raise NotImplementedError
