docker run --rm webapp touch /app/notes.txt
