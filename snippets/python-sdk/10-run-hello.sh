python3 run_hello.py
