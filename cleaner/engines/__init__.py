"""Execution engines: where the cleaning runs (this process, a local pool, later a cluster)."""

from .base import Engine, SerialEngine
from .local import LocalEngine, default_jobs

__all__ = ["Engine", "LocalEngine", "SerialEngine", "default_jobs"]
