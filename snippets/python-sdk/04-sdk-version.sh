python3 -c 'import docker; print(docker.__version__)'
