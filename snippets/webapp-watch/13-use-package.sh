cat >> app.py <<'END'


import humanize


@app.get("/count")
def count():
    with connect() as conn:
        (number,) = conn.execute("SELECT count(*) FROM notes").fetchone()
    return f"Notes so far: {humanize.apnumber(number)}.\n", TEXT
END
