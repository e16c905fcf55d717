python3 pull_image.py
