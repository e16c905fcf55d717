docker cp peek:/app/app.py peek.py
