docker inspect --format '{{.State.ExitCode}}' greeter
