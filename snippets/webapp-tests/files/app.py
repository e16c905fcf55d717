import os

import psycopg
from flask import Flask, request

VERSION = os.environ.get("APP_VERSION", "dev")
TEXT = {"Content-Type": "text/plain; charset=utf-8"}

app = Flask(__name__)
print(f"notes {VERSION}: keeping notes in PostgreSQL on {os.environ.get('DB_HOST', 'db')}")


def password():
    """From the file POSTGRES_PASSWORD_FILE names (a secret), else from POSTGRES_PASSWORD."""
    path = os.environ.get("POSTGRES_PASSWORD_FILE")
    if path:
        with open(path, encoding="utf-8") as file:
            return file.read().rstrip("\n")
    return os.environ.get("POSTGRES_PASSWORD", "")


def connect():
    """A new connection for each request, made when a request needs one."""
    user = os.environ.get("POSTGRES_USER", "postgres")
    conn = psycopg.connect(
        host=os.environ.get("DB_HOST", "db"),
        user=user,
        dbname=os.environ.get("POSTGRES_DB", user),
        password=password(),
        connect_timeout=5,
    )
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, text text NOT NULL)")
    return conn


@app.get("/health")
def health():
    return "ok\n", TEXT


@app.get("/")
def list_notes():
    with connect() as conn:
        texts = [text for (text,) in conn.execute("SELECT text FROM notes ORDER BY id")]
    lines = [f"{len(texts)} note{'' if len(texts) == 1 else 's'}"]
    lines += [f"{number}. {text}" for number, text in enumerate(texts, start=1)]
    return "\n".join(lines) + "\n", TEXT


@app.post("/notes")
def add_note():
    text = request.form.get("text", "").strip()
    if not text:
        return "Send the note as the form field 'text'.\n", 400, TEXT
    with connect() as conn:
        conn.execute("INSERT INTO notes (text) VALUES (%s)", (text,))
    print(f"added a note: {text}")
    return f"added: {text}\n", 201, TEXT


@app.errorhandler(psycopg.OperationalError)
def database_unavailable(error):
    return f"The database is not available: {error}\n", 503, TEXT
