"""Building the training set: tracks, tags, genres, feature vectors, feedback."""
