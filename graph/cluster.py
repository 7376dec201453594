"""Extraction on a Dask distributed cluster (``chainkg build --scheduler tcp://HOST:PORT``).

The machine running ``chainkg build`` (the client) reads every input file and sends its
bytes with the task, so the workers need no access to the input folder; they need the same
chainkg installed (``pip install 'chainkg[dask]'``). A worker writes the bytes to a private
temporary folder under the file's own name and runs the same :func:`graph.extract.extract_file`
as a local build, so the records, and the output, are byte for byte those of a local build;
a worker whose extractor version differs from the client's is an error. Records come back
as JSON; the client writes the cache, merges and exports.

An unreachable scheduler (after ``CHAINKG_SCHEDULER_TIMEOUT`` seconds, default 10), or one
without workers, is a :class:`graph.build.BuildError`, never a silent fallback to local
extraction.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path

from .build import BuildError, _extractor_version, extract_json

__all__ = ["ClusterRunner", "extract_remote"]


def extract_remote(batch: list[tuple[str, bytes]], max_bytes: int) -> tuple[str, list[bytes]]:
    """Run on a worker: extract files given as ``(name, bytes)``; returns the extractor
    version and the records as JSON."""
    out = []
    with tempfile.TemporaryDirectory(prefix="chainkg-") as tmp:
        for i, (name, data) in enumerate(batch):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            path = folder / name
            path.write_bytes(data)
            out.append(extract_json(str(path), name, max_bytes))
    return _extractor_version(), out


class ClusterRunner:
    """Extraction on the Dask cluster at ``address``; same interface as ``build.LocalRunner``."""

    def __init__(self, address: str, max_bytes: int, timeout: float | None = None, wait_workers: float = 30):
        try:
            from distributed import Client
        except ImportError:
            raise BuildError("--scheduler needs Dask: pip install 'chainkg[dask]'") from None
        self.address, self.max_bytes = address, max_bytes
        if timeout is None:
            timeout = float(os.environ.get("CHAINKG_SCHEDULER_TIMEOUT", "10"))
        try:
            # ask the scheduler who it is first: a Client that fails half-way through its
            # constructor hangs for twice its timeout when it is collected
            # (in a thread of its own: the caller may be running an event loop, as Jupyter does)
            with ThreadPoolExecutor(1) as probe:
                identity = probe.submit(asyncio.run, _identity(address, timeout)).result()
            if identity.get("type") != "Scheduler":
                raise OSError(f"{identity.get('type') or 'something else'} answered, not a scheduler")
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address …
            raise BuildError(f"cannot reach the Dask scheduler at {address}: {_one_line(exc)}") from None
        try:
            self.client.wait_for_workers(1, timeout=wait_workers)
        except Exception:
            self.client.close()
            raise BuildError(f"the Dask scheduler at {address} has no workers (start some with: dask worker {address})") from None

    def start(self, items: list[tuple[str, str]]) -> Iterator[bytes]:
        """Send the first files now; the iterator yields records (JSON) as they finish."""
        from distributed import as_completed

        version = _extractor_version()
        local: list[tuple[str, str]] = []
        remote: list[tuple[str, str]] = []
        for path, source in items:
            try:
                big = Path(path).stat().st_size > self.max_bytes
            except OSError:
                big = True
            (local if big else remote).append((path, source))
        threads = max(1, sum(self.client.nthreads().values()))
        size = max(1, min(16, len(remote) // (threads * 8)))
        batches = iter([remote[i:i + size] for i in range(0, len(remote), size)])

        def submit(batch):
            payload = []
            for path, source in batch:
                try:
                    payload.append((source, Path(path).read_bytes()))
                except OSError:
                    local.append((path, source))  # reported by a local extraction
            return self.client.submit(extract_remote, payload, self.max_bytes, pure=False)

        pending = as_completed([submit(b) for b in islice(batches, threads * 4)], loop=self.client.loop,
                               with_results=True, raise_errors=False)

        def results():
            for fut, result in pending:
                if fut.status == "error":
                    raise BuildError(f"extraction failed on the Dask cluster: {_one_line(result)}")
                theirs, records = result
                if theirs != version:
                    raise BuildError(f"a Dask worker runs extractor version {theirs}, this machine {version}:"
                                     " install the same chainkg on the workers")
                for b in islice(batches, 1):
                    pending.add(submit(b))
                yield from records
            for path, source in local:
                yield extract_json(path, source, self.max_bytes)
        return results()

    def close(self) -> None:
        self.client.close()


async def _identity(address: str, timeout: float) -> dict:
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    try:
        await comm.write({"op": "identity"})
        reply = await asyncio.wait_for(comm.read(), timeout)
    finally:
        await comm.close()
    return reply if isinstance(reply, dict) else {}


def _one_line(exc) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())
