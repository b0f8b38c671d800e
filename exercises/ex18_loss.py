"""Exercise 18: softmax cross-entropy with integer labels, and its gradient.

A classifier's last dense layer gives one score per class, the *logits*
(N, K). Softmax (exercise 6) turns them into probabilities, and training
lowers the cross-entropy: minus the log of the probability given to the
right class, averaged over the batch. With integer labels (class indices of
shape (N,), as in ``keras.losses.SparseCategoricalCrossentropy``):

    loss = mean over n of  -log(softmax(logits[n])[labels[n]])

**Stable.** Never take log(softmax(z)) as log(exp(z) / sum(exp(z))): for
logits around 1000, exp overflows to inf and the loss becomes NaN. Work with
log-probabilities, shifted by each row's maximum m:

    log_softmax(z) = z - m - log(sum(exp(z - m)))

The largest term of the sum is exp(0) = 1, so nothing overflows, and the
result is exact: shifting every logit by the same amount changes no
probability.

**The gradient** of the mean loss with respect to the logits is remarkably
simple: the probabilities minus the one-hot labels, divided by the batch
size N (the mean divides every example's loss by N):

    grad_logits = (softmax(logits) - one_hot(labels)) / N

Worked example, by hand: logits [[0, 0, 0, 0], [ln 3, 0, 0, 0]], labels
[1, 0]. Row 0: four equal probabilities 1/4, loss ln 4. Row 1: exp gives
[3, 1, 1, 1], probabilities [1/2, 1/6, 1/6, 1/6], loss ln 2. The mean loss
is (ln 4 + ln 2) / 2 = 1.5 ln 2 = 1.0397, and grad_logits =
[[1/4, -3/4, 1/4, 1/4], [-1/2, 1/6, 1/6, 1/6]] / 2.

``softmax_cross_entropy(logits, labels)`` returns ``(mean_loss,
grad_logits)``: a float and an (N, K) array.

Checked against: ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``
in float64 and ``tf.GradientTape`` through it, including logits around
+-1000.
Bad input: ValueError for logits that are not 2-D, labels that are not N
integers (one-hot rows, for instance), or a label outside 0..K-1.
"""


def softmax_cross_entropy(logits, labels):
    """Returns (mean_loss, grad_logits) for integer class labels.

    Args:
        logits (array): (N, K).
        labels (array): N ints, each a class from 0 to K - 1.
    """
    raise NotImplementedError
