"""Where the research data lives: an option, else ``PRESSLENS_DATA``, else ``../shared/data``.

The data sets are copyrighted news with research annotations: presslens reads
them in place and never copies them into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError

__all__ = ["data_root", "dataset_dir"]


def data_root(option: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``ptc2020/``, ``semeval2023-en/`` and ``polnear/``."""
    if option:
        return Path(option)
    if os.environ.get("PRESSLENS_DATA"):
        return Path(os.environ["PRESSLENS_DATA"])
    return Path.cwd().parent / "shared" / "data"


def dataset_dir(name: str, option: str | os.PathLike[str] | None = None) -> Path:
    """``<root>/<name>``, or the folder given directly if it is that data set already.

    Raises :class:`DataError` naming the place looked at and how to point elsewhere.
    """
    given = data_root(option)
    if given.name == name and given.is_dir():
        return given
    if (given / name).is_dir():
        return given / name
    raise DataError(
        f"data set {name!r} not found under {str(given)!r}; pass --data DIR or set "
        "PRESSLENS_DATA to the folder that holds ptc2020/, semeval2023-en/ and polnear/"
    )
