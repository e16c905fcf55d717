import os

import psycopg
from flask import Flask, request

app = Flask(__name__)


def password():
    """The database password: from the file POSTGRES_PASSWORD_FILE names, else the variable."""
    path = os.environ.get("POSTGRES_PASSWORD_FILE")
    if path:
        with open(path) as file:
            return file.read().strip()
    return os.environ["POSTGRES_PASSWORD"]


def connect():
    return psycopg.connect(
        host=os.environ.get("DB_HOST", "localhost"),
        user=os.environ.get("POSTGRES_USER", "postgres"),
        dbname=os.environ.get("POSTGRES_DB", "postgres"),
        password=password(),
    )


@app.get("/")
def list_notes():
    with connect() as conn:
        rows = conn.execute("SELECT id, text FROM notes ORDER BY id").fetchall()
    count = f"{len(rows)} note" if len(rows) == 1 else f"{len(rows)} notes"
    lines = [count] + [f"{id}: {text}" for id, text in rows]
    return "\n".join(lines) + "\n", {"Content-Type": "text/plain"}


@app.post("/notes")
def add_note():
    text = request.form["text"]
    with connect() as conn:
        (id,) = conn.execute("INSERT INTO notes (text) VALUES (%s) RETURNING id", (text,)).fetchone()
    return f"added note {id}\n", 201, {"Content-Type": "text/plain"}


@app.get("/health")
def health():
    return "ok\n", {"Content-Type": "text/plain"}
