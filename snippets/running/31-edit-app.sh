sed -i.bak 's/Hello from/Hello again from/' app.py && rm app.py.bak
