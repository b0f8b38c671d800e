"""Exercise 19: one update step of SGD with momentum, RMSprop and Adam, exactly as Keras takes it.

Backpropagation gives each weight its gradient; an optimizer turns the
gradient into a step. Each function here takes a weight array ``w``, its
gradient ``grad`` and the optimizer's own state for that weight, and returns
the new weight and the new state. All state starts at zeros. The formulas
are Keras 3's, read from its source and checked against its optimizers:

**SGD with momentum** (``keras.optimizers.SGD``). The velocity is a running
sum of past steps; Keras keeps the learning rate and the minus sign inside it:

    velocity = momentum * velocity - learning_rate * grad
    w        = w + velocity

With ``nesterov=True`` the step looks ahead along the new velocity:
``w + momentum * velocity - learning_rate * grad``. (PyTorch keeps
velocity = momentum * velocity + grad and steps w - learning_rate * velocity:
the weights move the same way, but the velocity is not Keras's.)
Worked example, by hand: w = 1, grad = 0.5 twice, learning rate 0.01,
momentum 0.9: velocity -0.005, w 0.995; then velocity 0.9 * -0.005 - 0.005 =
-0.0095, w 0.9855.

**RMSprop** (``keras.optimizers.RMSprop``). Each weight's step is divided by
a running root-mean-square of its gradients, so steep and flat directions
move at similar speeds:

    mean_square = rho * mean_square + (1 - rho) * grad**2
    w           = w - learning_rate * grad / sqrt(mean_square + epsilon)

Epsilon is **inside** the square root in Keras's RMSprop. And Keras's RMSprop
is not centred (``centered=False`` by default): it divides by the root of the
raw mean square, not of the variance mean_square - mean(grad)**2.
Worked example: w = 1, grad = 0.5, defaults: mean_square = 0.1 * 0.25 =
0.025; w = 1 - 0.001 * 0.5 / sqrt(0.025 + 1e-7) = 0.99684.

**Adam** (``keras.optimizers.Adam``): momentum and RMSprop together. m and v
are running means of the gradient and of its square; since they start at 0,
they are too small at first, and Adam corrects for it. Keras folds the
correction into the step size, with ``t`` the 1-based step number:

    m         = beta_1 * m + (1 - beta_1) * grad
    v         = beta_2 * v + (1 - beta_2) * grad**2
    step_size = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)
    w         = w - step_size * m / (sqrt(v) + epsilon)

Epsilon is **outside** the square root here, added to sqrt(v) itself. (The
Adam paper's Algorithm 1 adds it to the square root of the corrected
v / (1 - beta_2**t) instead; with small gradients the two differ, and the
checks follow Keras.) Worked example: w = 1, grad = 0.5, t = 1, defaults:
m = 0.05, v = 0.00025, step_size = 0.001 * sqrt(0.001) / 0.1 = 0.000316;
w = 1 - 0.000316 * 0.05 / (0.0158114 + 1e-7) = 0.99900001. The first step
moves every weight by almost exactly the learning rate, whatever the
gradient's size. (Keras computes its step size with beta_1 and beta_2 rounded
to float32, which moves the step by about 1e-5 of itself; the checks allow
for that, and your float64 formula is the exact one.)

The default arguments are Keras's defaults (except SGD's momentum, 0 in Keras).

Checked against: ``keras.optimizers.SGD``, ``RMSprop`` and ``Adam`` applied
to a float64 ``keras.Variable``, ten steps on the same gradients, each step
compared; among them tiny gradients and exact zeros, where epsilon's place
matters.
Bad input: ValueError for a grad or a state of another shape than w, or a
``t`` below 1.
"""


def sgd_momentum(w, grad, velocity, learning_rate=0.01, momentum=0.9, nesterov=False):
    """Returns (new_w, new_velocity).

    Args:
        w (array): the weights.
        grad (array): their gradient, of w's shape.
        velocity (array): of w's shape; zeros at first.
        learning_rate (float): the step's scale.
        momentum (float): the share of the velocity kept.
        nesterov (bool): whether to look ahead.
    """
    raise NotImplementedError


def rmsprop(w, grad, mean_square, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    """Returns (new_w, new_mean_square).

    Args:
        w (array): the weights.
        grad (array): their gradient, of w's shape.
        mean_square (array): of w's shape; zeros at first.
        learning_rate (float): the step's scale.
        rho (float): the share of the mean square kept.
        epsilon (float): inside the square root.
    """
    raise NotImplementedError


def adam(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Returns (new_w, new_m, new_v) after step t (1-based).

    Args:
        w (array): the weights.
        grad (array): their gradient, of w's shape.
        m (array): of w's shape; zeros at first.
        v (array): of w's shape; zeros at first.
        t (int): the step's number, from 1.
        learning_rate (float): the step's scale.
        beta_1 (float): the share of m kept.
        beta_2 (float): the share of v kept.
        epsilon (float): added to sqrt(v).
    """
    raise NotImplementedError
