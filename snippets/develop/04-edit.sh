sed -i 's/version 1/version 2/' app.py
