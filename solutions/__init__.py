"""Reference solutions to the exercises, in NumPy, one module per exercise."""
