"""What is true of a wrong answer: the ``What differs:`` lines of a failed comparison.

A named cause (``Likely cause:``) needs someone to foresee the mistake. These detectors foresee
nothing: each compares the student's result with the expected one (and the case with the cases
seen before it) and says a fact only when the fact holds at the comparison's own tolerance:

- arithmetic: the answer negated, times a constant factor, plus a constant, transposed, reversed
  along some axes, rotated, or moved by a few places along an axis;
- what it equals: all zeros, one repeated value, an argument unchanged, the answer for other
  arguments (the ``alternatives`` a check offers), a part of the answer, the answer reshaped;
- where it is wrong: NaN or inf (where the first is), only at the edges, only away from them,
  only at some indices of an axis (some channels, some images of a batch), right up to a point;
- which cases fail: a rule over the case's parameters that is true of every case seen so far
  (:func:`case_rule`).

Each detector returns a sentence or None; :func:`differences` keeps the most telling few. Nothing
here knows an exercise: axes are numbered, arrays are only arrays.
"""

import itertools
import math
from fractions import Fraction

import numpy as np

MAX_LINES = 3  # "What differs:" lines after one failure
MAX_SIZE = 2_000_000  # values: above this, only the detectors that look at each value once
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


class Tolerance:
    """The comparison's own tolerance, as in ``np.allclose(actual, wanted, rtol, atol)``."""

    def __init__(self, rtol, atol):
        self.rtol, self.atol = rtol, atol

    def close(self, actual, wanted):
        if actual.shape != wanted.shape:
            return False
        if actual.size > 10_000:  # a few values first: most candidates differ at once, and big arrays are slow
            some = np.linspace(0, actual.size - 1, 512).astype(int)
            if not np.allclose(actual.flat[some], wanted.flat[some], rtol=self.rtol, atol=self.atol, equal_nan=True):
                return False
        return bool(np.allclose(actual, wanted, rtol=self.rtol, atol=self.atol, equal_nan=True))

    def wrong(self, actual, wanted):
        """Where ``actual`` is not ``wanted``: a boolean array."""
        return ~np.isclose(actual, wanted, rtol=self.rtol, atol=self.atol, equal_nan=True)

    def matches(self, actual, expected, candidate):
        """Whether ``candidate`` (the answer transformed) is what came back, and differs from the answer."""
        return self.close(actual, candidate) and not self.close(candidate, expected)


# --- Words ------------------------------------------------------------------------------------


def number(value):
    """A float in few digits, with its simple fraction where it is one: '0.5 (1/2)', '2', '-0.25 (-1/4)'."""
    value = float(value)
    if value == round(value) and abs(value) < 1e15:
        return str(int(value))
    shown = f"{value:.4g}"
    fraction = Fraction(value).limit_denominator(16)
    exact = math.isclose(float(fraction), value, rel_tol=1e-9, abs_tol=0.0)
    if fraction.denominator > 1 and float(shown) != value and exact:
        return f"{shown} ({fraction})"
    return shown


def listed(items, conjunction="and"):
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def indices(values, limit=6):
    values = sorted(int(v) for v in values)
    if len(values) > limit:
        return f"{', '.join(map(str, values[:limit]))} ... ({len(values)} in all)"
    return listed(values)


def axes_words(axes, ndim):
    """'axis 1', 'axes 1 and 2'; a 2-D array's are its rows (axis 0) and columns (axis 1)."""
    axes = sorted(axes)
    if ndim == 2:
        names = {0: "axis 0 (rows)", 1: "axis 1 (columns)"}
        return listed(names[axis] for axis in axes)
    return f"{'axis' if len(axes) == 1 else 'axes'} {listed(axes)}"


def at_indices(axis, values, ndim, size):
    """'index 0 and 6 along axis 1', or for a 2-D array 'rows 0 and 6'; a 1-D array's are just 'index 3'."""
    many = len(values) > 1
    if ndim == 1:
        return f"{'indices' if many else 'index'} {indices(values)}"
    if ndim == 2:
        word = ("row", "column")[axis]
        return f"{word}{'s' if many else ''} {indices(values)} (of {size})"
    return f"{'indices' if many else 'index'} {indices(values)} of the {size} along axis {axis}"


def subject(name):
    return f"your {name}" if name else "your result"


