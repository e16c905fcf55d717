sed -i 's/Hello from a well-built image!/Hello again!/' app.py
