"""scra's HTTP service (FastAPI): see `scra.http.app.create_app` and `scra serve`."""
