"""Learned models: block features, a numpy tree-ensemble evaluator, the shipped model files.

Trained by ``benchmarks/train_lines.py`` from the development sets (seeded, reproducible);
used by the ``line_model`` rule (:mod:`cleaner.rules.linemodel`).
"""
