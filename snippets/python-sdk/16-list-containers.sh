python3 list_containers.py
