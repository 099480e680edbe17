"""The genre model's pure core: scaler, splits, metrics, training, calibration, runtime.

Nothing here imports Django. Only ``classifier.ml.training`` imports TensorFlow, and
only inside its functions; scikit-learn is imported by the training side alone
(``splits``, ``metrics``, ``training``). Everything a web worker or ``list_models``
needs (``predictor``, ``calibration``, ``reports``) runs on NumPy alone.
"""
