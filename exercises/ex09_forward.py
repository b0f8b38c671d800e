"""Exercise 9: a whole forward pass, chaining exercises 5 to 8.

A CNN in one sentence: convolution extracts features, ReLU adds
non-linearity, pooling reduces size, fully connected layers classify. Chain
your own functions on a batch of images (N, H, W, C), such as 28x28x1 digits:

    conv2d (VALID, stride 1) + conv_bias -> relu -> max_pool2d (2x2, stride 2, VALID)
    -> flatten -> dense -> softmax

Shapes for K filters of size k: (N, 28, 28, 1) -> (N, 29-k, 29-k, K) ->
(N, (29-k)//2, (29-k)//2, K) -> (N, features) -> (N, classes) probabilities.
In general, for (N, H, W, C) images and a KH x KW kernel: (N, H-KH+1,
W-KW+1, K), then half of each, rounded down.

Import your earlier work, for example
``from exercises.ex05_conv2d import conv2d``.

Checked against: a Keras model (Conv2D, ReLU, MaxPooling2D, Flatten, Dense
softmax) given the very same weights, on 28x28 digits-sized images and on
colour images that are not square.
Bad input: ValueError for a conv_bias or dense weights that don't fit the other shapes.
"""


def forward(images, conv_kernel, conv_bias, dense_weights, dense_bias):
    """Returns class probabilities (N, classes) for images (N, H, W, C).

    Args:
        images (array): (N, H, W, C).
        conv_kernel (array): (KH, KW, C, K).
        conv_bias (array): (K,).
        dense_weights (array): (features, classes).
        dense_bias (array): (classes,).
    """
    raise NotImplementedError
