"""Built-in analyzers; each module registers itself with ``@analyzer``."""
