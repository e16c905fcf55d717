docker cp app.py greeter:/app/app.py
