python3 run_detached.py
