python3 prune_stopped.py