def ordinal(i):
    return ORDINALS[i] if i < len(ORDINALS) else f"#{i + 1}"


def index_text(index):
    return str(tuple(int(i) for i in index)) if len(index) != 1 else str(int(index[0]))


def slices_text(slices):
    return "[" + ", ".join(slices) + "]"


def slice_text(start, step, count, full):
    """The slice of ``count`` entries from ``start`` every ``step`` of an axis of ``full``, shortest: '1:6', '::2'."""
    stop = start + step * (count - 1) + 1
    text_start = "" if start == 0 else str(start)
    text_stop = "" if len(range(start, full, step)) == count else str(stop)
    text = f"{text_start}:{text_stop}" + (f":{step}" if step > 1 else "")
    return text


# --- Where it is wrong ------------------------------------------------------------------------


def nonfinite(actual, expected):
    """NaN or inf where the answer is a number: how many, and the first (row-major)."""
    parts = []
    finite_answer = np.isfinite(expected)
    for label, mask in (("NaN", np.isnan(actual) & finite_answer), ("inf", np.isinf(actual) & finite_answer)):
        count = int(np.sum(mask))
        if not count:
            continue
        if actual.ndim == 0:
            return f"your result is {label} where the answer is a number"
        first = index_text(np.unravel_index(int(np.argmax(mask.ravel())), mask.shape))
        if count == 1:
            parts.append(f"{label} at index {first}")
        else:
            parts.append(f"{label} at {count} of {actual.size} places, the first at index {first}")
    if not parts:
        return None
    return f"your result has {' and '.join(parts)}, where the answer is a number"


def spatial_axes(ndim):
    """The axes an image's rows and columns would be: NHWC's 1 and 2; a matrix's or (H, W, C)'s 0 and 1."""
    return {1: (0,), 2: (0, 1), 3: (0, 1), 4: (1, 2)}.get(ndim, ())


