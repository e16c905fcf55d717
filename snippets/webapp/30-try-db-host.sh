docker run --rm -e DB_HOST=127.0.0.1 webapp python -c 'from app import app; print(app.test_client().get("/").text)'
