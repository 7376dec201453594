"""chainkg: knowledge graphs of industrial-chain party-building alliances from Chinese news."""

__all__ = ["KnowledgeGraph", "load", "__version__"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # the Python API (and rdflib behind it) is imported on first use, not by every build
    # worker that imports graph.extract
    if name in ("KnowledgeGraph", "load"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
