printf 'b\na\nb\n' | docker run --rm -i debian:trixie sort
