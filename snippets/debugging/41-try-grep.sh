grep 'HOST, PORT' peek.py
