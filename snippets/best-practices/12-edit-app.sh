sed -i.bak 's/Hello from a well-built image!/Hello again!/' app.py && rm app.py.bak
