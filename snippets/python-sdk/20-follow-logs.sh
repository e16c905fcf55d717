python3 follow_logs.py
