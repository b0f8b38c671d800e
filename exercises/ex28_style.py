"""Exercise 28: neural style. Gram matrices, the content and style costs, and a texture made from noise.

Neural style transfer (Gatys et al., 2015) paints a content image C in the
style of another image S. It never trains the network: it trains the
**pixels** of a generated image G, lowering a cost computed from the network's
feature maps, the (N, H, W, C) activations of a few of its layers.

**Content** is where things are: the feature maps themselves. The content
cost of one layer compares C's activations a_C with G's, a_G, value by value:

    J_content = sum((a_C - a_G)**2) / (4 * H * W * C)

For a_C = [[[[1, 2, 3], [4, 5, 6]]]] and a_G = [[[[1, 2, 3], [4, 5, 3]]]]
(N=1, H=1, W=2, C=3) one value differs, by 3: J_content = 9 / 24 = 0.375.

**Style** is which features appear *together*, wherever they are: the Gram
matrix. Flatten each image's feature map to F, an (H*W, C) matrix (one row
per position, one column per channel), and take

    G = F^T F / (H * W),   G[c, d] = mean over the positions of a[.., c] * a[.., d]

a (C, C) matrix per image, (N, C, C) for a batch. G[c, d] is large when
channels c and d fire at the same places. Where they fire is summed away:
that is why it measures style and not content. For one image of one row of
four positions (H=1, W=4) with channels (1, 2), (3, 4), (1, 0) and (1, 2):

    F = [[1, 2],     G = [[1+9+1+1, 2+12+0+2],   / 4  =  [[3, 4],
         [3, 4],          [2+12+0+2, 4+16+0+4]]            [4, 6]]
         [1, 0],
         [1, 2]]

Careful with the flattening: NHWC reshaped to (N, H*W, C) keeps the channels
as columns. A plain reshape to (N, C, H*W) does not move the channels first:
its rows mix positions and channels (transpose to NCHW first if you want that
layout).

The style cost of one layer compares the Gram matrices, and the style cost
adds the layers, each times its weight:

    J_layer = sum((gram(a_S) - gram(a_G))**2) / (4 * C**2)
    J_style = sum over the layers l of weights[l] * J_layer[l]

For the example above as a_S, a_G all zeros and a weight 0.5:
0.5 * (9 + 16 + 16 + 36) / (4 * 2**2) = 2.40625. (deeplearning.ai's course
writes the same J_layer as sum((S - G)**2) / (4 C**2 (H*W)**2) with Gram
matrices not divided by H*W: the same number.) Over a batch, the sums run over
every image too. Then the total cost is

    J = alpha * J_content + beta * J_style     (alpha = 10, beta = 40 by default)

**A texture.** With the style cost alone, starting from noise, the pixels
become a texture: the style image's statistics without its layout. Any
network's features will do, even a small one with **random, fixed filters**
(Ustyuzhaninov et al., 2016): no pretrained network is needed.

- ``texture_features(images, filters)``: x = images; for each kernel,
  x = relu(conv2d(x, kernel, stride 1, SAME)), and keep each layer's x; before
  every layer but the first, average-pool x 2x2 with stride 2 (VALID), so that
  each deeper layer sees larger patterns. ``tf.nn.conv2d``, ``tf.nn.relu``,
  ``tf.nn.avg_pool2d``.
- ``synthesize_texture(style_image, filters, steps, learning_rate, seed)``:
  the target features are ``texture_features(style_image[None], filters)``,
  once; the image starts as ``np.random.default_rng(seed).uniform(0, 1,
  (1, H, W, C))`` in a ``tf.Variable``; each step computes
  ``style_cost(targets, texture_features(image, filters), weights)`` (each
  layer weighted 1 / the number of layers) inside a ``tf.GradientTape``, takes
  its gradient with respect to the image, lets
  ``keras.optimizers.Adam(learning_rate)`` apply it, then clips the pixels to
  [0, 1]. A ``@tf.function`` around the step makes it several times faster.

Write every cost with TensorFlow's ops (``tf.einsum``, ``tf.reshape``,
``tf.linalg.matmul``, ``tf.reduce_sum``, ``tf.square``; ``keras.ops`` has them
too) and return the tensor: ``tf.GradientTape`` can then differentiate it.
NumPy's functions, ``.numpy()`` or ``float()`` would cut the gradient. Every
function takes NumPy arrays or tensors.

Checked against: TensorFlow (``tf.linalg.matmul``, ``tf.nn.conv2d``,
``tf.GradientTape``) on non-square feature maps, batches, several layers with
unequal weights, the examples above; the texture on a crop of scikit-learn's
flower photo, whose style cost must fall below 5% of the noise's in 100 steps,
and five steps from seed 1 that must give the image TensorFlow's own Adam gives
(pixels clipped to [0, 1] after every step).
Bad input: ValueError for features that are not 4-D, a_C and a_G of different
shapes, lists of layers and weights of different lengths, or steps below 1.
"""


def gram_matrix(features):
    """Returns the Gram matrices of a batch of feature maps, divided by H*W.

    Args:
        features (array or tensor): (N, H, W, C) activations.

    Returns:
        tf.Tensor: (N, C, C); [n, c, d] = sum over the positions of features[n, ..., c] * features[n, ..., d],
        divided by H * W. Example: features [[[[1, 2], [3, 4], [1, 0], [1, 2]]]] give [[[3, 4], [4, 6]]].
    """
    raise NotImplementedError


def content_cost(a_C, a_G):
    """Returns sum((a_C - a_G)**2) / (4 * H * W * C), a scalar tensor.

    Args:
        a_C (array or tensor): (N, H, W, C), the content image's activations.
        a_G (array or tensor): the generated image's, of the same shape.
    """
    raise NotImplementedError


def style_cost(style_features, generated_features, weights):
    """Returns the sum over layers of weights[l] * sum((gram(a_S) - gram(a_G))**2) / (4 * C**2), a scalar tensor.

    Args:
        style_features (list of arrays or list of tensors): one (N, H, W, C) feature map per layer, the style's.
        generated_features (list of arrays or list of tensors): the generated image's, layer by layer.
        weights (list of numbers): one weight per layer.
    """
    raise NotImplementedError


def total_cost(J_content, J_style, alpha=10, beta=40):
    """Returns alpha * J_content + beta * J_style.

    Args:
        J_content (float or tensor): the content cost.
        J_style (float or tensor): the style cost.
        alpha (float): the content cost's weight.
        beta (float): the style cost's weight.
    """
    raise NotImplementedError


def texture_features(images, filters):
    """Returns each layer's feature map of a fixed network: relu(conv2d(x, kernel, SAME)) for each kernel,
    x average-pooled 2x2 (stride 2, VALID) before every layer but the first.

    Args:
        images (array or tensor): (N, H, W, C) images.
        filters (list of arrays): the kernels, (KH, KW, C_in, C_out) each.

    Returns:
        list of tf.Tensor: one float32 (N, H_l, W_l, C_out) feature map per kernel.
    """
    raise NotImplementedError


def synthesize_texture(style_image, filters, steps=200, learning_rate=0.05, seed=0):
    """Returns an image with the style of ``style_image``, grown from noise by Adam on its pixels.

    Args:
        style_image (array): (H, W, C) floats in [0, 1].
        filters (list of arrays): the kernels of texture_features's network.
        steps (int): the Adam steps, at least 1.
        learning_rate (float): Adam's learning rate.
        seed (int): the seed of the starting noise.

    Returns:
        np.ndarray or tf.Tensor: the (H, W, C) float32 image, pixels in [0, 1].
    """
    raise NotImplementedError
