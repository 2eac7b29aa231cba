"""A process killed in the middle of storing a city leaves the previous version intact (embedded store)."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from scra.store import EmbeddedStore, city_graph

WRITER = textwrap.dedent("""
    import sys
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS
    from scra.store import EmbeddedStore
    import scra.store.embedded as embedded

    store = EmbeddedStore(sys.argv[1])
    real = embedded.EmbeddedStore._update

    def announced(self, sparql, **kw):
        print("UPDATING", flush=True)
        return real(self, sparql, **kw)

    embedded.EmbeddedStore._update = announced
    # the storing path of `scra load`: a Turtle file read with pyoxigraph (Triples), types completed, one
    # sorted INSERT DATA transaction
    from scra.validation.input import read_triples
    path = sys.argv[1] + ".v2.ttl"
    with open(path, "w") as out:
        out.write("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\\n")
        for i in range(int(sys.argv[2])):
            out.write(f'<https://example.org/v2/r{i}> rdfs:label "v2 {i}" .\\n')
    store.put_city("demo", read_triples([path]), label="v2")
    print("DONE", flush=True)
""")


@pytest.mark.live  # a real writer process, killed with SIGKILL
@pytest.mark.parametrize("delay", [0.1, 1.0])  # early in the transaction, and well into it
def test_kill_during_put_keeps_previous_version(tmp_path, embedded_template, delay):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    path = tmp_path / "store"
    shutil.copytree(embedded_template, path)
    store = EmbeddedStore(path)
    v1 = Graph()
    for i in range(100):
        v1.add((URIRef(f"https://example.org/v1/r{i}"), RDFS.label, Literal(f"v1 {i}")))
    store.put_city("demo", v1, label="v1")
    store.close()
    del store

    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "200000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline().strip()
    if first != "UPDATING":
        proc.wait(30)
        pytest.fail(f"the writer did not reach its update: {proc.stderr.read()[-2000:]}")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)

    store = EmbeddedStore(path)
    try:
        (city,) = store.cities()
        n = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{city_graph('demo')}> {{ ?s ?p ?o }} }}"))[0]["n"]
        # either the old version, whole, or (if the commit won the race) the new one, whole
        assert (city["label"], city["triples"], n) in {("v1", 100, 100), ("v2", 200000, 200000)}
        assert city["label"] == "v1", "the writer committed before it was killed: make the city bigger"
    finally:
        store.close()
