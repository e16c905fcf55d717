stat -c '%U:%G %n' output output/greetings.txt
