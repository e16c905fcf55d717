docker volume create notes
