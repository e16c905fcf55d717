python3 list_images.py
