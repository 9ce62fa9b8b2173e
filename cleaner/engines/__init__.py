"""Execution engines: where the cleaning runs (this process, a local pool, later a cluster)."""

from .base import Engine, SerialEngine
from .local import LocalEngine, clamp_jobs, default_jobs


def __getattr__(name: str) -> object:
    """``DaskEngine`` on demand: importing dask costs a second and needs the extra."""
    if name == "DaskEngine":
        from .dask import DaskEngine

        return DaskEngine
    raise AttributeError(name)


__all__ = ["DaskEngine", "Engine", "LocalEngine", "SerialEngine", "clamp_jobs", "default_jobs"]
