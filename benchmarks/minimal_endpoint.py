"""The floor Python's HTTP stack sets: a minimal FastAPI + pyoxigraph SPARQL endpoint (benchmarks/http.py).

    python benchmarks/minimal_endpoint.py STORE_DIR PORT
"""
import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # http.py here

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, Query
from fastapi.responses import Response

store = ox.Store.read_only(sys.argv[1])
app = FastAPI()
FORMATS = {"select": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
           "graph": (ox.RdfFormat.N_TRIPLES, "application/n-triples")}


@app.get("/sparql")
def sparql(query: str = Query(...)) -> Response:
    result = store.query(query, use_default_graph_as_union=True)
    fmt, media = FORMATS["graph" if isinstance(result, ox.QueryTriples) else "select"]
    return Response(result.serialize(format=fmt), media_type=media)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
