docker build --progress=plain -t webapp .
