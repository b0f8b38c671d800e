"""What differs: your grad_logits is the answer negated: every value has the opposite sign

No named cause foresees this mistake: the line says what is true of the result."""

from solutions.ex18_loss import softmax_cross_entropy as solved


def softmax_cross_entropy(logits, labels):
    loss, grad = solved(logits, labels)
    return loss, -grad  # one_hot - softmax: the gradient of the log-likelihood, not of the loss
