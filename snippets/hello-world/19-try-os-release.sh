docker run --rm debian cat /etc/os-release
