sed -i.bak 's/"127.0.0.1"/"0.0.0.0"/' app.py && rm app.py.bak
