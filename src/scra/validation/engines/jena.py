"""Apache Jena SHACL (Debian's libapache-jena-java) through ``build/java/scra-shacl.jar``.

The jar is built by ``scripts/build-jena.sh`` at ``make install``. A long-lived JVM worker is started on
first use and reused (the ~1 s JVM start is paid once per process); ``SCRA_JENA_MODE=oneshot`` runs one JVM
per call. Turtle, N-Triples, N-Quads and TriG *files* go straight to Jena's parsers (the fast path for big
descriptions; Jena refuses foreign owl:imports as scra's reader does); JSON-LD and RDF/XML files are read
by scra's safe reader first (no remote contexts, no XML entities) and, like a description given as an
rdflib Graph, handed over as one N-Triples file. Shapes and closure given as Graphs are written once to a
cache file named by their content and reused while the same (unchanged) Graph object is passed.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from scra.errors import EngineError, RDFInputError
from scra.resources import _REPO
from scra.validation.input import Description, read_triples
from scra.vocab import XSD_NS

# Syntaxes (scra.formats names) Jena may parse directly from a file: no network, no entities.
_JENA_NATIVE = {"turtle": "ttl", "nt": "nt", "nquads": "nq", "trig": "trig"}
_MARKER = "#SCRA-END "


def jena_home() -> Path:
    """Where build-jena.sh put the jar, class path and CDS archive (SCRA_JENA_HOME overrides)."""
    return Path(os.environ.get("SCRA_JENA_HOME") or (_REPO / "build" / "java"))


# Inputs from this many bytes of description files on go to a JVM with the default JIT (C2) and the parallel
# collector: C1 + serial GC, best for the usual city (quick start, a quarter of the memory), made Jena 1.8x
# slower at 1M triples (issue 15), where the defaults take about 3.8 GB. SCRA_JENA_LARGE (bytes) overrides.
LARGE_INPUT = 20_000_000
_LARGE_OPTIONS = ["-Xss8m", "-XX:+UseParallelGC", "-Xlog:disable", "-Xlog:all=error:stderr"]


def large_input() -> int:
    return int(os.environ.get("SCRA_JENA_LARGE") or LARGE_INPUT)


def _jena_command(*args: str, large: bool = False) -> list[str]:
    home = jena_home()
    classpath_file = home / "classpath"
    java = shutil.which("java")
    if java is None:
        raise EngineError("engine 'jena': no 'java' on PATH (Debian: apt-get install default-jre-headless)")
    if not classpath_file.is_file() or not (home / "scra-shacl.jar").is_file():
        raise EngineError(
            f"engine 'jena': {home} is not built; run `make install` or scripts/build-jena.sh "
            "(needs Debian's libapache-jena-java and default-jdk-headless)"
        )
    # C1 only and the serial collector: measured 2-3x faster than the defaults (C2 + G1/Parallel) for one
    # validation on this 2-core machine, with a quarter of the memory; SCRA_JAVA_OPTS can override.
    options = (
        list(_LARGE_OPTIONS)
        if large
        else ["-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:disable", "-Xlog:all=error:stderr"]
    )
    archive = home / "scra-shacl.jsa"
    if archive.is_file():
        options.append(f"-XX:SharedArchiveFile={archive}")
    extra = os.environ.get("SCRA_JAVA_OPTS", "").split()
    return [java, *options, *extra, "-cp", classpath_file.read_text().strip(), "ScraShacl", *args]


def available() -> bool:
    """Whether java and the built runner are here."""
    try:
        _jena_command()
    except EngineError:
        return False
    return True


def _cache_dir() -> Path:
    directory = Path(tempfile.gettempdir()) / f"scra-engines-{os.getuid()}"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


_GRAPH_FILES: dict[int, tuple[Graph, int, Path]] = {}
_LOCK = threading.RLock()


def _graph_file(graph: Graph) -> Path:
    """An N-Triples file holding `graph`; written once per (object, size), named by content hash."""
    with _LOCK:
        known = _GRAPH_FILES.get(id(graph))
        if known and known[0] is graph and known[1] == len(graph) and known[2].is_file():
            return known[2]
        text = graph.serialize(format="nt", encoding="utf-8")
        path = _cache_dir() / f"g-{hashlib.sha256(text).hexdigest()[:24]}.nt"
        if not path.is_file():
            tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")  # processes may race here
            tmp.write_bytes(text)
            tmp.replace(path)
        if len(_GRAPH_FILES) > 16:
            _GRAPH_FILES.clear()
        _GRAPH_FILES[id(graph)] = (graph, len(graph), path)
        return path


def _file_for(item) -> Path:
    """Shapes or closure given as a Graph or a path: a file Jena can read."""
    if isinstance(item, Graph):
        return _graph_file(item)
    if isinstance(item, (str, os.PathLike)):
        return Path(item)
    raise TypeError("shapes and closure must be an rdflib Graph or one path")


def _data_files(description: Description, scratch: list[Path]) -> list[Path]:
    """The files Jena reads: native-syntax files as they are, everything else as one N-Triples file
    (parsed Triples and JSON-LD / RDF/XML files through pyoxigraph, so literals stay as written)."""
    files = [p for p in description.files if description.format_of(p).name in _JENA_NATIVE]
    others = [p for p in description.files if p not in files]
    body: bytes | None = None
    if description.triples is not None:
        body = description.triples.ntriples()
    elif description.graph is not None:
        body = description.graph.serialize(format="nt", encoding="utf-8")
    elif others:
        body = read_triples(others, description.explicit.name if description.explicit else None).ntriples()
    if body is not None:
        handle, name = tempfile.mkstemp(suffix=".nt", dir=_cache_dir())
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        scratch.append(Path(name))
        files.append(Path(name))
    return files


_XSD_STRING = XSD_NS + "string"


def _nt_to_graph(body: bytes) -> Graph:
    """N-Triples -> rdflib Graph; via pyoxigraph's parser (about 2x faster than rdflib's for big reports),
    into rdflib's context-free SimpleMemory store (adding is about twice as fast as the default store's)."""
    graph = Graph(store="SimpleMemory")
    cache: dict = {}

    def term(t):
        found = cache.get(t)
        if found is None:
            if isinstance(t, ox.NamedNode):
                found = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                found = BNode(t.value)
            elif t.language:
                found = Literal(t.value, lang=t.language, normalize=False)
            else:  # values as Jena reports them: an ill-typed "yes"^^xsd:boolean stays "yes"
                datatype = t.datatype.value
                found = Literal(
                    t.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype), normalize=False
                )
            cache[t] = found
        return found

    from scra.store.convert import quiet_rdflib

    try:
        with quiet_rdflib():
            graph.addN(
                (term(q.subject), term(q.predicate), term(q.object), graph)
                for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            )
    except SyntaxError as exc:
        raise EngineError(f"engine report is not valid N-Triples: {exc}") from None
    return graph


def _input_error(line: str, files: list[Path]) -> RDFInputError:
    """Turn Jena's 'FILE:LINE:COL: message' into RDFInputError."""
    for path in files:
        prefix = str(path) + ":"
        if line.startswith(prefix):
            match = re.match(r"(?:(\d+):)?(?:(\d+):)? ?(.*)$", line[len(prefix) :])
            assert match is not None  # the pattern matches any text
            row, col, message = match.group(1), match.group(2), match.group(3)
            return RDFInputError(str(path), message, int(row) if row else None, int(col) if col else None)
    return RDFInputError("input", line)


