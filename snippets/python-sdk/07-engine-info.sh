python3 engine_info.py
