"""Pictures of what a network sees: filters, feature maps, curves, confusions, Grad-CAM."""

# The subplot options of a panel that shows a picture and no scale. Its ticks are hidden anyway;
# without any, matplotlib does not measure them when it crops a figure to its content
# (bbox_inches="tight"): the same PNG, saved in half the time (a ResNet's 19 feature-map figures).
NO_TICKS = {"xticks": [], "yticks": []}
