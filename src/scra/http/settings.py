"""Service settings: command-line flags override environment variables, which override defaults.

    SCRA_STORE          directory of the embedded store (default ./data/store)
    SCRA_ENDPOINT       URL of a remote SPARQL 1.1 store instead (Oxigraph server, Fuseki, GraphDB, Virtuoso)
    SCRA_TOKEN          bearer token for writes; unset = writes disabled (403)
    SCRA_QUERY_TIMEOUT  seconds for a query or a validation (default 10); past it: 503
    SCRA_MAX_BODY       largest request body in bytes (default 10 MB); past it: 413
    SCRA_RESULT_LIMIT   most rows a SELECT returns (default: no limit)
    SCRA_CORS_ORIGINS   comma-separated origins allowed on the read endpoints (default "*"; "" turns CORS off)
    SCRA_QUERY_WORKERS  most worker processes for /sparql queries on the embedded store (default 4; 0 runs
                        them in threads, which cannot be stopped at the time limit)
    SCRA_HEAVY_QUERIES  most queries running longer than 0.5 s at once (default: CPUs - 1, at least 1); past it: 503

The store is chosen by the rule of :mod:`scra.services.stores`, as for every command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from scra.services import StoreChoice, choose_store


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value else None


def _default(value: int | None, default: int) -> int:
    return default if value is None else value


@dataclass(frozen=True)
class Settings:
    store_dir: str | None = None
    endpoint: str | None = None
    token: str | None = None
    query_timeout: float = 10.0
    max_body: int = 10 * 1024 * 1024
    result_limit: int | None = None
    cors_origins: tuple[str, ...] = field(default=("*",))
    query_workers: int = 4
    heavy_queries: int | None = None

    @property
    def store(self) -> StoreChoice:
        return choose_store(self.store_dir, self.endpoint)

    @classmethod
    def from_env(cls, store_dir: str | None = None, endpoint: str | None = None, **overrides) -> Settings:
        """Settings from the environment; keyword arguments that are not None (flags) win."""
        origins = os.environ.get("SCRA_CORS_ORIGINS", "*")
        store = choose_store(store_dir, endpoint)
        settings = cls(
            store_dir=store.store_dir,
            endpoint=store.endpoint,
            token=os.environ.get("SCRA_TOKEN") or None,
            query_timeout=_float("SCRA_QUERY_TIMEOUT", 10.0),
            max_body=_int("SCRA_MAX_BODY") or 10 * 1024 * 1024,
            result_limit=_int("SCRA_RESULT_LIMIT"),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            query_workers=_default(_int("SCRA_QUERY_WORKERS"), 4),  # 0: queries run in threads
            heavy_queries=_int("SCRA_HEAVY_QUERIES"),
        )
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

    def to_env(self) -> dict[str, str]:
        """The environment that rebuilds these settings in a worker process (uvicorn --workers)."""
        env = {
            "SCRA_QUERY_TIMEOUT": str(self.query_timeout),
            "SCRA_MAX_BODY": str(self.max_body),
            "SCRA_CORS_ORIGINS": ",".join(self.cors_origins),
            "SCRA_QUERY_WORKERS": str(self.query_workers),
        }
        if self.heavy_queries is not None:
            env["SCRA_HEAVY_QUERIES"] = str(self.heavy_queries)
        for key, value in (
            ("SCRA_STORE", self.store_dir),
            ("SCRA_ENDPOINT", self.endpoint),
            ("SCRA_TOKEN", self.token),
            ("SCRA_RESULT_LIMIT", self.result_limit),
        ):
            if value is not None:
                env[key] = str(value)
        return env
