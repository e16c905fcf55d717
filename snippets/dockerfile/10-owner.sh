ls -ld output output/greetings.txt
