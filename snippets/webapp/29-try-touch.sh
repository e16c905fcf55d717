docker run --rm -t webapp touch /app/notes.txt
