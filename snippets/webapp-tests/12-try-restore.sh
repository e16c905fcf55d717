mv app.py.bak app.py
