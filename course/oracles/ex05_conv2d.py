"""Exercise 5, conv2d like tf.nn.conv2d: the known mistakes of a convolution.

The answer is :func:`course.oracles.common.conv2d`; exercise 11 runs these checks on its
conv2d_im2col too.
"""

from course.oracles.common import FLIPPED, conv2d, same_as_explicit, same_rule_mistakes, stride_mistakes


def conv2d_mistakes(x, filters, strides=1, padding="VALID", dilations=1):
    kh, kw, c_in, c_out = filters.shape
    run = lambda f=filters, s=strides, p=padding, d=dilations: conv2d(x, f, s, p, d)  # noqa: E731
    mistakes = [
        *stride_mistakes(lambda s: run(s=s), strides),
        (FLIPPED, lambda: run(f=filters[::-1, ::-1])),
        ("the kernel's dilation was ignored: its taps must be `dilation` pixels apart.", lambda: run(d=1)),
        ("only input channel 0 was used. Each output sums window x filter over height, width "
         "and every input channel.", lambda: conv2d(x[..., :1], filters[:, :, :1], strides, padding, dilations)),
        ("the filters were read as (KH, KW, C_out, C_in). tf.nn.conv2d's filters are HWIO: "
         "(height, width, in_channels, out_channels).",
         lambda: run(f=filters.transpose(0, 1, 3, 2)) if c_in == c_out else None),
        ("the windows were flattened in (C, KH, KW) order but the filters in (KH, KW, C) order "
         "(or the other way round): flatten both the same way, as a row-major reshape of (KH, KW, C) does.",
         lambda: run(f=filters.transpose(2, 0, 1, 3).reshape(kh, kw, c_in, c_out))),
        ("the windows were flattened in (C, KH, KW) order but the filters in (KH, KW, C) order "
         "(or the other way round): flatten both the same way, as a row-major reshape of (KH, KW, C) does.",
         lambda: run(f=filters.reshape(c_in, kh, kw, c_out).transpose(1, 2, 0, 3))),
    ]  # fmt: skip
    if padding == "SAME":
        # SAME's pads depend on the stride too: a mistake may pad for the right stride, then slide wrongly.
        pads = same_as_explicit(x.shape, (kh, kw), strides, dilations)
        mistakes += stride_mistakes(lambda s: run(s=s, p=pads), strides)
        mistakes += same_rule_mistakes(lambda pads: run(p=pads), x.shape, (kh, kw), strides, dilations)
    elif not isinstance(padding, str):
        rows = [list(row) for row in padding]
        mistakes += [
            ("the explicit padding was read from the wrong rows: it is [[0, 0], [top, bottom], "
             "[left, right], [0, 0]], so height's pads are row 1 and width's row 2.",
             lambda pads=pads: run(p=pads))
            for pads in ([[0, 0], rows[0], rows[1], [0, 0]], [[0, 0], rows[2], rows[1], [0, 0]])
        ]  # fmt: skip
    return mistakes
