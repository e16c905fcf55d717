python3 stop_and_remove.py
