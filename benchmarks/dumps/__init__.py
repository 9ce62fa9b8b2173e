"""Realistic scraped text dumps for benchmarking ``cleaner.clean_text``.

Real article bodies (``bodies``) wrapped in chrome written for this benchmark (``pools``:
``pools-dev.txt`` and ``pools-heldout.txt``), assembled by ``generate`` with every inserted line
labelled by its class, and scored by ``score``. Every pool and the bodies are split into
disjoint ``dev`` / ``heldout`` halves by a fixed hash, so rules tuned on ``dev`` can be judged on
wordings they never saw.
"""