def edge_bands(wrong, axes):
    """The narrowest bands at the ends of ``axes`` (at most a third of each, 3 at most) that hold every
    wrong value: {axis: (first, last)}, or None. An axis of fewer than 3 has no inside to compare."""
    axes = [axis for axis in axes if wrong.shape[axis] >= 3]
    if not axes or not wrong.any():
        return None
    sizes = [wrong.shape[axis] for axis in axes]
    widths = [range(min(3, max(1, (size - 1) // 3)) + 1) for size in sizes]
    others = tuple(axis for axis in range(wrong.ndim) if axis not in axes)
    plane = wrong.any(axis=others) if others else wrong  # the axes in order, the rest folded away
    most = sum(2 * width[-1] * plane.size // size for width, size in zip(widths, sizes, strict=True))
    if plane.sum() > most:
        return None  # more wrong values than the widest bands hold
    where = np.nonzero(plane)
    best = None
    for choice in itertools.product(*(itertools.product(width, width) for width in widths)):
        total = sum(first + last for first, last in choice)
        if not total or (best is not None and total >= best[0]):
            continue
        if any(size - first - last < 2 for size, (first, last) in zip(sizes, choice, strict=True)):
            continue  # an inside of one row is no inside
        covered = np.zeros(len(where[0]), bool)
        for coordinates, size, (first, last) in zip(where, sizes, choice, strict=True):
            covered |= (coordinates < first) | (coordinates >= size - last)
        if covered.all():
            best = (total, choice)
    if best is None:
        return None
    return {axis: widths for axis, widths in zip(axes, best[1], strict=True) if widths != (0, 0)}


def wrong_at_edges(actual, expected, tol):
    """Every wrong value lies in the first or last few rows or columns (of an image's axes); the rest is right."""
    wrong = tol.wrong(actual, expected)
    if wrong.sum() < 2:
        return None
    bands = edge_bands(wrong, spatial_axes(actual.ndim))
    if not bands or (actual.ndim > 1 and sum(bool(width) for pair in bands.values() for width in pair) < 2):
        return None  # one side of one axis: wrong_at_some_indices says it
    if actual.ndim == 1:
        ends = [f"the {end} {count if count > 1 else ''}".rstrip()
                for end, count in zip(("first", "last"), bands[0], strict=True) if count]  # fmt: skip
        many = sum(bands[0]) > 1
        return f"only {listed(ends)} value{'s' if many else ''} {'are' if many else 'is'} wrong; the rest are right"
    places = {}  # the words for an axis's bands -> the axes they are true of
    for axis, (first, last) in bands.items():
        unit = ("row", "column")[axis] if actual.ndim == 2 else "index"
        units = f"{unit}s" if actual.ndim == 2 else "indices"
        if first == last:
            words = f"the first and last {unit if first == 1 else f'{first} {units}'}"
        else:
            words = listed(f"the {end} {unit if count == 1 else f'{count} {units}'}"
                           for end, count in (("first", first), ("last", last)) if count)  # fmt: skip
        places.setdefault(words, []).append(axis)
    if actual.ndim == 2:
        where = listed(places)
    else:
        where = listed(f"{words} along {axes_words(axes, actual.ndim)}" for words, axes in places.items())
    return f"only values at the edges are wrong ({where}); the rest are right"


def wrong_inside(actual, expected, tol):
    """Every value at the first or last index of an image's axes is right; the wrong ones are all inside."""
    wrong = tol.wrong(actual, expected)
    axes = [axis for axis in spatial_axes(actual.ndim) if actual.shape[axis] >= 3]
    if wrong.sum() < 2 or not axes or len(axes) < len(spatial_axes(actual.ndim)):
        return None  # an axis too short to have an inside: wrong_at_some_indices says what there is to say
    edge = np.zeros(actual.shape, bool)
    for axis in axes:
        index = [slice(None)] * actual.ndim
        for end in (0, -1):
            index[axis] = end
            edge[tuple(index)] = True
    if (wrong & edge).any():
        return None
    return (f"only values away from the edges are wrong: every value at the first or last index along "
            f"{axes_words(axes, actual.ndim)} is right")  # fmt: skip


def wrong_at_some_indices(actual, expected, tol, skip=()):
    """The wrong values all lie at some indices of an axis (some channels, some images of a batch), and fill
    most of the part of the array they are said to lie in: not a few values scattered over it."""
    wrong = tol.wrong(actual, expected)
    if wrong.sum() < 2:
        return None
    found = []
    for axis in range(actual.ndim):
        size = actual.shape[axis]
        if axis in skip or size < 2 or (actual.ndim > 1 and actual.size < 3 * size):
            continue  # fewer than 3 values at each index: which are wrong there may be chance
        others = tuple(other for other in range(actual.ndim) if other != axis)
        hit = np.flatnonzero(wrong.any(axis=others)) if others else np.flatnonzero(wrong)
        if len(hit) < size:
            found.append((len(hit) / size, axis, hit))
    found = sorted(found, key=lambda item: item[:2])[:2]
    while found:
        block = actual.size * math.prod(share for share, _, _ in found)
        if wrong.sum() >= 0.5 * block:
            break
        found.pop()
    if not found:
        return None
    if len(found) == 1 and len(found[0][2]) > actual.shape[found[0][1]] / 2:  # most indices: say the others
        _, axis, hit = found[0]
        right = at_indices(axis, sorted(set(range(actual.shape[axis])) - set(hit.tolist())), actual.ndim,
                           actual.shape[axis])  # fmt: skip
        if actual.ndim == 1:
            return f"only the values at {right} are right"
        return f"every value at {right} is right; the wrong ones lie at every other index of that axis"
    places = [at_indices(axis, hit, actual.ndim, actual.shape[axis]) for _, axis, hit in found]
    if actual.ndim == 1:
        return f"only the values at {places[0]} are wrong"
    rest = "every other index of that axis is" if len(places) == 1 else "the values elsewhere are"
    return f"the wrong values all lie at {listed(places)}; {rest} right"


def right_until(actual, expected, tol):
    """The first values (row-major) are right, and nearly all after them wrong: right up to a point."""
    wrong = tol.wrong(actual, expected).ravel()
    if not wrong.any():
        return None
    first = int(np.argmax(wrong))
    rest = wrong[first:]
    if first < 2 or rest.mean() < 0.9:
        return None
    index = np.unravel_index(first, actual.shape)
    return (f"the first {first} values (row-major) are right; from index {index_text(index)} on, "
            f"{int(rest.sum())} of the {len(rest)} are wrong")  # fmt: skip


# --- What it equals ---------------------------------------------------------------------------


def one_value(actual, expected, tol, name=None):
    """Every value the same (all zeros, say), where the answer's vary."""
    if actual.size < 2 or not np.isfinite(actual).all():
        return None
    value = float(actual.ravel()[0])
    if not tol.matches(actual, expected, np.full(actual.shape, value)):
        return None
    if tol.close(np.zeros(1), np.full(1, value)):
        return f"{subject(name)} is all zeros"
    if tol.close(expected, np.full(expected.shape, expected.ravel()[0])):
        return None  # the answer's are all the same too: how they differ says more
    return f"every value of {subject(name)} is the same: {number(value)}"


def equals_an_input(actual, expected, inputs, tol, name=None):
    """``inputs``: (words, array) pairs, the arguments of the call. The result is one of them, unchanged."""
    for words, value in inputs:
        value = np.asarray(value)
        if value.dtype.kind in "biuf" and value.shape == actual.shape:
            if tol.matches(actual, expected, value.astype(np.float64)):
                return f"{subject(name)} equals {words}, unchanged"
    return None


def shape_of_an_input(actual, inputs, name=None):
    """A result of the wrong shape that has the shape of an argument."""
    for words, value in inputs:
        if np.shape(value) == actual.shape and np.ndim(value) > 0:
            return f"{subject(name)} has the shape of {words}, {actual.shape}"
    return None


def equals_an_alternative(actual, expected, alternatives, tol, name=None):
    """``alternatives``: (words, array) pairs, the answers for other arguments. The result is one of them."""
    for words, value in alternatives:
        if value is not None and tol.matches(actual, expected, value):
            return f"{subject(name)} equals the answer with {words}"
    return None


def shape_of_an_alternative(actual, expected, alternatives, name=None):
    for words, value in alternatives:
        if value is not None and value.shape == actual.shape != expected.shape:
            return f"{subject(name)} has the shape of the answer with {words}, {actual.shape}"
    return None


def negated(actual, expected, tol, name=None):
    if tol.matches(actual, expected, -expected):
        return f"{subject(name)} is the answer negated: every value has the opposite sign"
    return None


def constant_factor(actual, expected, tol, name=None):
    """Every value the answer's times one factor (not 0, 1 or -1): for a gradient, the right direction."""
    if expected.size < 2 or not (np.isfinite(actual).all() and np.isfinite(expected).all()):
        return None
    scale = float(np.sum(expected * expected))
    if scale == 0 or not np.isfinite(scale):
        return None
    factor = float(np.sum(actual * expected)) / scale
    if not np.isfinite(factor) or abs(factor) < 1e-12:
        return None
    simple = Fraction(factor).limit_denominator(16)
    if simple and tol.close(actual, float(simple) * expected):
        factor = float(simple)
    if factor == -1 or not tol.matches(actual, expected, factor * expected):
        return None
    if name and name.startswith("grad"):
        way = "the right direction" if factor > 0 else "the opposite direction"
        return f"{subject(name)} points in {way}, but every value is {number(factor)} times the expected one"
    return f"every value of {subject(name)} is the answer's times {number(factor)}"


def constant_offset(actual, expected, tol, name=None):
    if expected.size < 2 or not (np.isfinite(actual).all() and np.isfinite(expected).all()):
        return None
    offset = float(np.median(actual - expected))
    if not tol.matches(actual, expected, expected + offset):
        return None
    sign = "plus" if offset > 0 else "minus"
    return f"every value of {subject(name)} is the answer's {sign} {number(abs(offset))}"


def axes_permuted(actual, expected, tol, name=None):
    """The answer transposed: its axes in another order (also when that gives another shape)."""
    if not 2 <= expected.ndim <= 5 or actual.ndim != expected.ndim:
        return None
    identity = tuple(range(expected.ndim))
    for order in itertools.permutations(identity):
        if order == identity or expected.shape[order[0]] == 0:
            continue
        moved = np.transpose(expected, order)
        if moved.shape == actual.shape and tol.matches(actual, expected, moved):
            swapped = [axis for axis in identity if order[axis] != axis]
            if expected.ndim == 2:
                return f"{subject(name)} is the answer transposed: its rows are the answer's columns"
            if len(swapped) == 2:
                return f"{subject(name)} is the answer with axes {swapped[0]} and {swapped[1]} swapped"
            return f"{subject(name)} is the answer with its axes reordered: np.transpose(answer, {order}) equals it"
    return None


def flipped(actual, expected, tol, name=None):
    """The answer reversed along some axes (the fewest that explain it)."""
    if actual.shape != expected.shape or not 1 <= expected.ndim <= 5:
        return None
    axes = [axis for axis in range(expected.ndim) if expected.shape[axis] > 1]
    for count in range(1, len(axes) + 1):
        for chosen in itertools.combinations(axes, count):
            if tol.matches(actual, expected, np.flip(expected, chosen)):
                if expected.ndim == 1:
                    return f"{subject(name)} is the answer reversed: its last value first"
                return f"{subject(name)} is the answer reversed along {axes_words(chosen, expected.ndim)}"
    return None


def rotated(actual, expected, tol, name=None):
    """The answer turned a quarter turn in the plane of an image's axes."""
    plane = spatial_axes(expected.ndim)
    if len(plane) != 2 or actual.ndim != expected.ndim:
        return None
    for turns in (1, 3):
        turned = np.rot90(expected, turns, axes=plane)
        if turned.shape == actual.shape and tol.matches(actual, expected, turned):
            way = "anticlockwise" if turns == 1 else "clockwise"
            return (f"{subject(name)} is the answer turned a quarter turn {way} in the plane of "
                    f"{axes_words(plane, expected.ndim)}: np.rot90(answer, {turns}, axes={plane}) "
                    "equals it")  # fmt: skip
    return None


def overlap(shape, shifts):
    """The slices where an array moved by ``shifts`` ({axis: k}) and the array itself meet: (target, source),
    with moved[target] = array[source]."""
    target, source = [slice(None)] * len(shape), [slice(None)] * len(shape)
    for axis, k in shifts.items():
        size = shape[axis]
        target[axis] = slice(k, size) if k > 0 else slice(0, size + k)
        source[axis] = slice(0, size - k) if k > 0 else slice(-k, size)
    return tuple(target), tuple(source)


def moved(array, shifts):
    """``array`` moved by ``shifts`` ({axis: k}): result[i] = array[i - k] along each axis; NaN where that
    is outside ``array``."""
    result = np.full(array.shape, np.nan)
    target, source = overlap(array.shape, shifts)
    result[target] = array[source]
    return result


def shifted(actual, expected, tol, name=None):
    """The answer moved by a few places along one axis (or along an image's two): right where both exist."""
    if actual.shape != expected.shape or not 1 <= expected.ndim <= 5 or expected.size > MAX_SIZE:
        return None
    candidates = [{axis: k} for axis in range(expected.ndim) for k in (1, -1, 2, -2, 3, -3)]
    plane = [axis for axis in spatial_axes(expected.ndim) if expected.shape[axis] >= 3]
    if len(plane) == 2:
        candidates += [dict(zip(plane, ks, strict=True)) for ks in itertools.product((1, -1, 2, -2), repeat=2)]
    for shifts in candidates:
        if any(expected.shape[axis] < max(3, 2 * abs(k) + 1) for axis, k in shifts.items()):
            continue  # the values that overlap must be most of the axis
        target, source = overlap(expected.shape, shifts)
        if not tol.close(actual[target], expected[source]) or tol.close(expected[target], expected[source]):
            continue
        steps = [f"{abs(k)} {'earlier' if k > 0 else 'later'} along axis {axis}" for axis, k in shifts.items()]
        return (f"{subject(name)} is the answer moved: each value equals the answer's "
                f"{listed(steps)}, wherever that exists")  # fmt: skip
    return None


def rearranged(actual, expected, tol, name=None):
    """The right values in the wrong shape: axes of length 1 missing or extra, or another shape of the same size."""
    if actual.shape == expected.shape or actual.size != expected.size or actual.size < 2:
        return None
    if not tol.close(actual.reshape(expected.shape), expected):
        return None
    if tuple(n for n in actual.shape if n != 1) == tuple(n for n in expected.shape if n != 1):
        if actual.ndim < expected.ndim:
            return (f"{subject(name)} has the answer's values, but not its axes of length 1: "
                    f"shape {actual.shape}, not {expected.shape}")  # fmt: skip
        return f"{subject(name)} has the answer's values, with extra axes of length 1: shape {actual.shape}"
    return (f"{subject(name)} has the answer's values in row-major order, but in shape {actual.shape} "
            f"instead of {expected.shape}")  # fmt: skip


def part_of(actual, expected, tol, name=None):
    """One array is a regular part of the other (a crop, every k-th value): shapes differ, values agree."""
    if actual.ndim != expected.ndim or actual.shape == expected.shape or min(actual.size, expected.size) < 2:
        return None
    if all(a >= e for a, e in zip(actual.shape, expected.shape, strict=True)):
        found = inside(actual, expected, tol)
        if found:
            return f"the answer is a part of {subject(name)}: {subject(name)}{found[1]} equals it"
    if all(a <= e for a, e in zip(actual.shape, expected.shape, strict=True)):
        found = inside(expected, actual, tol)
        if found and not tol.close(actual, np.zeros(actual.shape)):
            return f"{subject(name)} is a part of the answer: it equals the answer{found[1]}"
    return None


def inside(big, small, tol):
    """Where ``big`` holds ``small``, a start and a step (1 to 4) per axis: (the index, its text), or None."""
    options = []
    for full, count in zip(big.shape, small.shape, strict=True):
        if full == count:
            options.append([(0, 1)])
        else:
            options.append([(start, step) for step in range(1, 5) for start in range(full)
                            if start + step * (count - 1) < full])  # fmt: skip
    tries = math.prod(len(option) for option in options)
    if not all(options) or tries > 5000 or tries * small.size > 50_000_000:
        return None  # too many places to look: say nothing rather than keep the student waiting
    for choice in sorted(itertools.product(*options), key=lambda c: (sum(s for _, s in c), sum(o for o, _ in c))):
        index = tuple(slice(start, start + step * (count - 1) + 1, step)
                      for (start, step), count in zip(choice, small.shape, strict=True))  # fmt: skip
        if tol.close(small, big[index]):
            texts = [slice_text(start, step, count, full)
                     for (start, step), count, full in zip(choice, small.shape, big.shape, strict=True)]  # fmt: skip
            return index, slices_text(texts)
    return None


# --- All of them --------------------------------------------------------------------------------


def differences(actual, expected, rtol, atol, name=None, inputs=(), alternatives=(), rule=None):
    """The "What differs" sentences for ``actual`` against ``expected``, most telling first, at most MAX_LINES.

    Args:
        actual, expected: the two arrays (any shapes).
        rtol, atol: the comparison's tolerance.
        name: what the result is called ("grad_input"), or None for "your result".
        inputs: (words, array) pairs: the arguments of the call ("the first argument of relu").
        alternatives: (words, array) pairs: the answers for other arguments ("padding VALID").
        rule: a sentence about the cases seen (from :func:`case_rule`), or None.
    """
    tol = Tolerance(rtol, atol)
    actual, expected = np.asarray(actual, np.float64), np.asarray(expected, np.float64)
    facts = []
    if actual.shape == expected.shape:
        small = actual.size <= MAX_SIZE
        whole = [
            lambda: one_value(actual, expected, tol, name),
            lambda: equals_an_input(actual, expected, inputs, tol, name),
            lambda: equals_an_alternative(actual, expected, alternatives, tol, name),
            lambda: negated(actual, expected, tol, name),
            lambda: None if negated(actual, expected, tol) else constant_factor(actual, expected, tol, name),
            lambda: None if negated(actual, expected, tol) or constant_factor(actual, expected, tol)
            else constant_offset(actual, expected, tol, name),
            *((lambda: axes_permuted(actual, expected, tol, name),
               lambda: flipped(actual, expected, tol, name),
               lambda: rotated(actual, expected, tol, name),
               lambda: shifted(actual, expected, tol, name)) if small else ()),
        ]  # fmt: skip
        facts = [fact for fact in (detector() for detector in whole) if fact][:2]
        first = nonfinite(actual, expected)
        if not facts:
            edges = wrong_at_edges(actual, expected, tol)
            inner = None if edges else wrong_inside(actual, expected, tol)
            skip = spatial_axes(actual.ndim) if edges else ()
            some = wrong_at_some_indices(actual, expected, tol, skip)
            until = None if edges or inner or some else right_until(actual, expected, tol)
            facts = [fact for fact in (first, edges or inner, some or until) if fact][:2]
        elif first:
            facts.insert(0, first)
    else:
        shaped = [
            lambda: equals_an_alternative(actual, expected, alternatives, tol, name),
            lambda: rearranged(actual, expected, tol, name),
            lambda: axes_permuted(actual, expected, tol, name),
            lambda: rotated(actual, expected, tol, name),
            lambda: part_of(actual, expected, tol, name),
        ]
        facts = [fact for fact in (detector() for detector in shaped) if fact][:2]
        if not facts:  # weaker: the shape alone
            shape = shape_of_an_alternative(actual, expected, alternatives, name)
            shape = shape or shape_of_an_input(actual, inputs, name)
            facts = [shape] if shape else []
    if rule:
        facts = facts[: MAX_LINES - 1] + [rule]
    return facts[:MAX_LINES]


# --- Which cases fail -------------------------------------------------------------------------


class Listed(tuple):
    """A list among a case's parameters, frozen: data (a signal's values), not a shape or a pair."""

    __slots__ = ()


def freeze(value):
    """A case parameter as a hashable value: a tuple stays a tuple (a shape, a pair), a list or an array
    becomes :class:`Listed`, a dict its sorted pairs."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, list):
        return Listed(freeze(item) for item in value)
    if isinstance(value, tuple):
        return tuple(freeze(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), freeze(item)) for key, item in value.items()))
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_pair(value):
    """Two numbers, as a kernel size or a stride may be given: (2, 3)."""
    return type(value) is tuple and len(value) == 2 and all(is_number(item) for item in value)


def is_ints(value):
    """A tuple of whole numbers: a shape, or a pair such as a stride."""
    return type(value) is tuple and len(value) >= 1 and all(type(item) is int for item in value)


def magnitude(value):
    """A number, or the larger of a pair's: what 'strides above 1' compares. None for anything else."""
    if is_number(value):
        return value
    if is_pair(value):
        return max(value)
    return None


def kind_of(value):
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, str):
        return "text"
    if is_number(value):
        return "a number"
    if isinstance(value, Listed):
        return "a list"
    if is_pair(value):
        return "a pair"
    return "a tuple"


def shown(value):
    if isinstance(value, str):
        return value if value else "''"
    if isinstance(value, Listed):
        return str(list(value)).replace("'", "")
    return str(value)


def either(values, label):
    values = sorted({shown(value) for value in values}, key=lambda text: (len(text), text))
    return f"{label} {listed(values, 'or')}" if len(values) <= 4 else f"a different {label}"


class Feature:
    """A fact a case may have: ``words`` where it holds, ``otherwise`` where not, ``rank`` (lower is plainer)."""

    def __init__(self, rank, words, otherwise, test):
        self.rank, self.words, self.otherwise, self.test = rank, words, otherwise, test

    def holds(self, value):
        try:
            return bool(self.test(value))
        except (TypeError, IndexError, ValueError):
            return False


def features(name, value, passed, failed=()):
    """The facts about parameter ``name`` that the failing case (``value``) has, given the values of the
    cases that passed and failed so far: a threshold is drawn between them, and named in their terms."""
    label = name.replace("_", " ")
    kind = kind_of(value)
    values = [*passed, *failed, value]
    found = []
    if len({kind_of(v) for v in values}) > 1:
        found.append(Feature(1, f"{label} given as {kind}", f"{label} given otherwise",
                             lambda v, kind=kind: kind_of(v) == kind))  # fmt: skip
    entries = all(type(v) is tuple for v in values)  # a shape, or a pair always given as one: its entries
    if kind in ("None", "True or False", "text"):
        found.append(Feature(0, f"{label} {shown(value)}", either(passed, label), lambda v, value=value: v == value))
    elif magnitude(value) is not None and not entries:  # a number, or a pair where a number may stand
        found.append(Feature(1, f"{label} {shown(value)}", either(passed, label), lambda v, value=value: v == value))
        if all(magnitude(v) is not None for v in values):
            axes = "" if all(is_number(v) for v in values) else " on either axis"
            low = max(magnitude(v) for v in passed)
            high = min(magnitude(v) for v in passed)
            if all(magnitude(v) > low for v in (value, *failed)):
                otherwise = either(passed, label) if len(set(passed)) <= 4 else f"{label} of {shown(low)} or less"
                found.append(Feature(0, f"{label} above {shown(low)}{axes}", otherwise,
                                     lambda v, t=low: magnitude(v) > t))  # fmt: skip
            if all(magnitude(v) < high for v in (value, *failed)):
                otherwise = either(passed, label) if len(set(passed)) <= 4 else f"{label} of {shown(high)} or more"
                found.append(Feature(0, f"{label} below {shown(high)}{axes}", otherwise,
                                     lambda v, t=high: magnitude(v) < t))  # fmt: skip
        if any(is_pair(v) for v in values):
            uneven = lambda v: is_pair(v) and v[0] != v[1]  # noqa: E731
            if uneven(value):
                found.append(Feature(2, f"a non-square {label} (two different numbers)", f"a square {label}", uneven))
            else:
                found.append(Feature(2, f"a square {label}", f"a non-square {label}", lambda v: not uneven(v)))
    elif entries and is_ints(value):
        if len(value) <= 2:
            equal = lambda v, value=value: v == value  # noqa: E731
            found.append(Feature(1, f"{label} {shown(value)}", either(passed, label), equal))
        for i, size in enumerate(value):
            more = size > 1
            found.append(Feature(3, f"{label}[{i}] {'above 1' if more else 'of 1'}",
                                 f"{label}[{i}] {'of 1' if more else 'above 1'}",
                                 lambda v, i=i, more=more: (v[i] > 1) == more))  # fmt: skip
        for i in range(len(value) - 1):
            same = value[i] == value[i + 1]
            pair = f"{label}[{i}] and {label}[{i + 1}]"
            found.append(Feature(3, f"{pair} {'equal' if same else 'different'}",
                                 f"{pair} {'different' if same else 'equal'}",
                                 lambda v, i=i, same=same: (v[i] == v[i + 1]) == same))  # fmt: skip
    elif isinstance(value, Listed) and all(isinstance(v, Listed) for v in passed):
        low, high = max(len(v) for v in passed), min(len(v) for v in passed)
        if all(len(v) > low for v in (value, *failed)):
            found.append(Feature(3, f"{label} longer than {low}", f"{label} of length {low} or less",
                                 lambda v, t=low: isinstance(v, Listed) and len(v) > t))  # fmt: skip
        if all(len(v) < high for v in (value, *failed)):
            found.append(Feature(3, f"{label} shorter than {high}", f"{label} of length {high} or more",
                                 lambda v, t=high: isinstance(v, Listed) and len(v) < t))  # fmt: skip
    return found


def case_rule(current, seen):
    """A fact about which cases fail, true of every case seen so far, or None.

    Args:
        current: the failing case's parameters, {name: value} (frozen, see :func:`freeze`).
        seen: {frozen parameters: set of outcomes (True for passed, False for failed)}, the current case included.
    """
    passed = [dict(case) for case, outcomes in seen.items() if outcomes == {True}]
    failed = [dict(case) for case, outcomes in seen.items() if outcomes == {False}]
    if not passed or not failed or any(True in outcomes and False in outcomes for outcomes in seen.values()):
        return None  # no pass to compare with, or a case that both passed and failed: its parameters don't decide
    names = [name for name in current if all(name in case for case in passed + failed)]
    best = []
    for name in names:
        others = [case[name] for case in failed if case != current]
        found = features(name, current[name], [case[name] for case in passed], others)
        separating = [feature for feature in found
                      if all(feature.holds(case[name]) for case in failed)
                      and not any(feature.holds(case[name]) for case in passed)]  # fmt: skip
        if separating:
            best.append(min(separating, key=lambda feature: feature.rank))
    if not best or len(best) > 3:
        return None  # nothing, or too many things at once, tells this case from the ones that passed
    best.sort(key=lambda feature: feature.rank)
    what = listed([feature.words for feature in best])
    n_pass, n_fail = len(passed), len(failed)
    cases = "case" if n_pass == 1 else "cases"
    if n_fail == 1:
        if len(best) == 1:
            return (f"this is the first case seen with {what}; the {n_pass} {cases} that passed so far "
                    f"{'all had' if n_pass > 1 else 'had'} {best[0].otherwise}")  # fmt: skip
        return (f"this is the first case seen with {listed(f.words for f in best)}; the {n_pass} {cases} "
                f"that passed so far had none of these")  # fmt: skip
    if len(best) == 1:
        return (f"so far every case with {what} fails ({n_fail} of them), and every case with "
                f"{best[0].otherwise} passes ({n_pass})")  # fmt: skip
    also = "; and also exactly the ones with ".join(feature.words for feature in best)
    return f"so far the {n_fail} failing cases are exactly the ones with {also}; the other {n_pass} pass"
