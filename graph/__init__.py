"""chainkg: knowledge graphs of industrial-chain party-building alliances from Chinese news."""

from .api import KnowledgeGraph, load

__all__ = ["KnowledgeGraph", "load", "__version__"]
__version__ = "0.1.0"
