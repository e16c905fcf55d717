docker build --progress=plain -t webapp . 2>&1 | grep -E 'Downloading|Using cached'
