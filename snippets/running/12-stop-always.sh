docker stop always
