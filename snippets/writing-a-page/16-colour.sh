docker run --rm -t debian ls --color=auto /
