sed -i.bak 's/version 1/version 2/' app.py && rm app.py.bak
