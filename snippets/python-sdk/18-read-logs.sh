python3 read_logs.py
