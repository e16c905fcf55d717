sed -i 's/Hello from Docker!/Hello again!/' app.py
