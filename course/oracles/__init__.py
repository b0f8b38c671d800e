"""The oracles: what TensorFlow and Keras say each exercise should give, and the mistakes that give something else."""
