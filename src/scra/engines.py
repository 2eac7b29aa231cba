"""SHACL engines behind one small API.

    >>> from scra.engines import validate_with, available_engines
    >>> available_engines()                       # e.g. ["pyshacl", "jena", "pyrudof"]
    >>> report = validate_with("jena", ["city.ttl"], shapes_graph, closure_graph)   # rdflib.Graph (sh:ValidationReport)

Engines
- ``pyshacl``: the reference for correctness. Data graph = description + closure, no inference, advanced=True.
- ``jena``: Apache Jena SHACL (Debian's libapache-jena-java) through ``build/java/scra-shacl.jar``
  (built by ``scripts/build-jena.sh`` at ``make install``). A long-lived JVM worker is started on first use and
  reused (the ~1 s JVM start is paid once per process); ``SCRA_JENA_MODE=oneshot`` runs one JVM per call.
  Turtle, N-Triples, N-Quads and TriG *files* go straight to Jena's parsers (the fast path for big
  descriptions); JSON-LD and RDF/XML are read by scra's safe reader first (no remote contexts, no XML
  entities) and handed over as N-Triples. An rdflib Graph is handed over as N-Triples too.
- ``pyrudof``: rudof's Rust SHACL engine (PyPI ``pyrudof``, tried with 0.3.35), when installed. Turtle and
  N-Triples files are read by rudof itself; other syntaxes and Graphs go through scra's reader first.

Shapes and closure may be rdflib Graphs or paths. Graphs are written once to a cache file and reused as
long as the same (unchanged) Graph object is passed: treat them as immutable once handed over.
Bad input raises ``scra.rdfio.RDFInputError`` (file, line, column); anything else ``EngineError``.
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

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH, SKOS

from scra.rdfio import RDFInputError, format_for, read_rdf_files
from scra.resources import _REPO

ENGINES = ("pyshacl", "jena", "pyrudof")
DEFAULT_ENGINE = "pyshacl"  # kept for callers that want the reference; default_engine() picks the fast one

# rdflib format names (scra.rdfio) that Jena may parse directly from a file: no network, no entities.
_JENA_NATIVE = {"turtle": "ttl", "nt": "nt", "nquads": "nq", "trig": "trig"}
_MARKER = "#SCRA-END "


class EngineError(RuntimeError):
    """An engine is missing, misconfigured or failed (not a problem of the user's data)."""


# ------------------------------------------------------------------------------------------ discovery

def jena_home() -> Path:
    """Where build-jena.sh put the jar, class path and CDS archive (SCRA_JENA_HOME overrides)."""
    return Path(os.environ.get("SCRA_JENA_HOME") or (_REPO / "build" / "java"))


def _jena_command(*args: str) -> list[str]:
    home = jena_home()
    classpath_file = home / "classpath"
    java = shutil.which("java")
    if java is None:
        raise EngineError("engine 'jena': no 'java' on PATH (Debian: apt-get install default-jre-headless)")
    if not classpath_file.is_file() or not (home / "scra-shacl.jar").is_file():
        raise EngineError(f"engine 'jena': {home} is not built; run `make install` or scripts/build-jena.sh "
                          "(needs Debian's libapache-jena-java and default-jdk-headless)")
    # C1 only and the serial collector: measured 2-3x faster than the defaults (C2 + G1/Parallel) for one
    # validation on this 2-core machine, with a quarter of the memory; SCRA_JAVA_OPTS can override.
    options = ["-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:disable", "-Xlog:all=error:stderr"]
    archive = home / "scra-shacl.jsa"
    if archive.is_file():
        options.append(f"-XX:SharedArchiveFile={archive}")
    extra = os.environ.get("SCRA_JAVA_OPTS", "").split()
    return [java, *options, *extra, "-cp", classpath_file.read_text().strip(), "ScraShacl", *args]


def _pyrudof():
    try:
        import pyrudof  # noqa: F401
        return pyrudof
    except ImportError:
        return None


def default_engine() -> str:
    """$SCRA_ENGINE if set; else 'jena' when build/java is built (identical results, much faster); else 'pyshacl'."""
    chosen = os.environ.get("SCRA_ENGINE")
    if chosen:
        if chosen not in ENGINES:
            raise EngineError(f"SCRA_ENGINE={chosen!r} is not an engine (use one of: {', '.join(ENGINES)})")
        return chosen
    return "jena" if "jena" in available_engines() else "pyshacl"


def available_engines() -> list[str]:
    """Engines usable here, reference first."""
    found = ["pyshacl"]
    try:
        _jena_command()
        found.append("jena")
    except EngineError:
        pass
    if _pyrudof() is not None:
        found.append("pyrudof")
    return found


# ------------------------------------------------------------------------------------------ inputs

def _as_paths(data) -> list[Path] | None:
    if isinstance(data, (str, os.PathLike)):
        return [Path(data)]
    if isinstance(data, (list, tuple)) and all(isinstance(d, (str, os.PathLike)) for d in data):
        return [Path(d) for d in data]
    return None


def _as_graph(data, fmt: str | None = None) -> Graph:
    if isinstance(data, Graph):
        return data
    paths = _as_paths(data)
    if paths is None:
        raise TypeError("data must be an rdflib Graph, a path or a list of paths")
    return read_rdf_files(paths, fmt)


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
    paths = _as_paths(item)
    if paths is not None and len(paths) == 1:
        return paths[0]
    if isinstance(item, Graph):
        return _graph_file(item)
    raise TypeError("shapes and closure must be an rdflib Graph or one path")


def _jena_data_files(data, fmt: str | None, scratch: list[Path]) -> list[Path]:
    paths = _as_paths(data)
    if paths is None:
        graph = _as_graph(data)
        handle, name = tempfile.mkstemp(suffix=".nt", dir=_cache_dir())
        os.close(handle)
        graph.serialize(destination=name, format="nt", encoding="utf-8")
        scratch.append(Path(name))
        return [Path(name)]
    files = []
    for path in paths:
        if format_for(path, fmt) in _JENA_NATIVE:
            files.append(path)
            continue
        # JSON-LD / RDF/XML: scra's safe reader first, then N-Triples for Jena.
        graph = read_rdf_files([path], fmt)
        handle, name = tempfile.mkstemp(suffix=".nt", dir=_cache_dir())
        os.close(handle)
        graph.serialize(destination=name, format="nt", encoding="utf-8")
        scratch.append(Path(name))
        files.append(Path(name))
    return files


# ------------------------------------------------------------------------------------------ reports

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _nt_to_graph(body: bytes) -> Graph:
    """N-Triples -> rdflib Graph; via pyoxigraph's parser (about 2x faster than rdflib's for big reports),
    into rdflib's context-free SimpleMemory store (adding is about twice as fast as the default store's)."""
    graph = Graph(store="SimpleMemory")
    try:
        import pyoxigraph as ox
    except ImportError:
        graph.parse(data=body.decode("utf-8"), format="nt")
        return graph
    from rdflib import BNode, URIRef

    cache: dict = {}

    def term(t):
        found = cache.get(t)
        if found is None:
            if isinstance(t, ox.NamedNode):
                found = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                found = BNode(t.value)
            elif t.language:
                found = Literal(t.value, lang=t.language)
            else:
                datatype = t.datatype.value
                found = Literal(t.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
            cache[t] = found
        return found

    try:
        graph.addN((term(q.subject), term(q.predicate), term(q.object), graph)
                   for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise EngineError(f"engine report is not valid N-Triples: {exc}") from None
    return graph


# ------------------------------------------------------------------------------------------ Jena

def _input_error(line: str, files: list[Path], originals: dict[Path, str]) -> RDFInputError:
    """Turn Jena's 'FILE:LINE:COL: message' into RDFInputError."""
    for path in files:
        prefix = str(path) + ":"
        if line.startswith(prefix):
            rest = line[len(prefix):]
            match = re.match(r"(?:(\d+):)?(?:(\d+):)? ?(.*)$", rest)
            row, col, message = match.group(1), match.group(2), match.group(3)
            return RDFInputError(originals.get(path, str(path)), message,
                                 int(row) if row else None, int(col) if col else None)
    return RDFInputError("input", line)


class _JenaWorker:
    """One long-lived JVM answering requests line by line (see ScraShacl.java)."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.stderr = None
        self.lock = threading.Lock()

    def _start(self):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(_jena_command("--worker"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, bufsize=1 << 16)

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
                if self.proc is None or self.proc.poll() is not None:
                    self._start()
                try:
                    self.proc.stdin.write(("\t".join(fields) + "\n").encode("utf-8"))
                    self.proc.stdin.flush()
                    chunks = []
                    while True:
                        line = self.proc.stdout.readline()
                        if not line:  # the JVM exited; it may have said why on stdout (VM init errors)
                            raise BrokenPipeError(b"".join(chunks)[-800:].decode("utf-8", "replace"))
                        if line.startswith(_MARKER.encode()):
                            return line[len(_MARKER):].decode("utf-8").rstrip("\n"), b"".join(chunks)
                        chunks.append(line)
                except (BrokenPipeError, OSError) as exc:
                    self.close()
                    tail = " ".join((self._stderr_tail() + " " + " ".join(map(str, exc.args))).split())
                    if attempt == 2:
                        raise EngineError(f"engine 'jena': the JVM worker died ({tail or 'no message'})") from None
        raise AssertionError("unreachable")

    def close(self):
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.kill()
            self.proc = None


_WORKER = _JenaWorker()
atexit.register(_WORKER.close)


def _run_jena(data, shapes, closure, fmt: str | None, labels: bool, mode: str | None) -> tuple[Graph, str]:
    mode = mode or os.environ.get("SCRA_JENA_MODE", "worker")
    scratch: list[Path] = []
    try:
        originals: dict[Path, str] = {}
        files = _jena_data_files(data, fmt, scratch)
        explicit = fmt and format_for("x", fmt)
        options = ["--labels"] if labels else []
        if explicit and explicit in _JENA_NATIVE:
            options.append(f"--format={_JENA_NATIVE[explicit]}")
        args = [*options, str(_file_for(shapes)), str(_file_for(closure)), *map(str, files)]
        if mode == "oneshot":
            proc = subprocess.run(_jena_command("--timing", *args), capture_output=True)
            err = proc.stderr.decode("utf-8", "replace").strip()
            if proc.returncode == 2:
                raise _input_error(err.splitlines()[-1] if err else "", files, originals)
            if proc.returncode != 0:
                raise EngineError(f"engine 'jena' failed (exit {proc.returncode}): {err[-800:]}")
            status, body = "0 " + (err.splitlines()[-1] if err else ""), proc.stdout
        else:
            status, body = _WORKER.request(args)
        code, _, detail = status.partition(" ")
        if code == "2":
            raise _input_error(detail, files, originals)
        if code != "0":
            raise EngineError(f"engine 'jena' failed: {detail}")
        return _nt_to_graph(body), detail
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------ pySHACL

def _run_pyshacl(data, shapes, closure, fmt: str | None, labels: bool) -> Graph:
    import pyshacl

    description = _as_graph(data, fmt)
    graph = Graph()
    graph += description
    graph += closure if isinstance(closure, Graph) else read_rdf_files([closure])
    shapes_graph = shapes if isinstance(shapes, Graph) else read_rdf_files([shapes])
    _conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                                advanced=True, inplace=True, allow_warnings=True)
    if not isinstance(report, Graph):  # pyshacl returns a ValidationFailure for shapes it cannot run
        raise EngineError(f"engine 'pyshacl' failed: {' '.join(str(getattr(report, 'message', report)).split())[:800]}")
    if labels:
        _add_labels(report, graph)
    return report


def _add_labels(report: Graph, data: Graph) -> None:
    for focus in set(report.objects(None, SH.focusNode)):
        for prop in (RDFS.label, SKOS.prefLabel):
            for label in data.objects(focus, prop):
                if isinstance(label, Literal):
                    report.add((focus, prop, label))


# ------------------------------------------------------------------------------------------ pyrudof

def _run_pyrudof(data, shapes, closure, fmt: str | None, labels: bool) -> Graph:
    pyrudof = _pyrudof()
    if pyrudof is None:
        raise EngineError("engine 'pyrudof' is not installed (pip install pyrudof)")
    shapes_graph = shapes if isinstance(shapes, Graph) else read_rdf_files([shapes])
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    description = _as_graph(data, fmt) if _as_paths(data) is None or fmt else None
    scratch: list[Path] = []
    try:
        if description is not None:
            files = [_graph_file_tmp(description, scratch)]
        else:
            files = []
            for path in _as_paths(data):
                if format_for(path) in ("turtle", "nt"):
                    files.append(path)
                else:
                    files.append(_graph_file_tmp(read_rdf_files([path]), scratch))
        closure_file = _file_for(closure)
        rudof.read_data(str(closure_file), reader_mode=pyrudof.ReaderMode.Strict, merge=True,
                        format=pyrudof.RDFFormat.NTriples if closure_file.suffix == ".nt" else pyrudof.RDFFormat.Turtle)
        for path in files:
            rdf_format = pyrudof.RDFFormat.NTriples if path.suffix == ".nt" else pyrudof.RDFFormat.Turtle
            try:
                rudof.read_data(str(path), format=rdf_format, base=f"file:///{path.name}",
                                reader_mode=pyrudof.ReaderMode.Strict, merge=True)
            except Exception as exc:  # pyrudof.DataError etc.
                raise RDFInputError(str(path), " ".join(str(exc).split())[:500]) from None
        rudof.read_shacl(str(_graph_file(shapes_graph)), format=pyrudof.ShaclFormat.NTriples)
        rudof.validate_shacl()
        text = rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)
    except RDFInputError:
        raise
    except Exception as exc:
        raise EngineError(f"engine 'pyrudof' failed: {' '.join(str(exc).split())[:800]}") from None
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)
    report = _nt_to_graph(text.encode("utf-8"))
    if labels:
        _add_labels(report, description if description is not None else read_rdf_files(_as_paths(data)))
    return report


def _graph_file_tmp(graph: Graph, scratch: list[Path]) -> Path:
    handle, name = tempfile.mkstemp(suffix=".nt", dir=_cache_dir())
    os.close(handle)
    graph.serialize(destination=name, format="nt", encoding="utf-8")
    scratch.append(Path(name))
    return Path(name)


# ------------------------------------------------------------------------------------------ the API

def validate_with(engine: str, data, shapes_graph, closure_graph, *, input_format: str | None = None,
                  labels: bool = False, jena_mode: str | None = None) -> Graph:
    """Validate `data` (an rdflib Graph, a path or a list of paths) against `shapes_graph` with `engine`.

    The data graph is data + `closure_graph` (the KG's reference individuals and class hierarchy), with no
    inference. Returns the sh:ValidationReport as an rdflib Graph. With `labels=True` the rdfs:label and
    skos:prefLabel of every focus node are added to the report graph (so callers that passed paths need
    not parse big descriptions again just to name the focus nodes).
    """
    if engine == "pyshacl":
        return _run_pyshacl(data, shapes_graph, closure_graph, input_format, labels)
    if engine == "jena":
        return _run_jena(data, shapes_graph, closure_graph, input_format, labels, jena_mode)[0]
    if engine == "pyrudof":
        return _run_pyrudof(data, shapes_graph, closure_graph, input_format, labels)
    raise EngineError(f"unknown SHACL engine '{engine}' (use one of: {', '.join(ENGINES)})")


def run_engine(engine: str, description, shapes_graph, closure_graph) -> Graph:
    """Alias used by scra.validation."""
    return validate_with(engine, description, shapes_graph, closure_graph)


def top_results(report: Graph) -> list:
    """The report's top-level result nodes (objects of sh:result; nested sh:detail results excluded)."""
    return list(report.objects(None, SH.result))


def result_key_set(report: Graph) -> set[tuple]:
    """Comparable result set: (focusNode, sourceShape, severity, resultPath, value) for every result.

    Only top-level results (objects of sh:result) count: pySHACL also types the nested results it puts
    under sh:detail as sh:ValidationResult, Jena does not emit sh:detail. Blank nodes (complex paths,
    blank-node shapes or values) become the marker '_:'.
    """
    from rdflib import BNode

    def norm(term):
        if term is None:
            return None
        return "_:" if isinstance(term, BNode) else term.n3()

    keys = set()
    for node in report.objects(None, SH.result):
        keys.add(tuple(norm(report.value(node, p)) for p in
                       (SH.focusNode, SH.sourceShape, SH.resultSeverity, SH.resultPath, SH.value)))
    return keys
