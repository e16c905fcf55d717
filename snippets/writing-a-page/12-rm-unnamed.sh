docker rm -f lucid_morse
