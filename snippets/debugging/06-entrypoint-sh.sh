docker run --rm -it --entrypoint sh greeter
