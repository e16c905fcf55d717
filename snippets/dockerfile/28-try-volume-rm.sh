docker volume rm greetings
