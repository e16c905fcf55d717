diff app-in-container.py app.py