class _JenaWorker:
    """One long-lived JVM answering requests line by line (see ScraShacl.java)."""

    def __init__(self, large: bool = False) -> None:
        self.large = large
        self.proc: subprocess.Popen[bytes] | None = None
        self.stderr: IO[bytes] | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen[bytes]:
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            _jena_command("--worker", large=self.large),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            bufsize=1 << 16,
        )
        return self.proc

    def _stderr_tail(self) -> str:
        if self.stderr is None:
            return ""
        self.stderr.seek(0)
        return " ".join(self.stderr.read()[-800:].decode("utf-8", "replace").split())

    def request(self, fields: list[str]) -> tuple[str, bytes]:
        """Send one request; return (status line after the marker, report N-Triples)."""
        if any("\t" in f or "\n" in f for f in fields):
            raise EngineError("engine 'jena': file names with tabs or newlines are not supported")
        with self.lock:
            for attempt in (1, 2):
                proc = self.proc if self.proc is not None and self.proc.poll() is None else self._start()
                assert proc.stdin is not None and proc.stdout is not None  # both are pipes
                try:
                    proc.stdin.write(("\t".join(fields) + "\n").encode("utf-8"))
                    proc.stdin.flush()
                    chunks: list[bytes] = []
                    while True:
                        line = proc.stdout.readline()
                        if not line:  # the JVM exited; it may have said why on stdout (VM init errors)
                            raise BrokenPipeError(b"".join(chunks)[-800:].decode("utf-8", "replace"))
                        if line.startswith(_MARKER.encode()):
                            return line[len(_MARKER) :].decode("utf-8").rstrip("\n"), b"".join(chunks)
                        chunks.append(line)
                except (BrokenPipeError, OSError) as exc:
                    self.close()
                    tail = " ".join((self._stderr_tail() + " " + " ".join(map(str, exc.args))).split())
                    if attempt == 2:
                        raise EngineError(f"engine 'jena': the JVM worker died ({tail or 'no message'})") from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.proc is not None:
            try:
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.kill()
            self.proc = None


WORKER = _JenaWorker()
LARGE_WORKER = _JenaWorker(large=True)  # started only when a large input comes (see LARGE_INPUT)
atexit.register(WORKER.close)
atexit.register(LARGE_WORKER.close)


def _input_bytes(files: list[Path]) -> int:
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


def run(data: Description, shapes, closure, *, labels: bool = False, mode: str | None = None) -> tuple[Graph, str]:
    """Validate; return the report and Jena's timing line (``parse_ms=… validate_ms=… triples=… results=…``)."""
    mode = mode or os.environ.get("SCRA_JENA_MODE", "worker")
    scratch: list[Path] = []
    try:
        files = _data_files(data, scratch)
        options = ["--labels"] if labels else []
        if data.explicit is not None and data.explicit.name in _JENA_NATIVE:
            options.append(f"--format={_JENA_NATIVE[data.explicit.name]}")
        args = [*options, str(_file_for(shapes)), str(_file_for(closure)), *map(str, files)]
        if mode == "oneshot":
            large = _input_bytes(files) >= large_input()
            proc = subprocess.run(_jena_command("--timing", *args, large=large), capture_output=True)
            err = proc.stderr.decode("utf-8", "replace").strip()
            if proc.returncode == 2:
                raise _input_error(err.splitlines()[-1] if err else "", files)
            if proc.returncode != 0:
                raise EngineError(f"engine 'jena' failed (exit {proc.returncode}): {err[-800:]}")
            status, body = "0 " + (err.splitlines()[-1] if err else ""), proc.stdout
        else:
            worker = LARGE_WORKER if _input_bytes(files) >= large_input() else WORKER
            status, body = worker.request(args)
        code, _, detail = status.partition(" ")
        if code == "2":
            raise _input_error(detail, files)
        if code != "0":
            raise EngineError(f"engine 'jena' failed: {detail}")
        return _nt_to_graph(body), detail
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)
