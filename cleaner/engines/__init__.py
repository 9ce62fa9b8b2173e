"""Execution engines: where the cleaning runs (this process, a local pool, later a cluster)."""

from .base import Engine, SerialEngine
from .local import LocalEngine, clamp_jobs, default_jobs

__all__ = ["Engine", "LocalEngine", "SerialEngine", "clamp_jobs", "default_jobs"]
