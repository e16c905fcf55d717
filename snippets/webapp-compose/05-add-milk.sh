curl -d text=buy+milk 127.0.0.1:8000/notes
