"""A web worker's memory once its app is loaded (issue 17: a worker under 150 MB).

``settle()`` is what gunicorn.conf.py's ``post_worker_init`` runs after the app is built (packs, flows, texts, the
model): one full collection, then everything made so far leaves the collector's generations (``gc.freeze``: a
later full collection does not walk it again, bench/README.md session 11), then the C allocator gives back to the
system what the start-up freed (glibc's ``malloc_trim``: the YAML read, the word lists' and patterns' working
copies, the model's loading arrays leave free pages at the top and in the middle of the heap that glibc keeps
otherwise). Nothing the app uses is dropped; on a C library without ``malloc_trim`` (musl, macOS) that step is
skipped. bench/memory.py measures it.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc


def _malloc_trim() -> bool:
    """Free heap pages returned to the system; False where the C library has no ``malloc_trim``."""
    name = ctypes.util.find_library("c")
    try:
        trim = getattr(ctypes.CDLL(name), "malloc_trim")
    except (OSError, AttributeError, TypeError):
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True


def settle() -> None:
    """Collect, freeze what lives as long as the worker, and give the freed heap back (module docstring)."""
    gc.collect()
    gc.freeze()
    _malloc_trim()
