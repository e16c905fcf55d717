docker cp greeter:/app/app.py app-in-container.py
