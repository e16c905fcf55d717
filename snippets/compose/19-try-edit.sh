sed -i.bak 's/Hello from Docker!/Hello again!/' app.py && rm app.py.bak
