chmod +x entrypoint.sh
