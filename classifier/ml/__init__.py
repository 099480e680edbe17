"""The genre model's pure core: scaler, splits, metrics, training and the runtime.

Nothing here imports Django. Only ``classifier.ml.training`` imports TensorFlow, and
only inside its functions; everything a web worker needs (``classifier.ml.predictor``)
runs on NumPy alone.
"""
