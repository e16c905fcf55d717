docker run debian /bin/echo 'Goodbye'
