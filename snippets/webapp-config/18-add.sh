curl -d text=hello 127.0.0.1:8000/notes
