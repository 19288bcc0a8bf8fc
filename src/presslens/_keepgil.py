"""Keep the GIL through spaCy's transition loop on CPython < 3.12 (same parse, ~25% less CPU).

spaCy's wheels for CPython < 3.12 are compiled with Cython's ``profile``
directive (its ``setup.py``: ``"profile": sys.version_info < (3, 12)``).
What is left of those hooks in its ``nogil`` helpers is a
``PyGILState_Ensure()`` / ``PyGILState_Release()`` pair on every call
(``StateC::safe_get`` is one: ``objdump -d`` shows the two calls around
its three instructions). The parser and the NER run their whole transition
loop inside ``with nogil`` (``Parser.greedy_parse``, the one ``nogil`` block
in spaCy), so each of those calls takes the GIL and gives it back, several
hundred thousand times per article: ``perf`` put ~21% of a parse's CPU in
``take_gil``/``drop_gil`` and the mutexes under them.

This module makes that ``with nogil`` keep the GIL: in the
``spacy.pipeline.transition_parser`` extension only, the two imported
functions that release and re-take it (``PyEval_SaveThread`` and
``PyEval_RestoreThread``, called through the module's global offset table)
are pointed at ``PyThreadState_Get`` (returns the current thread state,
releases nothing) and ``PyThreadState_GetID`` (reads, changes nothing).
``PyGILState_Ensure`` then finds the GIL already held by the thread and
only counts. The parse itself is untouched (same Docs; see
``tests/test_parse.py``). The cost: other Python threads of the process
cannot run while a parser or NER step loop runs (about half of a parse),
as during any other Python code.

Applied once, when :func:`presslens.nlp.load_spacy` loads the model, and
only where it can be checked: Linux, ELF64 little-endian on x86-64 or
aarch64, CPython 3.8-3.11, and both table slots holding what the dynamic
linker put there (the real functions or their not yet resolved stubs);
otherwise nothing is written. ``PRESSLENS_SPACY_KEEP_GIL=0`` switches it
off. Not done on CPython >= 3.12, whose spaCy wheels have no such hooks.
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import os
import struct
import sys
from dataclasses import dataclass
from types import ModuleType

__all__ = ["ENV", "GilPatch", "keep_gil_in_spacy_parser"]

log = logging.getLogger(__name__)

#: Set to ``0`` to leave spaCy's parser as it is.
ENV = "PRESSLENS_SPACY_KEEP_GIL"

#: Imported function -> the function it is pointed at.
REPLACEMENTS = {
    "PyEval_SaveThread": "PyThreadState_Get",
    "PyEval_RestoreThread": "PyThreadState_GetID",
}

_MACHINES = {62: (6, 7), 183: (1025, 1026)}  # e_machine: (GLOB_DAT, JUMP_SLOT) relocation types
_SHT_RELA = 4
_PROT = {"r": mmap.PROT_READ, "w": mmap.PROT_WRITE, "x": mmap.PROT_EXEC}


@dataclass
class GilPatch:
    """Table slots rewritten in one extension module, with their old values (for :meth:`undo`)."""

    path: str
    slots: dict[int, tuple[int, int]]  # address -> (original value, new value)

    def undo(self) -> None:
        """Put the original pointers back (tests compare parses with and without)."""
        for address, (old, _) in self.slots.items():
            _write_pointer(address, old)

    def redo(self) -> None:
        for address, (_, new) in self.slots.items():
            _write_pointer(address, new)

    @property
    def active(self) -> bool:
        return all(_read_pointer(a) == new for a, (_, new) in self.slots.items())


_applied: GilPatch | None = None


def keep_gil_in_spacy_parser() -> GilPatch | None:
    """Apply the patch to ``spacy.pipeline.transition_parser`` once; None where not applied."""
    global _applied
    if _applied is not None:
        return _applied
    if os.environ.get(ENV, "").strip() == "0":
        log.debug("%s=0: spaCy's parser releases the GIL as built", ENV)
        return None
    if not (sys.platform.startswith("linux") and (3, 8) <= sys.version_info[:2] < (3, 12)):
        return None
    if sys.implementation.name != "cpython":
        return None
    try:
        import importlib

        transition_parser = importlib.import_module("spacy.pipeline.transition_parser")
    except ImportError:
        return None
    try:
        _applied = _patch(transition_parser)
    except (OSError, ValueError, struct.error) as exc:
        log.debug("spaCy's parser left as built: %s", exc)
        return None
    return _applied


def _patch(module: ModuleType) -> GilPatch | None:
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".so"):
        return None
    with open(path, "rb") as f:
        data = f.read()
    offsets = _relocations(data, set(REPLACEMENTS))
    if set(offsets) != set(REPLACEMENTS):
        log.debug("%s does not import %s through its table", path, ", ".join(REPLACEMENTS))
        return None
    mapped = _mappings(path)
    base = min((start for start, _, _, offset in mapped if offset == 0), default=None)
    if base is None:
        return None
    start, end = min(m[0] for m in mapped), max(m[1] for m in mapped)
    slots: dict[int, tuple[int, int]] = {}
    for name, addresses in offsets.items():
        real, new = _function(name), _function(REPLACEMENTS[name])
        for offset in addresses:
            address = base + offset
            old = _read_pointer(address)
            if old != real and not start <= old < end:  # neither bound nor a lazy stub
                log.debug("%s: slot of %s holds %#x, not %#x", path, name, old, real)
                return None
            slots[address] = (real, new)
    patch = GilPatch(path, slots)
    patch.redo()
    log.debug("spaCy's parser keeps the GIL in its transition loop (%d slots)", len(slots))
    return patch


def _relocations(data: bytes, names: set[str]) -> dict[str, list[int]]:
    """Offsets of the table slots through which the ELF file ``data`` imports ``names``."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian ELF64 file")
    (machine,) = struct.unpack_from("<H", data, 0x12)
    if machine not in _MACHINES:
        raise ValueError(f"ELF machine {machine} not supported")
    kinds = _MACHINES[machine]
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    found: dict[str, list[int]] = {}
    for _, kind, _, _, offset, size, link, _, _, _ in sections:
        if kind != _SHT_RELA:
            continue
        symtab = sections[link]
        strtab = sections[symtab[6]]
        for j in range(size // 24):
            r_offset, r_info, _ = struct.unpack_from("<QQq", data, offset + 24 * j)
            if r_info & 0xFFFFFFFF not in kinds:
                continue
            (st_name,) = struct.unpack_from("<I", data, symtab[4] + 24 * (r_info >> 32))
            at = strtab[4] + st_name
            name = data[at : data.index(b"\0", at)].decode("ascii", "replace")
            if name in names:
                found.setdefault(name, []).append(r_offset)
    return found


def _mappings(path: str) -> list[tuple[int, int, str, int]]:
    """(start, end, permissions, file offset) of this process's mappings of ``path``."""
    real = os.path.realpath(path)
    out = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            if len(parts) >= 6 and parts[5] == real:
                lo, hi = (int(x, 16) for x in parts[0].split("-"))
                out.append((lo, hi, parts[1], int(parts[2], 16)))
    return out


def _function(name: str) -> int:
    address = ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value
    if not address:
        raise ValueError(f"{name} not found")
    return address


def _read_pointer(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


def _write_pointer(address: int, value: int) -> None:
    """Write one pointer, lifting the page's read-only protection (RELRO) for the write."""
    page = address & ~(mmap.PAGESIZE - 1)
    perms = _permissions(address)
    if "w" in perms:
        ctypes.c_void_p.from_address(address).value = value
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    before = sum(_PROT[p] for p in perms if p in _PROT)
    if libc.mprotect(page, mmap.PAGESIZE, mmap.PROT_READ | mmap.PROT_WRITE) != 0:
        raise OSError(ctypes.get_errno(), "mprotect failed")
    try:
        ctypes.c_void_p.from_address(address).value = value
    finally:
        libc.mprotect(page, mmap.PAGESIZE, before)


def _permissions(address: int) -> str:
    with open("/proc/self/maps") as maps:
        for line in maps:
            span, perms = line.split()[:2]
            lo, hi = (int(x, 16) for x in span.split("-"))
            if lo <= address < hi:
                return perms
    raise ValueError(f"address {address:#x} is not mapped")

