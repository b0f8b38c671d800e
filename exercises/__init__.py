"""CNN exercises: implement each stub, check it against TensorFlow with ``pytest exercises``."""
