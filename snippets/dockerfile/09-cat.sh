cat output/greetings.txt
