python3 check_engine.py
