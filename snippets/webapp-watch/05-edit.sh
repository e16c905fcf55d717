cat >> app.py <<'END'


@app.get("/hello")
def hello():
    return "Hello from the code Compose Watch copied in!\n", TEXT
END
