"""Pictures of what a network sees: filters, feature maps, curves, confusions, Grad-CAM."""
