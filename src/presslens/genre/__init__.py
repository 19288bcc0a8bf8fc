"""Article-level genre (opinion / reporting / satire) and framing (14 frames) classifiers.

Linear models over TF-IDF word uni- and bigrams, trained with scikit-learn
on SemEval-2023 Task 3 English (subtasks 1 and 2) and shipped as plain
arrays (``.npz`` without pickle, plus a JSON manifest with SHA-256 sums), so
inference needs only numpy. See ``MODEL_CARD.md`` next to the weights.
"""
