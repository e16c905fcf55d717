import os

import pytest
from app import app, connect


@pytest.fixture(scope="session")
def database():
    """The database named by DB_HOST (Compose sets it), else a new PostgreSQL of the tests' own."""
    if "DB_HOST" in os.environ:
        yield
        return
    from testcontainers.community.postgres import PostgresContainer

    with PostgresContainer("postgres:17") as pg, pytest.MonkeyPatch.context() as env:
        env.setenv("DB_HOST", pg.get_container_host_ip())
        env.setenv("PGPORT", str(pg.get_exposed_port(5432)))
        env.setenv("POSTGRES_USER", pg.username)
        env.setenv("POSTGRES_PASSWORD", pg.password)
        env.setenv("POSTGRES_DB", pg.dbname)
        yield


@pytest.fixture
def client(database):
    """Flask's test client for the app, with an empty notes table."""
    with connect() as conn:
        conn.execute("TRUNCATE notes RESTART IDENTITY")
    return app.test_client()
